using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Questionnaires;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Templates;

/// <summary>The template library: this organisation's own templates by status, and the shipped ones it may clone.</summary>
public sealed class IndexModel(AppDbContext db, ShippedTemplates shipped, TenantContext tenant, AuditLog audit, TimeProvider clock) : TemplatePageBase
{
    public sealed record Row(Guid Id, string TemplateKey, string SemanticVersion, QuestionnaireStatus Status, string Title, DateTimeOffset UpdatedAt, string? ClonedFrom);

    public IReadOnlyList<Row> Templates { get; private set; } = [];

    /// <summary>The latest version of each shipped template; older versions stay readable from the template's own page.</summary>
    public IReadOnlyList<ShippedTemplate> Shipped => shipped.Latest;

    public string Slug => tenant.Slug!;

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>Clones a shipped template into this organisation as a draft of the same id and version.</summary>
    public async Task<IActionResult> OnPostCloneAsync(string? key)
    {
        var source = shipped.Find(key);
        if (source is null) return NotFound();
        if (await db.QuestionnaireTemplates.AnyAsync(t => t.TemplateKey == source.Key && t.SemanticVersion == source.Version))
        {
            ModelState.AddModelError(string.Empty, $"Your library already has version {source.Version} of '{source.Key}'. Open it, or start a new version from it.");
            await LoadAsync();
            return Page();
        }

        var created = QuestionnaireTemplate.CreateDraft(source.Definition, tenant.UserId, clock.GetUtcNow(), source.Reference);
        if (created.IsFailure)
        {
            ShowProblems(string.Empty, created.Errors, "The shipped template could not be cloned.");
            await LoadAsync();
            return Page();
        }

        db.QuestionnaireTemplates.Add(created.Value);
        audit.Record(AuditActions.TemplateCloned, nameof(QuestionnaireTemplate), created.Value.Id, new { source.Key, source.Version });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            ModelState.AddModelError(string.Empty, $"Your library already has version {source.Version} of '{source.Key}'.");
            await LoadAsync();
            return Page();
        }

        TempData["Status"] = $"'{source.Title}' {source.Version} was cloned into your library as a draft.";
        return Redirect($"/t/{Slug}/templates/details/{created.Value.Id}");
    }

    private async Task LoadAsync() =>
        Templates = await db.QuestionnaireTemplates.AsNoTracking()
            .OrderBy(t => t.Title).ThenBy(t => t.TemplateKey).ThenByDescending(t => t.CreatedAt)
            .Select(t => new Row(t.Id, t.TemplateKey, t.SemanticVersion, t.Status, t.Title, t.UpdatedAt, t.ClonedFrom))
            .ToListAsync();
}
