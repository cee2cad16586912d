using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Workflows;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Reviews;

/// <summary>The reviewer inbox: my open tasks, my role pool's unassigned tasks, and submitted assessments waiting for a review to start.</summary>
public sealed record ReviewInbox(IReadOnlyList<ReviewInbox.TaskRow> Tasks, IReadOnlyList<ReviewInbox.WaitingRow> Waiting)
{
    public sealed record TaskRow(Guid Id, Guid InstanceId, string AssessmentTitle, string VendorName, string Title, DateTimeOffset? DueAt, bool Mine, bool Escalated);
    public sealed record WaitingRow(Guid AssessmentId, string Title, string VendorName, DateTimeOffset? SubmittedAt);
}

/// <summary>A review task (a decision or a committee vote) as the pages show it.</summary>
public sealed record ReviewTaskInfo(Guid Id, Guid InstanceId, Guid AssessmentId, string Title, string? Note, DateTimeOffset? DueAt, string? Outcome)
{
    public bool IsOpen => Outcome is null;

    public static ReviewTaskInfo Of(WorkflowTask t) => new(t.Id, t.InstanceId, t.AssessmentId, t.Title, t.Note, t.DueAt, t.Outcome);
}

/// <summary>A review (workflow instance) as the pages show it.</summary>
public sealed record ReviewInstanceInfo(Guid Id, Guid AssessmentId, string DefinitionId, int DefinitionVersion, string Status, string? CurrentActivityId,
    string? Result, string? ResidualRisk, string StateJson, int Version);

/// <summary>A review task to decide: the assessment's summary, the decisions its activity offers and the findings raised so far.</summary>
/// <param name="ResidualOutcomes">Outcomes after which the residual risk is set from the reviewer's rating.</param>
public sealed record ReviewTaskView(ReviewTaskInfo Task, ReviewSummary Summary, IReadOnlyList<string> Outcomes, IReadOnlySet<string> ResidualOutcomes,
    IReadOnlyList<FindingRow> RaisedFindings);

/// <summary>A review task's deadline: its policy and how many extensions were used.</summary>
public sealed record TaskDeadlineView(ReviewTaskInfo Task, string AssessmentTitle, SlaPolicy? Sla, int ExtensionsUsed);

/// <summary>One review: its pinned definition, journal and open tasks.</summary>
public sealed record ReviewInstanceView(ReviewInstanceInfo Instance, WorkflowDefinition? Definition, string AssessmentTitle,
    IReadOnlyList<ReviewInstanceView.JournalRow> Journal, IReadOnlyList<ReviewInstanceView.OpenTaskRow> OpenTasks, bool MayMigrate)
{
    public sealed record JournalRow(int Sequence, string? From, string? To, string Outcome, string? By, DateTimeOffset At);
    public sealed record OpenTaskRow(Guid Id, string Title, string Kind, DateTimeOffset? DueAt, bool HasDeadline);
}

/// <summary>A review about to be cancelled: its open tasks.</summary>
public sealed record ReviewCancellationView(ReviewInstanceInfo Instance, string AssessmentTitle, IReadOnlyList<ReviewCancellationView.OpenTask> OpenTasks)
{
    public sealed record OpenTask(string Title, string Kind, DateTimeOffset? DueAt);
}

/// <summary>
/// A review about to move to a newer published version (<see cref="Target"/>, null when there is none): the activities it waits in and
/// the target's activities each may map to.
/// </summary>
public sealed record ReviewMigrationView(ReviewInstanceInfo Instance, string AssessmentTitle, WorkflowDefinition From, WorkflowDefinition? Target,
    IReadOnlyList<WorkflowDefinition> Versions, IReadOnlyList<ReviewMigrationView.WaitingRow> Waiting)
{
    public sealed record WaitingRow(string ActivityId, WorkflowActivity Activity, IReadOnlyList<WorkflowActivity> Candidates);
}

/// <summary>What the review pages read. Tasks of another tenant are not found (the query filter).</summary>
public sealed class ReviewQueries(AppDbContext db, TenantContext tenant, Access access, ReviewerProfiles profiles, WorkflowCatalog catalog)
{
    public static readonly RolePermission Read = new("reviews.read", TenantRolesExtensions.Internal);
    public static readonly RolePermission ReadInbox = new("reviews.inbox", TenantRoles.Reviewer);

