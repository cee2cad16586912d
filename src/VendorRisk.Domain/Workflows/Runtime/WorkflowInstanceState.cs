using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VendorRisk.Domain.Workflows.Runtime;

public enum WorkflowInstanceStatus
{
    /// <summary>Only between steps of one call; a stored instance is never running.</summary>
    Running,
    /// <summary>Waiting on at least one open task (human task, vote or clarification).</summary>
    Waiting,
    Completed,
    Cancelled,
    Faulted,
}

public enum BookmarkKind
{
    HumanTask,
    Vote,
    Clarification,
    Timer,
}

public enum TimerPurpose
{
    Reminder,
    Due,
    ClarificationExpiry,
    VoteDeadline,
}

public enum VoteChoice
{
    Approve,
    ApproveWithConditions,
    Reject,
}

public sealed record CastVote(string Voter, VoteChoice Choice, string? Comment, DateTimeOffset At);

/// <summary>
/// Something the instance waits on. Ids (<c>task-3</c>, <c>timer-4</c>) are unique within the instance; the host
/// keys its rows on (instance id, bookmark id). Timers belong to a task (<see cref="ParentId"/>) and go when it closes.
/// </summary>
public sealed record Bookmark
{
    public required string Id { get; init; }

    public required string ActivityId { get; init; }

    public required BookmarkKind Kind { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Task deadline, or when a timer fires.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>The person a human task is for; null means anyone holding <see cref="AssigneeRole"/> (except the requester).</summary>
    public string? AssigneeUserId { get; init; }

    /// <summary>The role of a task's assignee, the committee role of a vote, or <c>vendor</c> for a clarification.</summary>
    public string? AssigneeRole { get; init; }

    /// <summary>Set once the task has escalated: people holding this role may decide it too.</summary>
    public string? EscalatedToRole { get; init; }

    public string? Note { get; init; }

    public int Escalations { get; init; }

    public int Extensions { get; init; }

    /// <summary>Committee members when the vote opened: when all of them have voted the vote closes early.</summary>
    public ImmutableArray<string> Electorate { get; init; } = [];

    public ImmutableArray<CastVote> Votes { get; init; } = [];

    public string? ParentId { get; init; }

    public TimerPurpose? Purpose { get; init; }
}

/// <summary>A closed task, kept so that a late or repeated decision is answered with what was decided.</summary>
public sealed record ClosedTask(string Id, string ActivityId, BookmarkKind Kind, string Outcome, string? By, DateTimeOffset At);

/// <summary>Who an <c>assignReviewer</c> activity picked: a person, or (when none was eligible) anyone holding the role.</summary>
public sealed record ReviewerAssignment(string Role, string? UserId, string? Note);

/// <summary>What the decision that led to a clarification asked for.</summary>
/// <param name="QuestionComments">The reviewer's own question for some of <paramref name="QuestionIds"/> (by item id).</param>
public sealed record ClarificationRequest(string RequestedBy, string? Comment, ImmutableArray<string> QuestionIds,
    ImmutableDictionary<string, string>? QuestionComments = null);

/// <summary>
/// The whole state of one workflow instance: a value, changed only by <see cref="WorkflowInterpreter"/>. The host stores
/// it (e.g. as JSON with <see cref="WorkflowStateJson"/>) beside a concurrency token.
/// </summary>
public sealed record WorkflowInstanceState
{
    public required string DefinitionId { get; init; }

    public required int DefinitionVersion { get; init; }

    /// <summary>Pinned when the instance starts; a definition with another hash is refused.</summary>
    public required string DefinitionHash { get; init; }

    public required string RequesterUserId { get; init; }

    public required WorkflowInstanceStatus Status { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public WorkflowResult? Result { get; init; }

    public string? FaultReason { get; init; }

    /// <summary>The activities the instance waits in (one for the sequential definitions we ship).</summary>
    public ImmutableArray<string> CurrentActivityIds { get; init; } = [];

    public ImmutableDictionary<string, WorkflowValue> Variables { get; init; } = ImmutableDictionary<string, WorkflowValue>.Empty;

    /// <summary>How often each round-bounded activity has been entered (clarification rounds, committee rounds).</summary>
    public ImmutableDictionary<string, int> Rounds { get; init; } = ImmutableDictionary<string, int>.Empty;

    public ImmutableDictionary<string, ReviewerAssignment> Assignments { get; init; } = ImmutableDictionary<string, ReviewerAssignment>.Empty;

    /// <summary>Open tasks, votes, clarifications and timers.</summary>
    public ImmutableArray<Bookmark> Bookmarks { get; init; } = [];

    public ImmutableArray<ClosedTask> ClosedTasks { get; init; } = [];

    public ImmutableArray<string> ProcessedIdempotencyKeys { get; init; } = [];

    public ClarificationRequest? PendingClarification { get; init; }

    /// <summary>Next number for bookmark ids.</summary>
    public int NextId { get; init; } = 1;

    [JsonIgnore]
    public bool IsFinished => Status is WorkflowInstanceStatus.Completed or WorkflowInstanceStatus.Cancelled or WorkflowInstanceStatus.Faulted;

    /// <summary>Open tasks people act on (timers left out).</summary>
    [JsonIgnore]
    public IEnumerable<Bookmark> OpenTasks => Bookmarks.Where(b => b.Kind != BookmarkKind.Timer);

    [JsonIgnore]
    public IEnumerable<Bookmark> Timers => Bookmarks.Where(b => b.Kind == BookmarkKind.Timer);
}

/// <summary>JSON for persisting <see cref="WorkflowInstanceState"/> (camelCase, enums as camelCase strings).</summary>
public static class WorkflowStateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(WorkflowInstanceState state) => JsonSerializer.Serialize(state, Options);

    public static WorkflowInstanceState Deserialize(string json) =>
        JsonSerializer.Deserialize<WorkflowInstanceState>(json, Options) ?? throw new JsonException("Workflow state JSON is null.");
}
