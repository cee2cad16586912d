using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Questionnaires.Versioning;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Templates;

/// <summary>Compares two stored versions of one template item by item (added, removed, text, scoring, conditions, ...).</summary>
public sealed class CompareModel(AppDbContext db, TenantContext tenant) : TemplatePageBase
{
    public sealed record VersionOption(Guid Id, string SemanticVersion, QuestionnaireStatus Status);

    public QuestionnaireTemplate From { get; private set; } = null!;

    public QuestionnaireTemplate To { get; private set; } = null!;

    public IReadOnlyList<VersionOption> Options { get; private set; } = [];

    public QuestionnaireDiffResult Diff { get; private set; } = null!;

    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(Guid from, Guid to)
    {
        var pair = await db.QuestionnaireTemplates.AsNoTracking().Where(t => t.Id == from || t.Id == to).ToListAsync();
        if (pair.Find(t => t.Id == from) is not { } older || pair.Find(t => t.Id == to) is not { } newer) return NotFound();
        if (older.TemplateKey != newer.TemplateKey)
        {
            // Different templates: a diff by item id would be meaningless.
            return NotFound();
        }

        From = older;
        To = newer;
        Diff = QuestionnaireDiff.Compare(older.Definition(), newer.Definition());
        Options = await db.QuestionnaireTemplates.AsNoTracking().Where(t => t.TemplateKey == older.TemplateKey)
            .OrderBy(t => t.CreatedAt).Select(t => new VersionOption(t.Id, t.SemanticVersion, t.Status)).ToListAsync();
        return Page();
    }

    public static string Describe(ItemChangeKind kind) => kind switch
    {
        ItemChangeKind.Added => "Added",
        ItemChangeKind.Removed => "Removed",
        ItemChangeKind.Moved => "Moved",
        ItemChangeKind.TextChanged => "Changed text",
        ItemChangeKind.ScoringChanged => "Changed scoring",
        ItemChangeKind.ConditionsChanged => "Changed conditions",
        ItemChangeKind.ValidationChanged => "Changed validation",
        ItemChangeKind.ControlsChanged => "Changed control mappings",
        _ => kind.ToString(),
    };
}
