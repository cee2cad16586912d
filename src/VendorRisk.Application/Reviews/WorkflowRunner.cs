using System.Collections.Immutable;
using System.Globalization;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Workflows;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Reviews;

/// <summary>What happened to an input: the interpreter's status and message, and the instance it concerned.</summary>
public sealed record WorkflowRunResult(StepStatus Status, string? Message, Guid? InstanceId)
{
    public bool Applied => Status == StepStatus.Applied;
}

/// <summary>What a vote's form adds to the interpreter's <see cref="VoteCast"/>: stored on the vote row.</summary>
public sealed record VoteDetails(string? Conditions, string? ConditionsOwner, DateOnly? ConditionsDueOn, string? Reason);

/// <summary>
/// Runs review workflows for the current tenant: loads an instance, asks the interpreter, and stores the new state with
/// every command's effect (task rows, votes, timers, journal, assessment changes, outbox e-mails, audit events) in ONE
/// SaveChanges guarded by the instance's <see cref="WorkflowInstance.Version"/>. A concurrent step that committed first
/// makes the save fail; the input is then replayed on the fresh state, where a decided task answers "already decided".
/// Hangfire timer jobs are scheduled only after the commit.
/// </summary>
public sealed class WorkflowRunner(
    AppDbContext db,
    WorkflowCatalog catalog,
    TenantContext tenant,
    TimeProvider clock,
    EmailOutbox outbox,
    AuditLog audit,
    IBackgroundJobClient jobs,
    IConfiguration configuration,
    WorkflowRunnerHooks hooks,
    ILogger<WorkflowRunner> logger)
{
    public const string KindHumanTask = "humanTask";
    public const string KindVote = "vote";
    public const string KindClarification = "clarification";

    /// <summary>One try plus replays after a concurrent commit (several voters can commit in between).</summary>
    private const int MaxAttempts = 5;

    public static string KindName(BookmarkKind kind) => kind switch
    {
        BookmarkKind.HumanTask => KindHumanTask,
        BookmarkKind.Vote => KindVote,
        BookmarkKind.Clarification => KindClarification,
        _ => "timer",
    };

    /// <summary>Journal outcome when an <c>assignReviewer</c> for a specialism found nobody holding it and picked another Reviewer.</summary>
    public const string OutcomeAssignedWithoutSpecialism = "assignedWithoutSpecialism";

    private static string SpecialismName(string role) => ReviewerSpecialismsExtensions.FromWorkflowRole(role) is var s && s != ReviewerSpecialisms.None
        ? s.DisplayName().ToLowerInvariant().Replace("ai ", "AI ", StringComparison.Ordinal)
        : role;

    public static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>
    /// Starts the review of a submitted assessment: the definition is chosen by the vendor's inherent tier (Medium while
    /// untiered) and the assessment's template key; the assessment moves to "in review".
    /// </summary>
    public async Task<WorkflowRunResult> StartForAssessmentAsync(Guid assessmentId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        db.ChangeTracker.Clear();
        var assessment = await db.Assessments.SingleOrDefaultAsync(a => a.Id == assessmentId, cancellationToken);
        if (assessment is null) return new(StepStatus.Refused, "There is no such assessment.", null);
        if (await db.Set<WorkflowInstance>().AnyAsync(i => i.AssessmentId == assessmentId, cancellationToken))
            return new(StepStatus.AlreadyDecided, "The review of this assessment has already started.", null);

        var tier = await db.Vendors.Where(v => v.Id == assessment.VendorId).Select(v => v.InherentTier).SingleOrDefaultAsync(cancellationToken)
            ?? RiskTier.Medium;
        var definition = catalog.SelectFor(tier, assessment.TemplateKey);
        if (definition is null)
            return new(StepStatus.Refused, $"No review workflow applies to {tier.ToString().ToLowerInvariant()}-tier vendors.", null);
        try
        {
            assessment.StartReview();
        }
        catch (DomainException e)
        {
            return new(StepStatus.Refused, e.Message, null);
        }

        var instance = WorkflowInstance.Create(assessment.Id, definition.Id, definition.Version, definition.Hash, assessment.RequestedByUserId, now);
        db.Set<WorkflowInstance>().Add(instance);
        var host = await WorkflowHostData.LoadAsync(db, assessment, definition, cancellationToken);
        var step = WorkflowInterpreter.Start(definition, new StartWorkflow(assessment.RequestedByUserId.ToString()), host, now);
        if (step.Status != StepStatus.Applied)
        {
            db.ChangeTracker.Clear();
            return new(step.Status, step.Message, null);
        }

        var applied = await ApplyAsync(instance, assessment, definition, step, input: null, actor: null, vote: null, host, now, cancellationToken);
        audit.Record("review.started", nameof(WorkflowInstance), instance.Id,
            new { assessmentId, definition = definition.Id, version = definition.Version });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e)
        {
            // The unique index on the assessment: a concurrent start won.
            logger.LogInformation(e, "Review of assessment {AssessmentId} was started concurrently.", assessmentId);
            db.ChangeTracker.Clear();
            return new(StepStatus.AlreadyDecided, "The review of this assessment has already started.", null);
        }

        AfterCommit(applied);
        return new(StepStatus.Applied, null, instance.Id);
    }

    /// <summary>Delivers an input to an instance. <paramref name="actor"/> is the person acting (null for the system).</summary>
    public async Task<WorkflowRunResult> HandleAsync(Guid instanceId, WorkflowEvent input, Guid? actor, VoteDetails? vote = null,
        CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var now = clock.GetUtcNow();
            var instance = await db.Set<WorkflowInstance>().SingleOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
            if (instance is null) return new(StepStatus.Refused, "There is no such review.", null);
            var definition = catalog.Find(instance.DefinitionId, instance.DefinitionVersion)
                ?? throw new InvalidOperationException($"Workflow {instance.DefinitionId} v{instance.DefinitionVersion} of instance {instance.Id} is not loaded.");
            var assessment = await db.Assessments.SingleAsync(a => a.Id == instance.AssessmentId, cancellationToken);
            var state = WorkflowStateJson.Deserialize(instance.StateJson);

            WorkflowTimer? timerRow = null;
            if (input is TimerFired fired)
            {
                timerRow = await db.Set<WorkflowTimer>().SingleOrDefaultAsync(t => t.InstanceId == instanceId && t.TimerId == fired.TimerId, cancellationToken);
                if (timerRow is null || !timerRow.IsPending) return new(StepStatus.Ignored, "The timer is no longer pending.", instanceId);
                if (timerRow.DueAt > now) return new(StepStatus.Ignored, "The timer is not due yet.", instanceId);
            }

            if (input is VoteCast cast && state.Bookmarks.FirstOrDefault(b => b.Id == cast.TaskId) is { Kind: BookmarkKind.Vote } ballot
                && !ballot.Electorate.IsEmpty && !ballot.Electorate.Contains(cast.Voter, StringComparer.OrdinalIgnoreCase))
            {
                return new(StepStatus.Refused, "You are not a member of this vote's electorate (it was fixed when the vote opened).", instanceId);
            }

            var host = await WorkflowHostData.LoadAsync(db, assessment, definition, cancellationToken);
            var step = WorkflowInterpreter.Handle(definition, state, input, host, now);
            if (step.Status == StepStatus.Refused && state.IsFinished && input is TaskCompleted late
                && state.ClosedTasks.LastOrDefault(c => c.Id == late.TaskId) is { } closedTask)
            {
                // The review ended with this very decision (or after it): for the person that is "already decided", not an error.
                return new(StepStatus.AlreadyDecided, string.Create(CultureInfo.InvariantCulture,
                    $"already decided: '{closedTask.Outcome}' by {closedTask.By ?? "the system"} at {closedTask.At:yyyy-MM-dd HH:mm} UTC"), instanceId);
            }

            if (step.Status == StepStatus.Refused && state.IsFinished && input is VoteCast lateVote
                && state.ClosedTasks.LastOrDefault(c => c.Id == lateVote.TaskId) is { } closedVote)
            {
                return new(StepStatus.Refused, $"voting has closed: the committee decided '{closedVote.Outcome}'", instanceId);
            }

            if (step.Status != StepStatus.Applied)
            {
                if (timerRow is null) return new(step.Status, step.Message, instanceId);
                // A timer that has nothing left to do is done: mark it so the sweeper leaves it alone.
                timerRow.MarkFired(now);
                if (await TrySaveAsync(instanceId, attempt, cancellationToken)) return new(step.Status, step.Message, instanceId);
                continue;
            }

            timerRow?.MarkFired(now);
            Applied applied;
            try
            {
                applied = await ApplyAsync(instance, assessment, definition, step, input, actor, vote, host, now, cancellationToken);
            }
            catch (DomainException e) when (attempt < MaxAttempts)
            {
                // The assessment was read after a concurrent step committed (it no longer fits the instance we loaded):
                // replay on fresh state, where the interpreter sees that step too.
                logger.LogDebug(e, "Workflow instance {InstanceId} read across a concurrent commit; replaying (attempt {Attempt}).", instanceId, attempt);
                continue;
            }
            audit.Record("review." + EventName(input), nameof(WorkflowInstance), instance.Id, Describe(input), actorUserId: actor);
            if (!await TrySaveAsync(instanceId, attempt, cancellationToken)) continue;
            AfterCommit(applied);
            return new(StepStatus.Applied, null, instanceId);
        }
    }

    /// <summary>
    /// Moves a running instance to a newer published version of its definition with an admin's mapping of its waiting
    /// activities (see <see cref="WorkflowMigration"/>). One transaction: instance, task rows, journal and audit event.
    /// <paramref name="expectedInstanceVersion"/> is the instance version the admin saw: when the review moved on since,
    /// nothing changes and the result says so.
    /// </summary>
    public async Task<WorkflowRunResult> MigrateAsync(Guid instanceId, int targetVersion, IReadOnlyDictionary<string, string> mapping,
        int expectedInstanceVersion, Guid actor, CancellationToken cancellationToken = default)
    {
        db.ChangeTracker.Clear();
        var now = clock.GetUtcNow();
        var instance = await db.Set<WorkflowInstance>().SingleOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        if (instance is null) return new(StepStatus.Refused, "There is no such review.", null);
        if (instance.Version != expectedInstanceVersion)
            return new(StepStatus.AlreadyDecided, "The review moved on since the page was opened; check the mapping again.", instanceId);
        var from = catalog.Find(instance.DefinitionId, instance.DefinitionVersion)
            ?? throw new InvalidOperationException($"Workflow {instance.DefinitionId} v{instance.DefinitionVersion} of instance {instance.Id} is not loaded.");
        var to = catalog.Find(instance.DefinitionId, targetVersion);
        if (to is null) return new(StepStatus.Refused, string.Create(CultureInfo.InvariantCulture, $"{instance.DefinitionId} has no version {targetVersion}."), instanceId);

        var assessment = await db.Assessments.SingleAsync(a => a.Id == instance.AssessmentId, cancellationToken);
        var state = WorkflowStateJson.Deserialize(instance.StateJson);
        var step = WorkflowMigration.Migrate(from, to, state, mapping, actor.ToString(), now);
        if (step.Status != StepStatus.Applied) return new(step.Status, step.Message, instanceId);

        var host = await WorkflowHostData.LoadAsync(db, assessment, to, cancellationToken);
        var applied = await ApplyAsync(instance, assessment, to, step, input: null, actor, vote: null, host, now, cancellationToken);
        audit.Record("review.migrated", nameof(WorkflowInstance), instance.Id, new
        {
            definition = from.Id,
            from = from.Version,
            to = to.Version,
            mapping = WorkflowMigration.WaitingActivities(state).ToDictionary(a => a, a => mapping[a], StringComparer.Ordinal),
        }, actorUserId: actor);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException e)
        {
            logger.LogInformation(e, "Workflow instance {InstanceId} changed while it was being migrated.", instanceId);
            db.ChangeTracker.Clear();
            return new(StepStatus.AlreadyDecided, "The review moved on while it was being moved; check the mapping again.", instanceId);
        }

        AfterCommit(applied);
        return new(StepStatus.Applied, null, instanceId);
    }

    /// <summary>
    /// For the vendor portal's resubmission after a clarification request: moves the assessment's review on from its open
    /// clarification. Ignored when the assessment has no review or no open clarification.
    /// </summary>
    public async Task<WorkflowRunResult> ClarificationAnsweredAsync(Guid assessmentId, Guid byUserId, CancellationToken cancellationToken = default)
    {
        var open = await db.Set<WorkflowTask>().AsNoTracking()
            .Where(t => t.AssessmentId == assessmentId && t.Kind == KindClarification && t.Outcome == null)
            .Select(t => new { t.InstanceId, t.TaskId }).FirstOrDefaultAsync(cancellationToken);
        return open is null
            ? new(StepStatus.Ignored, "No clarification is open for this assessment.", null)
            : await HandleAsync(open.InstanceId, new ClarificationAnswered(open.TaskId, byUserId.ToString()), byUserId, cancellationToken: cancellationToken);
    }

    /// <summary>Fires a timer (Hangfire job or sweeper). Firing twice, early, or after the task closed does nothing.</summary>
    public Task<WorkflowRunResult> FireTimerAsync(Guid instanceId, string timerId, CancellationToken cancellationToken = default) =>
        HandleAsync(instanceId, new TimerFired(timerId), actor: null, cancellationToken: cancellationToken);

    private async Task<bool> TrySaveAsync(Guid instanceId, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (attempt < MaxAttempts)
        {
            // Concurrency token or a unique index (vote, task row): another step committed first. Replay on its state.
            logger.LogDebug(e, "Workflow instance {InstanceId} changed concurrently; replaying the input (attempt {Attempt}).", instanceId, attempt);
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private sealed record Applied(List<WorkflowTimer> Timers, bool Mail);

    private async Task<Applied> ApplyAsync(WorkflowInstance instance, Assessment assessment, WorkflowDefinition definition, WorkflowStep step,
        WorkflowEvent? input, Guid? actor, VoteDetails? vote, WorkflowHostData host, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var timers = new List<WorkflowTimer>();
        var mail = false;
        var tasks = await db.Set<WorkflowTask>().Where(t => t.InstanceId == instance.Id && t.Outcome == null).ToListAsync(cancellationToken);
        var journalSequence = await db.Set<WorkflowJournalEntry>().Where(j => j.InstanceId == instance.Id)
            .Select(j => (int?)j.Sequence).MaxAsync(cancellationToken) ?? 0;
        WorkflowTask? Task(string taskId) => tasks.FirstOrDefault(t => t.TaskId == taskId);
        var fallbackNotes = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var command in step.Commands)
        {
            hooks.BeforeCommand?.Invoke(command);
            switch (command)
            {
                case CreateTask c:
                    EnsureInReview(assessment);
                    var taskNote = definition.Activity(c.ActivityId) is AwaitDecisionActivity d && fallbackNotes.TryGetValue(d.Assignee, out var extra)
                        ? (c.Note is null ? extra : $"{extra} {c.Note}")
                        : c.Note;
                    var row = WorkflowTask.Create(instance.Id, assessment.Id, c.TaskId, c.ActivityId, KindName(c.Kind), c.Title, taskNote,
                        ParseUser(c.AssigneeUserId), c.AssigneeRole, c.DueAt, now);
                    db.Set<WorkflowTask>().Add(row);
                    tasks.Add(row);
                    break;
                case MoveTask c:
                    Task(c.TaskId)?.MoveTo(c.ActivityId, c.Title);
                    break;
                case RescheduleTask c:
                    Task(c.TaskId)?.Reschedule(c.DueAt, c.EscalatedToRole);
                    break;
                case CloseTask c:
                    var closing = Task(c.TaskId);
                    if (closing is not null)
                    {
                        var completed = input as TaskCompleted;
                        closing.Close(c.Outcome, ParseUser(c.By), now, completed?.TaskId == c.TaskId ? completed.IdempotencyKey : null,
                            completed?.TaskId == c.TaskId ? completed.Comment : null);
                        if (completed?.TaskId == c.TaskId && completed.Residual is { } rating)
                        {
                            EnsureInReview(assessment);
                            assessment.RateResidualRisk(rating.Likelihood, rating.Impact, now);
                        }
                        tasks.Remove(closing);
                    }
                    break;
                case ScheduleTimer c:
                    var timer = WorkflowTimer.Create(instance.Id, c.TimerId, c.TaskId, c.DueAt, Camel(c.Purpose.ToString()));
                    db.Set<WorkflowTimer>().Add(timer);
                    timers.Add(timer);
                    break;
                case CancelTimer c:
                    var pending = await db.Set<WorkflowTimer>().SingleOrDefaultAsync(t => t.InstanceId == instance.Id && t.TimerId == c.TimerId, cancellationToken);
                    pending?.Cancel(now);
                    break;
                case SendNotification c:
                    mail |= await NotifyAsync(instance, assessment, step.State, c, host, cancellationToken);
                    break;
                case AssignReviewer c:
                    var fallback = c.AssigneeUserId is not null && host.FallbackActivities.Contains(c.ActivityId);
                    audit.Record("review.reviewer-assigned", nameof(WorkflowInstance), instance.Id,
                        new { activity = c.ActivityId, c.Role, assignee = c.AssigneeUserId, pool = c.AssigneeUserId is null, withoutSpecialism = fallback });
                    if (fallback)
                    {
                        // Nobody holds the specialism: a Reviewer without it took the task (ADR-010). Say so in the journal and on the task.
                        db.Set<WorkflowJournalEntry>().Add(WorkflowJournalEntry.Create(instance.Id, ++journalSequence, c.ActivityId, c.ActivityId,
                            OutcomeAssignedWithoutSpecialism, null, now));
                        fallbackNotes[c.Assignment] = $"No reviewer holds the {SpecialismName(c.Role)} specialism, so this task went to a reviewer without it.";
                    }
                    break;
                case ReopenQuestions c:
                    var items = c.QuestionIds.IsDefaultOrEmpty ? await AllItemIdsAsync(assessment, cancellationToken) : [.. c.QuestionIds];
                    EnsureInReview(assessment);
                    assessment.RequestClarification(items);
                    break;
                case RecordVote c:
                    var voteTask = tasks.FirstOrDefault(t => t.TaskId == c.TaskId)
                        ?? await db.Set<WorkflowTask>().SingleAsync(t => t.InstanceId == instance.Id && t.TaskId == c.TaskId, cancellationToken);
                    db.Set<WorkflowVote>().Add(WorkflowVote.Create(voteTask.Id, Guid.Parse(c.Voter), Camel(c.Vote.ToString()),
                        vote?.Conditions, vote?.ConditionsOwner, vote?.ConditionsDueOn, vote?.Reason ?? c.Comment, c.At));
                    break;
                case SetResidualRisk c:
                    instance.SetResidualRisk(c.Level);
                    break;
                case WriteJournal c:
                    db.Set<WorkflowJournalEntry>().Add(WorkflowJournalEntry.Create(instance.Id, ++journalSequence, c.FromActivityId, c.ToActivityId,
                        c.Outcome, ParseUser(c.By), c.At));
                    break;
                case FinishReview c:
                    EnsureInReview(assessment);
                    var note = await DecisionNoteAsync(instance, c.Result, input, cancellationToken);
                    assessment.Decide(c.Result switch
                    {
                        WorkflowResult.Approved => AssessmentDecision.Approved,
                        WorkflowResult.ApprovedWithConditions => AssessmentDecision.ApprovedWithConditions,
                        _ => AssessmentDecision.Rejected,
                    }, note, now);
                    audit.Record("review.finished", nameof(Assessment), assessment.Id, new { result = Camel(c.Result.ToString()) });
                    await Assessments.CurrentDecision.RecordAsync(db, assessment, cancellationToken);
                    await Application.Reassessments.ReassessmentScheduling.ScheduleAfterDecisionAsync(db, assessment,
                        c.Result == WorkflowResult.ApprovedWithConditions ? await AcceptanceExpiryAsync(instance, cancellationToken) : null, now, cancellationToken);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown workflow command {command.GetType().Name}.");
            }
        }

        var state = step.State;
        if (state.DefinitionVersion != instance.DefinitionVersion) instance.Repin(state.DefinitionVersion, state.DefinitionHash);
        if (state.Status == WorkflowInstanceStatus.Cancelled && !assessment.IsFinal) assessment.Cancel(now);
        instance.Store(WorkflowStateJson.Serialize(state), Camel(state.Status.ToString()), state.CurrentActivityIds.FirstOrDefault(),
            state.Result is { } r ? Camel(r.ToString()) : null, state.FinishedAt);
        return new Applied(timers, mail);
    }

    private void AfterCommit(Applied applied)
    {
        var tenantId = tenant.TenantId!.Value;
        foreach (var timer in applied.Timers)
        {
            var (instanceId, timerId) = (timer.InstanceId, timer.TimerId);
            jobs.Schedule<WorkflowTimerJob>(j => j.FireAsync(tenantId, instanceId, timerId, CancellationToken.None), timer.DueAt);
        }
        if (applied.Mail) outbox.NudgeDelivery();
    }

    private static void EnsureInReview(Assessment assessment)
    {
        if (assessment.Status is AssessmentStatus.Submitted or AssessmentStatus.ClarificationRequested) assessment.ResumeReview();
    }

    private static Guid? ParseUser(string? id) => Guid.TryParse(id, out var g) ? g : null;

    private async Task<List<string>> AllItemIdsAsync(Assessment assessment, CancellationToken cancellationToken)
    {
        var template = await db.QuestionnaireTemplates.AsNoTracking().SingleAsync(t => t.Id == assessment.TemplateId, cancellationToken);
        return [.. template.Definition().AllItems().Select(i => i.Id)];
    }

    private async Task<string?> DecisionNoteAsync(WorkflowInstance instance, WorkflowResult result, WorkflowEvent? input, CancellationToken cancellationToken)
    {
        if (result == WorkflowResult.Approved) return (input as TaskCompleted)?.Comment;
        var votes = await db.Set<WorkflowVote>()
            .Where(v => db.Set<WorkflowTask>().Any(t => t.Id == v.WorkflowTaskId && t.InstanceId == instance.Id))
            .Select(v => new { v.Vote, v.Conditions, v.ConditionsOwner, v.ConditionsDueOn, v.Reason }).ToListAsync(cancellationToken);
        var local = db.ChangeTracker.Entries<WorkflowVote>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .Select(v => new { v.Vote, v.Conditions, v.ConditionsOwner, v.ConditionsDueOn, v.Reason });
        var all = votes.Concat(local).ToList();
        if (result == WorkflowResult.ApprovedWithConditions)
        {
            var conditions = all.Where(v => v.Conditions is not null).Select(v => string.Create(CultureInfo.InvariantCulture,
                $"{v.Conditions} (owner: {v.ConditionsOwner ?? "unassigned"}{(v.ConditionsDueOn is { } d ? $", due {d:yyyy-MM-dd}" : "")})")).ToList();
            return conditions.Count > 0 ? string.Join("; ", conditions) : "Approved with conditions by the committee.";
        }
        var reasons = all.Where(v => v.Reason is not null && v.Vote == "reject").Select(v => v.Reason!).ToList();
        if (input is TaskCompleted { Comment: { Length: > 0 } comment }) reasons.Insert(0, comment);
        return reasons.Count > 0 ? string.Join("; ", reasons) : "Rejected by the review workflow.";
    }

    /// <summary>
    /// A committee acceptance with conditions holds until the earliest date its conditions are due; the next reassessment is due then
    /// at the latest (see ADR-014).
    /// </summary>
    private async Task<DateOnly?> AcceptanceExpiryAsync(WorkflowInstance instance, CancellationToken cancellationToken)
    {
        var stored = await db.Set<WorkflowVote>()
            .Where(v => v.ConditionsDueOn != null && db.Set<WorkflowTask>().Any(t => t.Id == v.WorkflowTaskId && t.InstanceId == instance.Id))
            .Select(v => v.ConditionsDueOn).ToListAsync(cancellationToken);
        var local = db.ChangeTracker.Entries<WorkflowVote>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.ConditionsDueOn);
        return stored.Concat(local).Where(d => d is not null).Min();
    }

    private async Task<bool> NotifyAsync(WorkflowInstance instance, Assessment assessment, WorkflowInstanceState state, SendNotification command,
        WorkflowHostData host, CancellationToken cancellationToken)
    {
        var userIds = new HashSet<Guid>();
        var toVendor = false;
        foreach (var recipient in command.To)
        {
            switch (recipient.Kind)
            {
                case RecipientKind.User when ParseUser(recipient.Value) is { } id:
                    userIds.Add(id);
                    break;
                case RecipientKind.Role when recipient.Value is { } role:
                    foreach (var id in host.MembersHolding(role).Where(id => id != instance.RequesterUserId || role == WorkflowRoles.TenantAdmin))
                        userIds.Add(id);
                    break;
                case RecipientKind.Vendor:
                    toVendor = true;
                    break;
            }
        }

        var bookmark = command.TaskId is null ? null : state.Bookmarks.FirstOrDefault(b => b.Id == command.TaskId);
        var title = bookmark?.ActivityId is { } a ? (tasksTitle(a) ?? a) : null;
        string? tasksTitle(string activityId) => catalog.Find(instance.DefinitionId, instance.DefinitionVersion)?.Activity(activityId) switch
        {
            AwaitDecisionActivity d => d.Title ?? d.Id,
            CommitteeApprovalActivity => "Committee vote",
            RequestClarificationActivity => "Clarification",
            _ => null,
        };
        var vendorName = await db.Vendors.Where(v => v.Id == assessment.VendorId).Select(v => v.LegalName).SingleAsync(cancellationToken);
        var baseUrl = (configuration["App:PublicBaseUrl"] ?? "http://localhost").TrimEnd('/');
        var tenantSlug = tenant.Slug ?? await db.Tenants.Where(t => t.Id == tenant.TenantId).Select(t => t.Slug).SingleAsync(cancellationToken);
        var tenantName = tenant.TenantName ?? await db.Tenants.Where(t => t.Id == tenant.TenantId).Select(t => t.Name).SingleAsync(cancellationToken);
        var link = command.TaskId is null ? $"{baseUrl}/t/{tenantSlug}/reviews/instance/{instance.Id}"
            : command.Template == WorkflowInterpreter.VoteRequestedTemplate ? $"{baseUrl}/t/{tenantSlug}/committee"
            : $"{baseUrl}/t/{tenantSlug}/reviews";
        var note = command.Template == WorkflowInterpreter.ClarificationRequestedTemplate ? state.PendingClarification?.Comment : bookmark?.Note;
        if (command.Template is "review-rejected" or "review-approved-with-conditions") note = null;

        var sent = false;
        var internalMail = WorkflowEmailTemplates.Render(command.Template, new WorkflowMailContext(tenantName, assessment.Title, vendorName, title,
            bookmark?.DueAt, link, note));
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).Select(u => new { u.Email, u.DisplayName }).ToListAsync(cancellationToken);
        foreach (var user in users.Where(u => u.Email is not null))
        {
            outbox.Enqueue(internalMail, user.Email!, user.DisplayName, command.Template, tenant.TenantId);
            sent = true;
        }

        if (toVendor)
        {
            var vendorMail = WorkflowEmailTemplates.Render(command.Template, new WorkflowMailContext(tenantName, assessment.Title, vendorName, title,
                bookmark?.DueAt, null, command.Template == WorkflowInterpreter.ClarificationRequestedTemplate ? note : null));
            var contacts = await db.AssessmentContacts.AsNoTracking().Where(c => c.AssessmentId == assessment.Id).Select(c => c.Email).ToListAsync(cancellationToken);
            foreach (var email in contacts.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                outbox.Enqueue(vendorMail, email, null, command.Template, tenant.TenantId);
                sent = true;
            }
        }
        return sent;
    }

    private static string EventName(WorkflowEvent input) => input switch
    {
        TaskCompleted => "task-decided",
        VoteCast => "vote-cast",
        TimerFired => "timer-fired",
        ClarificationAnswered => "clarification-answered",
        DeadlineExtended => "deadline-extended",
        WorkflowCancelled => "cancelled",
        _ => "input",
    };

    private static object Describe(WorkflowEvent input) => input switch
    {
        TaskCompleted t => new { task = t.TaskId, outcome = t.Outcome, questions = t.QuestionIds.IsDefault ? [] : t.QuestionIds.ToArray() },
        VoteCast v => new { task = v.TaskId, vote = Camel(v.Vote.ToString()) },
        TimerFired f => new { timer = f.TimerId },
        ClarificationAnswered c => new { task = c.TaskId },
        DeadlineExtended d => new { task = d.TaskId, reason = d.Reason },
        WorkflowCancelled c => new { reason = c.Reason },
        _ => new { },
    };
}
