using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Workflows;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Application.Reviews;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Reviews;

/// <summary>One workflow instance: its pinned definition drawn as an ordered list with the current activity highlighted, and its journal.</summary>
[Authorize(Policy = Policies.Internal)]
public sealed class InstanceModel(ReviewQueries reviews, TenantContext tenant, TimeProvider clock) : PageModel
{
    public ReviewInstanceInfo Instance { get; private set; } = null!;
    public WorkflowDefinition? Definition { get; private set; }
    public string AssessmentTitle { get; private set; } = "";
    public IReadOnlyList<ReviewInstanceView.JournalRow> Journal { get; private set; } = [];
    public IReadOnlySet<string> Visited { get; private set; } = new HashSet<string>();
    public IReadOnlyList<ReviewInstanceView.OpenTaskRow> OpenTasks { get; private set; } = [];
    /// <summary>The definition drawn as SVG (server-side), with the current activity and the path taken marked.</summary>
    public string? DiagramSvg { get; private set; }
    public bool IsFinished => ReviewQueries.IsFinished(Instance);
    /// <summary>Tenant admins and vendor managers may cancel a running review.</summary>
    public bool CanCancel => !IsFinished && tenant.HasAnyRole(TenantRoles.TenantAdmin | TenantRoles.VendorManager);
    /// <summary>Tenant admins may move a running review to a newer published version of its definition.</summary>
    public bool CanMigrate { get; private set; }
    public DateTimeOffset Now => clock.GetUtcNow();
    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var view = await reviews.InstanceAsync(id, cancellationToken);
        if (!view.Succeeded) return this.Refusal(view);
        var v = view.Value!;
        (Instance, Definition, AssessmentTitle, Journal, OpenTasks) = (v.Instance, v.Definition, v.AssessmentTitle, v.Journal, v.OpenTasks);
        CanMigrate = !IsFinished && tenant.HasAnyRole(TenantRoles.TenantAdmin) && v.MayMigrate;
        Visited = Journal.SelectMany(j => new[] { j.From, j.To }).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (Definition is not null)
        {
            var taken = Journal.Where(j => j.From is not null && j.To is not null && j.From != j.To).Select(j => (j.From!, j.To!)).ToHashSet();
            DiagramSvg = WorkflowDiagram.Render(Definition, Instance.CurrentActivityId, Visited, taken, "diagram-title", "diagram-desc");
        }
        return Page();
    }

    /// <summary>An outcome inside a sentence of the path: "after approved in security-review".</summary>
    public static string InSentence(string outcome) => ReviewWords.Taken(outcome) is { Length: > 0 } words ? char.ToLowerInvariant(words[0]) + words[1..] : outcome;

    public static string Describe(WorkflowActivity activity) => activity switch
    {
        AwaitDecisionActivity d => d.Title ?? "Decision",
        AssignReviewerActivity a => $"Assign a {a.Role} ({a.Strategy})",
        CommitteeApprovalActivity c => $"Committee vote ({c.Role}, at least {c.Quorum.MinVotes} votes, {c.Quorum.Rule})",
        RequestClarificationActivity r => $"Clarification (up to {r.Rounds} rounds, {r.ResponseHours} h to answer)",
        NotifyActivity n => $"E-mail {n.Template} to {string.Join(", ", n.To)}",
        EndActivity e => $"End: {e.Result}",
        _ => activity.TypeName,
    };
}