    public async Task<Outcome<ReviewInbox>> InboxAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ReadInbox) is { } forbidden) return forbidden;
        var me = tenant.UserId!.Value;
        var open = await (from t in db.Set<WorkflowTask>().AsNoTracking()
                          join i in db.Set<WorkflowInstance>() on t.InstanceId equals i.Id
                          join a in db.Assessments on t.AssessmentId equals a.Id
                          join v in db.Vendors on a.VendorId equals v.Id
                          where t.Outcome == null && t.Kind == WorkflowRunner.KindHumanTask && i.RequesterUserId != me
                          orderby t.DueAt
                          select new { t.Id, t.InstanceId, a.Title, v.LegalName, TaskTitle = t.Title, t.DueAt, t.AssigneeUserId, t.AssigneeRole, t.EscalatedToRole })
            .ToListAsync(cancellationToken);
        var profile = await profiles.CurrentAsync(cancellationToken);
        List<ReviewInbox.TaskRow> tasks = [.. open
            .Where(t => t.AssigneeUserId == me
                || (t.AssigneeUserId is null && ReviewTaskRules.InPool(tenant, profile, t.AssigneeRole))
                || (t.EscalatedToRole is not null && ReviewTaskRules.InPool(tenant, profile, t.EscalatedToRole)))
            .Select(t => new ReviewInbox.TaskRow(t.Id, t.InstanceId, t.Title, t.LegalName, t.TaskTitle, t.DueAt, t.AssigneeUserId == me, t.EscalatedToRole is not null))];

        var waiting = await (from a in db.Assessments.AsNoTracking()
                             join v in db.Vendors on a.VendorId equals v.Id
                             where a.Status == AssessmentStatus.Submitted && !db.Set<WorkflowInstance>().Any(i => i.AssessmentId == a.Id)
                             orderby a.SubmittedAt
                             select new ReviewInbox.WaitingRow(a.Id, a.Title, v.LegalName, a.SubmittedAt)).ToListAsync(cancellationToken);
        return new ReviewInbox(tasks, waiting);
    }

    /// <summary>A task to decide: not found unless a human task of this tenant; forbidden unless the member may decide it.</summary>
    public async Task<Outcome<ReviewTaskView>> TaskAsync(Guid taskId, CancellationToken cancellationToken)
    {
        var task = await db.Set<WorkflowTask>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null || task.Kind != WorkflowRunner.KindHumanTask) return Fail.NotFound("There is no such review task.");
        var instance = await db.Set<WorkflowInstance>().AsNoTracking().SingleAsync(i => i.Id == task.InstanceId, cancellationToken);
        if (await access.DemandAsync(ReviewTaskAction.Decide, new ReviewTaskResource(task, instance.RequesterUserId, null)) is { } forbidden) return forbidden;
        var summary = (await ReviewSummaryReader.LoadAsync(db, task.AssessmentId, cancellationToken))!;
        var raised = await RaisedFindings.ForAssessmentAsync(db, task.AssessmentId, summary.VendorName, cancellationToken: cancellationToken);
        var definition = catalog.Find(instance.DefinitionId, instance.DefinitionVersion)!;
        var activity = definition.Activity(task.ActivityId);
        return new ReviewTaskView(ReviewTaskInfo.Of(task), summary, [.. activity.Outcomes.Keys],
            activity.Outcomes.Where(o => definition.Activity(o.Value) is SetResidualRiskActivity).Select(o => o.Key).ToHashSet(StringComparer.Ordinal), raised);
    }

    /// <summary>A task's deadline: not found unless a human task of this tenant; forbidden unless the member may extend it.</summary>
    public async Task<Outcome<TaskDeadlineView>> DeadlineAsync(Guid taskId, CancellationToken cancellationToken)
    {
        var task = await db.Set<WorkflowTask>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null || task.Kind != WorkflowRunner.KindHumanTask) return Fail.NotFound("There is no such review task.");
        var instance = await db.Set<WorkflowInstance>().AsNoTracking().SingleAsync(i => i.Id == task.InstanceId, cancellationToken);
        var definition = catalog.Find(instance.DefinitionId, instance.DefinitionVersion);
        var sla = (definition?.Activities.FirstOrDefault(a => a.Id == task.ActivityId) as AwaitDecisionActivity)?.Sla;
        if (await access.DemandAsync(ReviewTaskAction.Extend, new ReviewTaskResource(task, instance.RequesterUserId, sla)) is { } forbidden) return forbidden;
        var used = WorkflowStateJson.Deserialize(instance.StateJson).Bookmarks.FirstOrDefault(b => b.Id == task.TaskId)?.Extensions ?? 0;
        var title = await db.Assessments.Where(a => a.Id == task.AssessmentId).Select(a => a.Title).SingleAsync(cancellationToken);
        return new TaskDeadlineView(ReviewTaskInfo.Of(task), title, sla, used);
    }

    public async Task<Outcome<ReviewInstanceView>> InstanceAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var instance = await InstanceInfoAsync(id, cancellationToken);
        if (instance is null) return Fail.NotFound("There is no such review.");
        var definition = catalog.Find(instance.DefinitionId, instance.DefinitionVersion);
        var title = await db.Assessments.Where(a => a.Id == instance.AssessmentId).Select(a => a.Title).SingleAsync(cancellationToken);
        var users = db.Users.AsNoTracking();
        var journal = await db.Set<WorkflowJournalEntry>().AsNoTracking().Where(j => j.InstanceId == id).OrderBy(j => j.Sequence)
            .Select(j => new ReviewInstanceView.JournalRow(j.Sequence, j.FromActivityId, j.ToActivityId, j.Outcome,
                users.Where(u => u.Id == j.ByUserId).Select(u => u.DisplayName).FirstOrDefault(), j.At))
            .ToListAsync(cancellationToken);
        var openTasks = (await db.Set<WorkflowTask>().AsNoTracking().Where(t => t.InstanceId == id && t.Outcome == null).OrderBy(t => t.CreatedAt)
                .Select(t => new { t.Id, t.Title, t.Kind, t.DueAt, t.ActivityId }).ToListAsync(cancellationToken))
            .Select(t => new ReviewInstanceView.OpenTaskRow(t.Id, t.Title, t.Kind, t.DueAt,
                t.Kind == WorkflowRunner.KindHumanTask && definition?.Activities.FirstOrDefault(a => a.Id == t.ActivityId) is AwaitDecisionActivity { Sla: not null }))
            .ToList();
        var newer = catalog.All.Any(d => d.Id == instance.DefinitionId && d.Version > instance.DefinitionVersion && d.Status == WorkflowDefinitionStatus.Published);
        return new ReviewInstanceView(instance, definition, title, journal, openTasks, newer);
    }

    public async Task<Outcome<ReviewCancellationView>> CancellationAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var instance = await InstanceInfoAsync(id, cancellationToken);
        if (instance is null) return Fail.NotFound("There is no such review.");
        var title = await db.Assessments.Where(a => a.Id == instance.AssessmentId).Select(a => a.Title).SingleAsync(cancellationToken);
        var open = await db.Set<WorkflowTask>().AsNoTracking().Where(t => t.InstanceId == id && t.Outcome == null).OrderBy(t => t.CreatedAt)
            .Select(t => new ReviewCancellationView.OpenTask(t.Title, t.Kind, t.DueAt)).ToListAsync(cancellationToken);
        return new ReviewCancellationView(instance, title, open);
    }

    /// <summary>The migration form toward <paramref name="version"/> (null or 0: the newest published version).</summary>
    public async Task<Outcome<ReviewMigrationView>> MigrationAsync(Guid id, int? version, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var instance = await InstanceInfoAsync(id, cancellationToken);
        if (instance is null) return Fail.NotFound("There is no such review.");
        var title = await db.Assessments.Where(a => a.Id == instance.AssessmentId).Select(a => a.Title).SingleAsync(cancellationToken);
        var from = catalog.Find(instance.DefinitionId, instance.DefinitionVersion)
            ?? throw new InvalidOperationException($"Workflow {instance.DefinitionId} v{instance.DefinitionVersion} is not loaded.");
        List<WorkflowDefinition> versions = [.. catalog.All.Where(d => d.Id == from.Id && d.Version > from.Version && d.Status == WorkflowDefinitionStatus.Published)
            .OrderByDescending(d => d.Version)];
        var target = version is { } v && v != 0 ? versions.FirstOrDefault(d => d.Version == v) : versions.Count > 0 ? versions[0] : null;
        IReadOnlyList<ReviewMigrationView.WaitingRow> waiting = [];
        if (!IsFinished(instance) && target is not null)
        {
            var state = WorkflowStateJson.Deserialize(instance.StateJson);
            waiting = [.. WorkflowMigration.WaitingActivities(state)
                .Select(a => new ReviewMigrationView.WaitingRow(a, from.Activity(a), WorkflowMigration.Candidates(from, target, a)))];
        }
        return new ReviewMigrationView(instance, title, from, target, versions, waiting);
    }

    private Task<ReviewInstanceInfo?> InstanceInfoAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<WorkflowInstance>().AsNoTracking().Where(i => i.Id == id)
            .Select(i => new ReviewInstanceInfo(i.Id, i.AssessmentId, i.DefinitionId, i.DefinitionVersion, i.Status, i.CurrentActivityId, i.Result,
                i.ResidualRisk, i.StateJson, i.Version))
            .SingleOrDefaultAsync(cancellationToken);

    public static bool IsFinished(ReviewInstanceInfo instance) => IsFinished(instance.Status);

    public static bool IsFinished(string status) => status is "completed" or "cancelled" or "faulted";
}
