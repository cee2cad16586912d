using System.Text;
using Microsoft.AspNetCore.Mvc;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Questionnaires.Versioning;
using VendorRisk.Infrastructure.Questionnaires;
using VendorRisk.Infrastructure.Questionnaires.Spreadsheets;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Templates;

/// <summary>
/// A shipped template, read-only: preview, export, and (for managers) clone from the library page. When a key ships in
/// several versions the page shows the latest and can list what changed since an earlier one (<c>?changesFrom=1.0.0</c>).
/// </summary>
public sealed class ShippedModel(ShippedTemplates shipped, TenantContext tenant) : TemplatePageBase
{
    public ShippedTemplate Template { get; private set; } = null!;

    /// <summary>Older shipped versions of the same key, newest first.</summary>
    public IReadOnlyList<ShippedTemplate> Earlier { get; private set; } = [];

    /// <summary>An earlier version to list the changes from; ignored unless it is one of <see cref="Earlier"/>.</summary>
    [BindProperty(SupportsGet = true)] public string? ChangesFrom { get; set; }

    public ShippedTemplate? From { get; private set; }

    public QuestionnaireDiffResult? Diff { get; private set; }

    public string Slug => tenant.Slug!;

    public IActionResult OnGet(string key)
    {
        if (shipped.Find(key) is not { } template) return NotFound();
        Template = template;
        Earlier = [.. shipped.Versions(key).Where(t => t != template).Reverse()];
        From = Earlier.FirstOrDefault(t => t.Version == ChangesFrom);
        if (From is not null) Diff = QuestionnaireDiff.Compare(From.Definition, template.Definition);
        return Page();
    }

    public IActionResult OnGetExportJson(string key) => shipped.Find(key) is { } t
        ? File(Encoding.UTF8.GetBytes(QuestionnaireJson.Serialize(t.Definition)), JsonContentType, FileName(t.Key, t.Version, "json"))
        : NotFound();

    public IActionResult OnGetExportXlsx(string key) => shipped.Find(key) is { } t
        ? File(QuestionnaireSpreadsheet.ExportXlsx(t.Definition), XlsxContentType, FileName(t.Key, t.Version, "xlsx"))
        : NotFound();
}
