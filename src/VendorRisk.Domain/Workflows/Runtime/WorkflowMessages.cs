using System.Collections.Immutable;
using VendorRisk.Domain.Questionnaires;

namespace VendorRisk.Domain.Workflows.Runtime;

// ---------------------------------------------------------------- inputs

/// <summary>Starts an instance for an assessment submitted by <see cref="RequesterUserId"/>.</summary>
/// <param name="Variables">Initial values of declared variables (checked against their declared types).</param>
public sealed record StartWorkflow(string RequesterUserId, ImmutableDictionary<string, WorkflowValue>? Variables = null);

/// <summary>An input that moves a waiting instance on.</summary>
public abstract record WorkflowEvent;

/// <summary>
/// A person decided a human task. <paramref name="IdempotencyKey"/> (e.g. the form's submission id) makes a resubmission
/// answer "already decided" instead of acting twice. <paramref name="Variables"/> sets declared variables, such as the
/// reviewer's residual-risk rating; <paramref name="QuestionIds"/> and <paramref name="Comment"/> describe a clarification request, and
/// <paramref name="QuestionComments"/> the reviewer's own question for some of the reopened questions (by item id).
/// </summary>
public sealed record TaskCompleted(string TaskId, string Outcome, string By, string IdempotencyKey, string? Comment = null,
    ImmutableDictionary<string, WorkflowValue>? Variables = null, ImmutableArray<string> QuestionIds = default,
    ResidualRating? Residual = null, ImmutableDictionary<string, string>? QuestionComments = null) : WorkflowEvent;

/// <summary>The reviewer's residual-risk rating that came with a decision (1-5 each); the host stores it on the assessment.</summary>
public sealed record ResidualRating(int Likelihood, int Impact);

public sealed record VoteCast(string TaskId, string Voter, VoteChoice Vote, string? Comment = null) : WorkflowEvent;

/// <summary>A timer came due (a Hangfire job or the sweeper). Firing twice, or after its task closed, does nothing.</summary>
public sealed record TimerFired(string TimerId) : WorkflowEvent;

/// <summary>The vendor answered the reopened questions.</summary>
public sealed record ClarificationAnswered(string TaskId, string By) : WorkflowEvent;

/// <summary>
/// The assignee (or an admin) asks for more time: the deadline moves by the SLA's <c>dueInHours</c>, at most <c>maxExtensions</c> times.
/// With <paramref name="ExtensionsSeen"/> (how many extensions the person saw) a second submission of the same form is answered
/// "already extended" instead of extending twice.
/// </summary>
public sealed record DeadlineExtended(string TaskId, string By, string? Reason = null, int? ExtensionsSeen = null) : WorkflowEvent;

/// <summary>The assessment was withdrawn: every open task closes and the instance ends without a result.</summary>
public sealed record WorkflowCancelled(string By, string Reason) : WorkflowEvent;

// ---------------------------------------------------------------- host queries

/// <summary>The questionnaire engine's result for the assessment, as <c>autoScore</c> needs it.</summary>
public sealed record AutoScoreResult(decimal Score, RiskTier Tier, int FindingsCritical, int FindingsHigh, int FindingsMedium = 0, int FindingsLow = 0);

/// <param name="ExcludedUserIds">People who must not be picked: always the requester.</param>
public sealed record ReviewerRequest(string ActivityId, string Role, AssignmentStrategy Strategy, ImmutableArray<string> ExcludedUserIds);

/// <summary>
/// Synchronous questions the interpreter asks while it runs (one implementation per instance, bound to its assessment).
/// Answers must come from data read in the same transaction; the interpreter itself stays deterministic.
/// </summary>
public interface IWorkflowHost
{
    /// <summary>Runs (or reads) the questionnaire engine's score, findings and tier for the assessment.</summary>
    AutoScoreResult Score();

    /// <summary>Picks a person holding the role by the strategy, never one in <see cref="ReviewerRequest.ExcludedUserIds"/>; null when nobody is eligible.</summary>
    string? SelectReviewer(ReviewerRequest request);

    /// <summary>The people who hold <paramref name="role"/>, without <paramref name="excludedUserIds"/>.</summary>
    IReadOnlyList<string> CommitteeMembers(string role, IReadOnlyCollection<string> excludedUserIds);
}

// ---------------------------------------------------------------- outputs

public enum StepStatus
{
    /// <summary>The input was applied: store the new state and carry out the commands in one transaction.</summary>
    Applied,
    /// <summary>The task was already decided (or the idempotency key already used); nothing changed. Not an error for the user.</summary>
    AlreadyDecided,
    /// <summary>Nothing to do (a timer that is no longer pending); nothing changed.</summary>
    Ignored,
    /// <summary>The input is not allowed (finished instance, unknown task or outcome, duplicate vote, ...); nothing changed. <see cref="WorkflowStep.Message"/> says why.</summary>
    Refused,
}

