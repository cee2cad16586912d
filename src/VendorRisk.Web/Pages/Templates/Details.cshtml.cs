using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Questionnaires.Spreadsheets;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Templates;

/// <summary>One stored version: preview, publish, retire, start a new version, export.</summary>
public sealed class DetailsModel(AppDbContext db, TenantContext tenant, AuditLog audit, TimeProvider clock) : TemplatePageBase
{
    public sealed record VersionRow(Guid Id, string SemanticVersion, QuestionnaireStatus Status);

    public QuestionnaireTemplate Template { get; private set; } = null!;

    public QuestionnaireDefinition Definition { get; private set; } = null!;

    public IReadOnlyList<VersionRow> Versions { get; private set; } = [];

    public string Slug => tenant.Slug!;

    /// <summary>Optional version for "Start a new version"; empty means the next minor version.</summary>
    [BindProperty]
    public string? NewVersion { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id) => await LoadAsync(id) ? Page() : NotFound();

    public async Task<IActionResult> OnGetExportJsonAsync(Guid id) => await LoadAsync(id)
        ? File(Encoding.UTF8.GetBytes(Template.DefinitionJson), JsonContentType, FileName(Template.TemplateKey, Template.SemanticVersion, "json"))
        : NotFound();

    public async Task<IActionResult> OnGetExportXlsxAsync(Guid id) => await LoadAsync(id)
        ? File(QuestionnaireSpreadsheet.ExportXlsx(Definition), XlsxContentType, FileName(Template.TemplateKey, Template.SemanticVersion, "xlsx"))
        : NotFound();

    public async Task<IActionResult> OnPostPublishAsync(Guid id)
    {
        if (!await LoadAsync(id, track: true)) return NotFound();
        var published = Template.Publish(clock.GetUtcNow());
        if (published.IsFailure)
        {
            ShowProblems(string.Empty, published.Errors, "This version cannot be published until the problems below are fixed.");
            return Page();
        }

        audit.Record(AuditActions.TemplatePublished, nameof(QuestionnaireTemplate), Template.Id,
            new { Template.TemplateKey, Template.SemanticVersion, Template.ContentHash });
        return await SaveAsync($"Version {Template.SemanticVersion} is published.");
    }

    public async Task<IActionResult> OnPostRetireAsync(Guid id)
    {
        if (!await LoadAsync(id, track: true)) return NotFound();
        var retired = Template.Retire(clock.GetUtcNow());
        if (retired.IsFailure)
        {
            ShowProblems(string.Empty, retired.Errors, "This version cannot be retired.");
            return Page();
        }

        audit.Record(AuditActions.TemplateRetired, nameof(QuestionnaireTemplate), Template.Id, new { Template.TemplateKey, Template.SemanticVersion });
        return await SaveAsync($"Version {Template.SemanticVersion} is retired: it is no longer offered for new assessments.");
    }

    public async Task<IActionResult> OnPostNewVersionAsync(Guid id)
    {
        if (!await LoadAsync(id)) return NotFound();
        SemanticVersion? requested = null;
        if (!string.IsNullOrWhiteSpace(NewVersion))
        {
            if (!SemanticVersion.TryParse(NewVersion.Trim(), out var parsed))
            {
                ModelState.AddModelError(nameof(NewVersion), "Enter a version such as 1.2.0 (MAJOR.MINOR.PATCH).");
                return Page();
            }

            requested = parsed;
        }
        else
        {
            // Next minor above the highest stored version of this template, so the default never collides.
            var highest = Versions.Select(v => SemanticVersion.TryParse(v.SemanticVersion, out var s) ? s : default).Max();
            requested = highest.NextMinor();
        }

        var next = Template.StartNewVersion(requested, tenant.UserId, clock.GetUtcNow());
        if (next.IsFailure)
        {
            ModelState.AddModelError(nameof(NewVersion), string.Join(" ", next.Errors.Select(e => Capitalise(e.Message) + ".")));
            return Page();
        }

        if (Versions.Any(v => v.SemanticVersion == next.Value.SemanticVersion))
        {
            ModelState.AddModelError(nameof(NewVersion), $"Version {next.Value.SemanticVersion} already exists. Choose a higher version.");
            return Page();
        }

        db.QuestionnaireTemplates.Add(next.Value);
        audit.Record(AuditActions.TemplateVersionStarted, nameof(QuestionnaireTemplate), next.Value.Id,
            new { next.Value.TemplateKey, From = Template.SemanticVersion, To = next.Value.SemanticVersion });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            ModelState.AddModelError(nameof(NewVersion), $"Version {next.Value.SemanticVersion} already exists. Choose a higher version.");
            return Page();
        }

        TempData["Status"] = $"Draft version {next.Value.SemanticVersion} was created from {Template.SemanticVersion}.";
        return Redirect($"/t/{Slug}/templates/details/{next.Value.Id}");
    }

    private async Task<IActionResult> SaveAsync(string status)
    {
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, "Someone else changed this template at the same time. Reload the page and try again.");
            return Page();
        }

        TempData["Status"] = status;
        return Redirect($"/t/{Slug}/templates/details/{Template.Id}");
    }

    private async Task<bool> LoadAsync(Guid id, bool track = false)
    {
        var query = track ? db.QuestionnaireTemplates : db.QuestionnaireTemplates.AsNoTracking();
        var template = await query.SingleOrDefaultAsync(t => t.Id == id);
        if (template is null) return false;
        Template = template;
        Definition = template.Definition();
        Versions = await db.QuestionnaireTemplates.AsNoTracking().Where(t => t.TemplateKey == template.TemplateKey)
            .OrderByDescending(t => t.CreatedAt)
            .Select(t => new VersionRow(t.Id, t.SemanticVersion, t.Status)).ToListAsync();
        return true;
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
