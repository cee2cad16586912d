using Microsoft.AspNetCore.Mvc;
using VendorRisk.Application.Templates;
using VendorRisk.Domain.Questionnaires.Versioning;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Templates;

/// <summary>Compares two stored versions of one template item by item (added, removed, text, scoring, conditions, ...).</summary>
public sealed class CompareModel(TemplateQueries queries, TenantContext tenant) : TemplatePageBase
{
    public TemplateDto From { get; private set; } = null!;

    public TemplateDto To { get; private set; } = null!;

    public IReadOnlyList<TemplateVersionRow> Options { get; private set; } = [];

    public QuestionnaireDiffResult Diff { get; private set; } = null!;

    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(Guid from, Guid to, CancellationToken cancellationToken)
    {
        var compared = await queries.CompareAsync(from, to, cancellationToken);
        if (!compared.Succeeded) return Refused(compared) ?? NotFound();
        (From, To, Diff, Options) = (compared.Value!.From, compared.Value.To, compared.Value.Diff, compared.Value.Versions);
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
