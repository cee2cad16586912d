using System.Collections.Immutable;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
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
/// Timers are rows that the recurring sweeper fires when due (<see cref="WorkflowTimerJob"/>): a step schedules no job (ADR-046).
/// </summary>
public sealed class WorkflowRunner(
    AppDbContext db,
    WorkflowCatalog catalog,
    TimeProvider clock,
    EmailOutbox outbox,
    AuditLog audit,
    WorkflowEffects effects,
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

    internal static string SpecialismName(string role) => ReviewerSpecialismsExtensions.FromWorkflowRole(role) is var s && s != ReviewerSpecialisms.None
        ? s.DisplayName().ToLowerInvariant().Replace("ai ", "AI ", StringComparison.Ordinal)
        : role;

    public static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>
    /// Starts the review of a submitted assessment: the definition is chosen by the vendor's inherent tier (Medium while
    /// untiered) and the assessment's template key; the assessment moves to "in review". <paramref name="handOverId"/>: the
    /// <see cref="ReviewHandOver"/> this start delivers, marked delivered in the start's own transaction.
    /// <paramref name="knownScore"/>: the questionnaire's evaluation the caller already made in this request (evaluated here otherwise).
    /// </summary>
    public async Task<WorkflowRunResult> StartForAssessmentAsync(Guid assessmentId, Guid? handOverId = null, AutoScoreResult? knownScore = null,
        CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        db.ChangeTracker.Clear();
        var assessment = await db.Assessments.SingleOrDefaultAsync(a => a.Id == assessmentId, cancellationToken);
        if (assessment is null) return new(StepStatus.Refused, "There is no such assessment.", null);
        if (await db.Set<WorkflowInstance>().AnyAsync(i => i.AssessmentId == assessmentId, cancellationToken))
            return new(StepStatus.AlreadyDecided, "The review of this assessment has already started.", null);

        var vendor = await WorkflowHostData.VendorFactsAsync(db, assessment.VendorId, cancellationToken);
        var tier = vendor?.InherentTier ?? RiskTier.Medium;
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
        var host = WorkflowHostData.For(db, assessment, definition, knownScore, vendor);
        var step = await host.RunAsync(h => WorkflowInterpreter.Start(definition, new StartWorkflow(assessment.RequestedByUserId.ToString()), h, now),
            cancellationToken);
        if (step.Status != StepStatus.Applied)
        {
            db.ChangeTracker.Clear();
            return new(step.Status, step.Message, null);
        }

        var applied = await effects.ApplyAsync(instance, assessment, definition, step, input: null, actor: null, vote: null, host, now, cancellationToken);
        audit.Record("review.started", nameof(WorkflowInstance), instance.Id,
            new { assessmentId, definition = definition.Id, version = definition.Version });
        await MarkDeliveredAsync(handOverId, "applied", now, cancellationToken);
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

    /// <summary>
    /// Delivers an input to an instance. <paramref name="actor"/> is the person acting (null for the system);
    /// <paramref name="handOverId"/>: the <see cref="ReviewHandOver"/> this input delivers, marked in the step's transaction.
    /// </summary>
    public async Task<WorkflowRunResult> HandleAsync(Guid instanceId, WorkflowEvent input, Guid? actor, VoteDetails? vote = null,
        Guid? handOverId = null, CancellationToken cancellationToken = default)
    {
        // A condition's due date sets when the acceptance expires (and so the next reassessment): not in the past, not absurd.
        if (vote?.ConditionsDueOn is { } conditionsDue
            && (conditionsDue < DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) || conditionsDue > BusinessDates.Latest))
        {
            return new(StepStatus.Refused,
                $"The conditions' due date must be between today and {BusinessDates.Latest:yyyy-MM-dd}.", null);
        }
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

            var host = WorkflowHostData.For(db, assessment, definition);
            var step = await host.RunAsync(h => WorkflowInterpreter.Handle(definition, state, input, h, now), cancellationToken);
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
            StepEffects applied;
            try
            {
                applied = await effects.ApplyAsync(instance, assessment, definition, step, input, actor, vote, host, now, cancellationToken);
            }
            catch (DomainException e) when (attempt < MaxAttempts)
            {
                // The assessment was read after a concurrent step committed (it no longer fits the instance we loaded):
                // replay on fresh state, where the interpreter sees that step too.
                logger.LogDebug(e, "Workflow instance {InstanceId} read across a concurrent commit; replaying (attempt {Attempt}).", instanceId, attempt);
                continue;
            }
            audit.Record("review." + EventName(input), nameof(WorkflowInstance), instance.Id, Describe(input), actorUserId: actor);
            await MarkDeliveredAsync(handOverId, "applied", now, cancellationToken);
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

        var host = WorkflowHostData.For(db, assessment, to);
        var applied = await effects.ApplyAsync(instance, assessment, to, step, input: null, actor, vote: null, host, now, cancellationToken);
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
    public async Task<WorkflowRunResult> ClarificationAnsweredAsync(Guid assessmentId, Guid? byUserId, Guid? handOverId = null,
        CancellationToken cancellationToken = default)
    {
        var open = await db.Set<WorkflowTask>().AsNoTracking()
            .Where(t => t.AssessmentId == assessmentId && t.Kind == KindClarification && t.Outcome == null)
            .Select(t => new { t.InstanceId, t.TaskId }).FirstOrDefaultAsync(cancellationToken);
        return open is null
            ? new(StepStatus.Ignored, "No clarification is open for this assessment.", null)
            : await HandleAsync(open.InstanceId, new ClarificationAnswered(open.TaskId, byUserId?.ToString() ?? "system"), byUserId,
                handOverId: handOverId, cancellationToken: cancellationToken);
    }

    /// <summary>Marks the hand-over this step delivers, in the step's unit of work (so it commits with the step or not at all).</summary>
    private async Task MarkDeliveredAsync(Guid? handOverId, string outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (handOverId is not { } id) return;
        var handOver = await db.Set<ReviewHandOver>().SingleAsync(h => h.Id == id, cancellationToken);
        if (handOver.IsPending) handOver.MarkDelivered(outcome, now);
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

    private void AfterCommit(StepEffects applied)
    {
        if (applied.Mail) outbox.NudgeDelivery();
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
