using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Assessments;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Workflows;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Reviews;

/// <summary>What a step left to do after its commit: whether mail was queued (timers are rows the sweeper fires, ADR-046).</summary>
public sealed record StepEffects(bool Mail);

/// <summary>
/// The effects of one interpreter step on the database, in the step's unit of work: task rows, votes, timers, journal, the
/// assessment's state, residual rating and decision (through <see cref="AssessmentDecisions"/>), audit events and mail. The
/// interpreter stays pure; this is where its commands meet the tenant's rows.
/// </summary>
public sealed class WorkflowEffects(AppDbContext db, AuditLog audit, ReviewNotifications notifications, WorkflowRunnerHooks hooks)
{
    public async Task<StepEffects> ApplyAsync(WorkflowInstance instance, Assessment assessment, WorkflowDefinition definition, WorkflowStep step,
        WorkflowEvent? input, Guid? actor, VoteDetails? vote, WorkflowHostData host, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var mail = false;
        // A starting instance has no rows yet: nothing to read.
        var isNew = db.Entry(instance).State == EntityState.Added;
        var tasks = isNew ? [] : await db.Set<WorkflowTask>().Where(t => t.InstanceId == instance.Id && t.Outcome == null).ToListAsync(cancellationToken);
        var journalSequence = isNew ? 0 : await db.Set<WorkflowJournalEntry>().Where(j => j.InstanceId == instance.Id)
            .Select(j => (int?)j.Sequence).MaxAsync(cancellationToken) ?? 0;
        List<WorkflowTimer>? pendingTimers = null;
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
                    var row = WorkflowTask.Create(instance.Id, assessment.Id, c.TaskId, c.ActivityId, WorkflowRunner.KindName(c.Kind), c.Title, taskNote,
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
                    var timer = WorkflowTimer.Create(instance.Id, c.TimerId, c.TaskId, c.DueAt, WorkflowRunner.Camel(c.Purpose.ToString()));
                    db.Set<WorkflowTimer>().Add(timer);
                    break;
                case CancelTimer c:
                    // The instance's pending timers in one read for all the step's cancellations (a closing task cancels two).
                    pendingTimers ??= isNew ? [] : await db.Set<WorkflowTimer>()
                        .Where(t => t.InstanceId == instance.Id && t.FiredAt == null && t.CancelledAt == null).ToListAsync(cancellationToken);
                    pendingTimers.FirstOrDefault(t => t.TimerId == c.TimerId)?.Cancel(now);
                    break;
                case SendNotification c:
                    mail |= await notifications.NotifyAsync(instance, assessment, step.State, c, host, cancellationToken);
                    break;
                case AssignReviewer c:
                    var fallback = c.AssigneeUserId is not null && host.FallbackActivities.Contains(c.ActivityId);
                    audit.Record("review.reviewer-assigned", nameof(WorkflowInstance), instance.Id,
                        new { activity = c.ActivityId, c.Role, assignee = c.AssigneeUserId, pool = c.AssigneeUserId is null, withoutSpecialism = fallback });
                    if (fallback)
                    {
                        // Nobody holds the specialism: a Reviewer without it took the task (ADR-010). Say so in the journal and on the task.
                        db.Set<WorkflowJournalEntry>().Add(WorkflowJournalEntry.Create(instance.Id, ++journalSequence, c.ActivityId, c.ActivityId,
                            WorkflowRunner.OutcomeAssignedWithoutSpecialism, null, now));
                        fallbackNotes[c.Assignment] = $"No reviewer holds the {WorkflowRunner.SpecialismName(c.Role)} specialism, so this task went to a reviewer without it.";
                    }
                    break;
                case ReopenQuestions c:
                    var items = c.QuestionIds.IsDefaultOrEmpty ? await AllItemIdsAsync(assessment, cancellationToken) : [.. c.QuestionIds];
                    EnsureInReview(assessment);
                    await Reopening.ReopenAsync(db, assessment,
                        [.. items.Select(i => new ReopenRequest(i, Reopening.ReasonFor(i, c.Comment, c.QuestionComments) ?? DefaultClarificationReason))],
                        ReopenedItem.SourceClarification, ParseUser(c.RequestedBy), now, cancellationToken);
                    break;
                case RecordVote c:
                    var voteTask = tasks.FirstOrDefault(t => t.TaskId == c.TaskId)
                        ?? await db.Set<WorkflowTask>().SingleAsync(t => t.InstanceId == instance.Id && t.TaskId == c.TaskId, cancellationToken);
                    db.Set<WorkflowVote>().Add(WorkflowVote.Create(voteTask.Id, Guid.Parse(c.Voter), WorkflowRunner.Camel(c.Vote.ToString()),
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
                    await AssessmentDecisions.RecordAsync(db, assessment, c.Result switch
                    {
                        WorkflowResult.Approved => AssessmentDecision.Approved,
                        WorkflowResult.ApprovedWithConditions => AssessmentDecision.ApprovedWithConditions,
                        _ => AssessmentDecision.Rejected,
                    }, note, c.Result == WorkflowResult.ApprovedWithConditions ? await AcceptanceExpiryAsync(instance, cancellationToken) : null,
                        now, cancellationToken);
                    if (c.Result == WorkflowResult.ApprovedWithConditions) await TrackConditionsAsync(instance, assessment, now, cancellationToken);
                    audit.Record("review.finished", nameof(Assessment), assessment.Id, new { result = WorkflowRunner.Camel(c.Result.ToString()) });
                    break;
                default:
                    throw new InvalidOperationException($"Unknown workflow command {command.GetType().Name}.");
            }
        }

        var state = step.State;
        if (state.DefinitionVersion != instance.DefinitionVersion) instance.Repin(state.DefinitionVersion, state.DefinitionHash);
        if (state.Status == WorkflowInstanceStatus.Cancelled && !assessment.IsFinal) assessment.Cancel(now);
        instance.Store(WorkflowStateJson.Serialize(state), WorkflowRunner.Camel(state.Status.ToString()), state.CurrentActivityIds.FirstOrDefault(),
            state.Result is { } r ? WorkflowRunner.Camel(r.ToString()) : null, state.FinishedAt);
        return new StepEffects(mail);
    }

    /// <summary>The reason a question shows when the workflow reopened it without a reviewer's words.</summary>
    public const string DefaultClarificationReason = "The reviewers ask you to check this answer and change it if needed.";

    private static void EnsureInReview(Assessment assessment)
    {
        if (assessment.Status is AssessmentStatus.Submitted or AssessmentStatus.ClarificationRequested) assessment.ResumeReview();
    }

    internal static Guid? ParseUser(string? id) => Guid.TryParse(id, out var g) ? g : null;

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
    /// The committee's conditions become tracked actions (ADR-027): one <see cref="DecisionCondition"/> per vote that set conditions, owned by
    /// the vendor or the member the vote named. An owner given as free text (votes cast through the engine directly, or before the owner
    /// became a choice) falls to the review's requester, with the name kept in the condition's text. A due date outside the business range
    /// cannot come from a vote (the runner refuses it) and is skipped rather than failing the step.
    /// </summary>
    private async Task TrackConditionsAsync(WorkflowInstance instance, Assessment assessment, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await db.Set<WorkflowVote>()
            .Where(v => v.Conditions != null && db.Set<WorkflowTask>().Any(t => t.Id == v.WorkflowTaskId && t.InstanceId == instance.Id))
            .ToListAsync(cancellationToken);
        var local = db.ChangeTracker.Entries<WorkflowVote>().Where(e => e.State == EntityState.Added && e.Entity.Conditions != null).Select(e => e.Entity);
        var members = await db.Memberships.Select(m => m.UserId).ToListAsync(cancellationToken);
        foreach (var vote in stored.Concat(local).DistinctBy(v => v.Id).OrderBy(v => v.At))
        {
            if (vote.ConditionsDueOn is not { } due || !Domain.Common.BusinessDates.InRange(due)) continue;
            var text = vote.Conditions!;
            var kind = ConditionOwnerKind.Internal;
            Guid? owner = instance.RequesterUserId;
            if (vote.ConditionsOwner == "vendor") (kind, owner) = (ConditionOwnerKind.Vendor, null);
            else if (Guid.TryParse(vote.ConditionsOwner, out var id) && members.Contains(id)) owner = id;
            else if (!string.IsNullOrWhiteSpace(vote.ConditionsOwner)) text = Truncate($"{text} (owner named: {vote.ConditionsOwner})", DecisionCondition.TextMaxLength);
            var condition = DecisionCondition.Create(assessment.Id, assessment.VendorId, text, kind, owner, due, vote.VoterUserId, now, setEarlier: true);
            db.DecisionConditions.Add(condition);
            audit.Record("condition.set", nameof(DecisionCondition), condition.Id,
                new { condition.AssessmentId, condition.Text, owner = kind == ConditionOwnerKind.Vendor ? "vendor" : owner.ToString(), condition.DueOn });
        }
    }

    private static string Truncate(string value, int max) => value.Length > max ? value[..max] : value;

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
}
