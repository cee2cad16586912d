using Microsoft.AspNetCore.Mvc;
using VendorRisk.Application.Templates;
using VendorRisk.Domain.Questionnaires.Versioning;
using VendorRisk.Infrastructure.Questionnaires;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Templates;

/// <summary>
/// A shipped template, read-only: preview, export, and (for managers) clone from the library page. When a key ships in
/// several versions the page shows the latest and can list what changed since an earlier one (<c>?changesFrom=1.0.0</c>).
/// </summary>
public sealed class ShippedModel(TemplateQueries queries, TenantContext tenant) : TemplatePageBase
{
    public ShippedTemplate Template { get; private set; } = null!;

    /// <summary>Older shipped versions of the same key, newest first.</summary>
    public IReadOnlyList<ShippedTemplate> Earlier { get; private set; } = [];

    /// <summary>An earlier version to list the changes from; ignored unless it is one of <see cref="Earlier"/>.</summary>
    [BindProperty(SupportsGet = true)] public string? ChangesFrom { get; set; }

    public ShippedTemplate? From { get; private set; }

    public QuestionnaireDiffResult? Diff { get; private set; }

    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(string key)
    {
        var history = await queries.ShippedHistoryAsync(key, ChangesFrom);
        if (!history.Succeeded) return Refused(history) ?? NotFound();
        (Template, Earlier, From, Diff) = (history.Value!.Template, history.Value.Earlier, history.Value.From, history.Value.Diff);
        return Page();
    }

    public async Task<IActionResult> OnGetExportJsonAsync(string key) => Exported(await queries.ExportShippedAsync(key, TemplateFileFormat.Json));

    public async Task<IActionResult> OnGetExportXlsxAsync(string key) => Exported(await queries.ExportShippedAsync(key, TemplateFileFormat.Xlsx));

    private IActionResult Exported(Application.Common.Outcome<TemplateFile> file) => file.Succeeded ? Download(file.Value!) : Refused(file) ?? NotFound();
}
