using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Workflows;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Application.Reviews;
using VendorRisk.Web.Authorization;

namespace VendorRisk.Web.Pages.Reviews;

/// <summary>One workflow instance: its pinned definition drawn as an ordered list with the current activity highlighted, and its journal.</summary>
[Authorize(Policy = Policies.Internal)]
public sealed class InstanceModel(AppDbContext db, TenantContext tenant, WorkflowCatalog catalog, TimeProvider clock) : PageModel
{
    public sealed record JournalRow(int Sequence, string? From, string? To, string Outcome, string? By, DateTimeOffset At);
    public sealed record OpenTaskRow(Guid Id, string Title, string Kind, DateTimeOffset? DueAt, bool HasDeadline);

    public WorkflowInstance Instance { get; private set; } = null!;
    public WorkflowDefinition? Definition { get; private set; }
    public string AssessmentTitle { get; private set; } = "";
    public IReadOnlyList<JournalRow> Journal { get; private set; } = [];
    public IReadOnlySet<string> Visited { get; private set; } = new HashSet<string>();
    public IReadOnlyList<OpenTaskRow> OpenTasks { get; private set; } = [];
    /// <summary>The definition drawn as SVG (server-side), with the current activity and the path taken marked.</summary>
    public string? DiagramSvg { get; private set; }
    public bool IsFinished => Instance.Status is "completed" or "cancelled" or "faulted";
    /// <summary>Tenant admins and vendor managers may cancel a running review.</summary>
    public bool CanCancel => !IsFinished && tenant.HasAnyRole(TenantRoles.TenantAdmin | TenantRoles.VendorManager);
    /// <summary>Tenant admins may move a running review to a newer published version of its definition.</summary>
    public bool CanMigrate => !IsFinished && tenant.HasAnyRole(TenantRoles.TenantAdmin)
        && catalog.All.Any(d => d.Id == Instance.DefinitionId && d.Version > Instance.DefinitionVersion && d.Status == WorkflowDefinitionStatus.Published);
    public DateTimeOffset Now => clock.GetUtcNow();
    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var instance = await db.Set<WorkflowInstance>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (instance is null) return NotFound();
        Instance = instance;
        Definition = catalog.Find(instance.DefinitionId, instance.DefinitionVersion);
        AssessmentTitle = await db.Assessments.Where(a => a.Id == instance.AssessmentId).Select(a => a.Title).SingleAsync(cancellationToken);
        var users = db.Users.AsNoTracking();
        Journal = await db.Set<WorkflowJournalEntry>().AsNoTracking().Where(j => j.InstanceId == id).OrderBy(j => j.Sequence)
            .Select(j => new JournalRow(j.Sequence, j.FromActivityId, j.ToActivityId, j.Outcome,
                users.Where(u => u.Id == j.ByUserId).Select(u => u.DisplayName).FirstOrDefault(), j.At))
            .ToListAsync(cancellationToken);
        Visited = Journal.SelectMany(j => new[] { j.From, j.To }).OfType<string>().ToHashSet(StringComparer.Ordinal);
        if (Definition is not null)
        {
            var taken = Journal.Where(j => j.From is not null && j.To is not null && j.From != j.To).Select(j => (j.From!, j.To!)).ToHashSet();
            DiagramSvg = WorkflowDiagram.Render(Definition, instance.CurrentActivityId, Visited, taken, "diagram-title", "diagram-desc");
        }
        OpenTasks = (await db.Set<WorkflowTask>().AsNoTracking().Where(t => t.InstanceId == id && t.Outcome == null).OrderBy(t => t.CreatedAt)
                .Select(t => new { t.Id, t.Title, t.Kind, t.DueAt, t.ActivityId }).ToListAsync(cancellationToken))
            .Select(t => new OpenTaskRow(t.Id, t.Title, t.Kind, t.DueAt,
                t.Kind == WorkflowRunner.KindHumanTask && Definition?.Activities.FirstOrDefault(a => a.Id == t.ActivityId) is AwaitDecisionActivity { Sla: not null }))
            .ToList();
        return Page();
    }

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
