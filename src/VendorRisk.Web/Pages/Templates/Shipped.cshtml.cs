using Microsoft.AspNetCore.Mvc;
using VendorRisk.Application.Templates;
using VendorRisk.Infrastructure.Questionnaires;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Templates;

/// <summary>A shipped template, read-only: preview, export, and (for managers) clone from the library page.</summary>
public sealed class ShippedModel(TemplateQueries queries, TenantContext tenant) : TemplatePageBase
{
    public ShippedTemplate Template { get; private set; } = null!;

    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(string key)
    {
        var template = await queries.ShippedAsync(key);
        if (!template.Succeeded) return Refused(template) ?? NotFound();
        Template = template.Value!;
        return Page();
    }

    public async Task<IActionResult> OnGetExportJsonAsync(string key) => Exported(await queries.ExportShippedAsync(key, TemplateFileFormat.Json));

    public async Task<IActionResult> OnGetExportXlsxAsync(string key) => Exported(await queries.ExportShippedAsync(key, TemplateFileFormat.Xlsx));

    private IActionResult Exported(Application.Common.Outcome<TemplateFile> file) => file.Succeeded ? Download(file.Value!) : Refused(file) ?? NotFound();
}
