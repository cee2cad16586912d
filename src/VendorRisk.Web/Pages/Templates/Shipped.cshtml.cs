using System.Text;
using Microsoft.AspNetCore.Mvc;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Infrastructure.Questionnaires;
using VendorRisk.Infrastructure.Questionnaires.Spreadsheets;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Templates;

/// <summary>A shipped template, read-only: preview, export, and (for managers) clone from the library page.</summary>
public sealed class ShippedModel(ShippedTemplates shipped, TenantContext tenant) : TemplatePageBase
{
    public ShippedTemplate Template { get; private set; } = null!;

    public string Slug => tenant.Slug!;

    public IActionResult OnGet(string key)
    {
        if (shipped.Find(key) is not { } template) return NotFound();
        Template = template;
        return Page();
    }

    public IActionResult OnGetExportJson(string key) => shipped.Find(key) is { } t
        ? File(Encoding.UTF8.GetBytes(QuestionnaireJson.Serialize(t.Definition)), JsonContentType, FileName(t.Key, t.Version, "json"))
        : NotFound();

    public IActionResult OnGetExportXlsx(string key) => shipped.Find(key) is { } t
        ? File(QuestionnaireSpreadsheet.ExportXlsx(t.Definition), XlsxContentType, FileName(t.Key, t.Version, "xlsx"))
        : NotFound();
}