public sealed record WorkflowStep(StepStatus Status, WorkflowInstanceState State, ImmutableArray<WorkflowCommand> Commands, string? Message = null)
{
    public bool Changed => Status == StepStatus.Applied;
}

public enum RecipientKind
{
    User,
    Role,
    Vendor,
}

/// <summary>A notification recipient: a user id, a role name (the host expands it, leaving out the requester where it matters), or the vendor's contacts.</summary>
public sealed record Recipient(RecipientKind Kind, string? Value)
{
    public static Recipient User(string userId) => new(RecipientKind.User, userId);

    public static Recipient Role(string role) => new(RecipientKind.Role, role);

    public static readonly Recipient Vendor = new(RecipientKind.Vendor, null);

    public override string ToString() => Kind == RecipientKind.Vendor ? "vendor" : $"{Kind.ToString().ToLowerInvariant()}:{Value}";
}

/// <summary>A side effect the host carries out in the same transaction as storing the new state.</summary>
public abstract record WorkflowCommand;

/// <summary>Create a task row (human task, vote or clarification) the assignee sees in their queue.</summary>
public sealed record CreateTask(string TaskId, string ActivityId, BookmarkKind Kind, string Title, string? AssigneeUserId, string? AssigneeRole,
    string? Note, DateTimeOffset? DueAt, ImmutableArray<string> Outcomes, ImmutableArray<string> Electorate) : WorkflowCommand;

/// <summary>The task's deadline moved (escalation or extension); after an escalation <paramref name="EscalatedToRole"/> may decide it too.</summary>
public sealed record RescheduleTask(string TaskId, DateTimeOffset DueAt, string? EscalatedToRole, string Reason) : WorkflowCommand;

/// <summary>Close a task with the outcome; <paramref name="By"/> is null when the system closed it (deadline, escalation bound, cancellation).</summary>
public sealed record CloseTask(string TaskId, string Outcome, string? By) : WorkflowCommand;

/// <summary>Schedule a delayed job that delivers <see cref="TimerFired"/> at <paramref name="DueAt"/>.</summary>
public sealed record ScheduleTimer(string TimerId, string TaskId, DateTimeOffset DueAt, TimerPurpose Purpose) : WorkflowCommand;

public sealed record CancelTimer(string TimerId) : WorkflowCommand;

/// <summary>Queue an e-mail (outbox) from <paramref name="Template"/>.</summary>
public sealed record SendNotification(string Template, ImmutableArray<Recipient> To, string? TaskId) : WorkflowCommand;

/// <summary>Record who was assigned (audit, round-robin cursor); <paramref name="AssigneeUserId"/> null means the task went to the role's pool.</summary>
public sealed record AssignReviewer(string ActivityId, string Assignment, string Role, AssignmentStrategy Strategy, string? AssigneeUserId,
    ImmutableArray<string> ExcludedUserIds) : WorkflowCommand;

/// <summary>
/// Reopen questions of the assessment for the vendor (all of them when <paramref name="QuestionIds"/> is empty), each with
/// <paramref name="Comment"/> and its own comment of <paramref name="QuestionComments"/>, if any.
/// </summary>
public sealed record ReopenQuestions(string TaskId, ImmutableArray<string> QuestionIds, string? Comment, string RequestedBy,
    ImmutableDictionary<string, string>? QuestionComments = null) : WorkflowCommand;

public sealed record RecordVote(string TaskId, string Voter, VoteChoice Vote, string? Comment, DateTimeOffset At) : WorkflowCommand;

/// <summary>Store the assessment's residual risk (<c>low</c>, <c>medium</c>, <c>high</c>, <c>critical</c>).</summary>
public sealed record SetResidualRisk(string ActivityId, string Level) : WorkflowCommand;

/// <summary>One journal row: the instance moved from an activity by an outcome (by a person or, when null, the system).</summary>
public sealed record WriteJournal(string? FromActivityId, string? ToActivityId, string Outcome, string? By, DateTimeOffset At) : WorkflowCommand;

/// <summary>A migration moved an open task to another activity (of the new version): update its row.</summary>
public sealed record MoveTask(string TaskId, string ActivityId, string Title) : WorkflowCommand;

/// <summary>The review ended with a result: set the assessment's decision.</summary>
public sealed record FinishReview(WorkflowResult Result) : WorkflowCommand;
