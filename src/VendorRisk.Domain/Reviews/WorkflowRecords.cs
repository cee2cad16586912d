using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Reviews;

/// <summary>
/// One running (or finished) review workflow of an assessment. <see cref="StateJson"/> holds the interpreter's
/// state, the source of truth; every step stores it together with its projections (tasks, votes, timers, journal)
/// in one transaction guarded by <see cref="Version"/>.
/// </summary>
public sealed class WorkflowInstance : ITenantOwned, IVersioned
{
    public const int DefinitionIdMaxLength = 100;
    public const int HashMaxLength = 80;

    private WorkflowInstance() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid AssessmentId { get; private set; }
    public string DefinitionId { get; private set; } = "";
    public int DefinitionVersion { get; private set; }
    public string DefinitionHash { get; private set; } = "";
    public Guid RequesterUserId { get; private set; }
    public string StateJson { get; private set; } = "";
    /// <summary>The interpreter's status name (waiting, completed, cancelled, faulted).</summary>
    public string Status { get; private set; } = "";
    public string? CurrentActivityId { get; private set; }
    public string? Result { get; private set; }
    /// <summary>The residual risk level (low, medium, high, critical) set by a <c>setResidualRisk</c> activity.</summary>
    public string? ResidualRisk { get; private set; }
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    public int Version { get; set; }

    public static WorkflowInstance Create(Guid assessmentId, string definitionId, int definitionVersion, string definitionHash,
        Guid requesterUserId, DateTimeOffset now) => new()
    {
        Id = Ids.New(), AssessmentId = assessmentId, DefinitionId = definitionId, DefinitionVersion = definitionVersion,
        DefinitionHash = definitionHash, RequesterUserId = requesterUserId, StartedAt = now, Status = "running",
    };

    public void SetResidualRisk(string level) => ResidualRisk = level;

    /// <summary>Pins the instance to another version of its definition (an explicit migration by an admin).</summary>
    public void Repin(int definitionVersion, string definitionHash)
    {
        if (FinishedAt is not null) throw new DomainException("A finished review cannot move to another version.");
        if (definitionVersion <= DefinitionVersion) throw new DomainException("A review only moves to a newer version.");
        DefinitionVersion = definitionVersion;
        DefinitionHash = definitionHash;
    }

    public void Store(string stateJson, string status, string? currentActivityId, string? result, DateTimeOffset? finishedAt)
    {
        StateJson = stateJson;
        Status = status;
        CurrentActivityId = currentActivityId;
        Result = result;
        FinishedAt = finishedAt;
    }
}

/// <summary>
/// The queryable projection of one open or closed task of an instance (human decision, committee vote,
/// clarification): what inboxes list. Keyed by (instance, task id).
/// </summary>
public sealed class WorkflowTask : ITenantOwned
{
    public const int TaskIdMaxLength = 40;
    public const int ActivityIdMaxLength = 100;
    public const int RoleMaxLength = 40;
    public const int TitleMaxLength = 300;

    private WorkflowTask() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid InstanceId { get; private set; }
    public Guid AssessmentId { get; private set; }
    public string TaskId { get; private set; } = "";
    public string ActivityId { get; private set; } = "";
    /// <summary>humanTask, vote or clarification.</summary>
    public string Kind { get; private set; } = "";
    public string Title { get; private set; } = "";
    public string? Note { get; private set; }
    public Guid? AssigneeUserId { get; private set; }
    /// <summary>The role whose members may take the task while it has no assignee (and the committee role of a vote).</summary>
    public string? AssigneeRole { get; private set; }
    /// <summary>After an escalation members of this role may decide too.</summary>
    public string? EscalatedToRole { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DueAt { get; private set; }
    public string? Outcome { get; private set; }
    public Guid? DecidedByUserId { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? IdempotencyKey { get; private set; }
    public string? Comment { get; private set; }

    public bool IsOpen => Outcome is null;

    public static WorkflowTask Create(Guid instanceId, Guid assessmentId, string taskId, string activityId, string kind, string title,
        string? note, Guid? assigneeUserId, string? assigneeRole, DateTimeOffset? dueAt, DateTimeOffset now) => new()
    {
        Id = Ids.New(), InstanceId = instanceId, AssessmentId = assessmentId, TaskId = taskId, ActivityId = activityId, Kind = kind,
        Title = title.Length > TitleMaxLength ? title[..TitleMaxLength] : title, Note = note, AssigneeUserId = assigneeUserId,
        AssigneeRole = assigneeRole, DueAt = dueAt, CreatedAt = now,
    };

    /// <summary>A migration moved the open task to an activity of the new definition version.</summary>
    public void MoveTo(string activityId, string title)
    {
        if (Outcome is not null) throw new DomainException("A decided task cannot move.");
        ActivityId = activityId;
        Title = title.Length > TitleMaxLength ? title[..TitleMaxLength] : title;
    }

    public void Reschedule(DateTimeOffset dueAt, string? escalatedToRole)
    {
        DueAt = dueAt;
        EscalatedToRole = escalatedToRole ?? EscalatedToRole;
    }

    public void Close(string outcome, Guid? by, DateTimeOffset at, string? idempotencyKey, string? comment)
    {
        if (Outcome is not null) throw new DomainException($"This task was already decided: {Outcome}.");
        Outcome = outcome;
        DecidedByUserId = by;
        DecidedAt = at;
        IdempotencyKey = idempotencyKey;
        Comment = comment;
    }
}

/// <summary>One committee member's vote on a vote task. One per (task, voter), enforced by a unique index too.</summary>
public sealed class WorkflowVote : ITenantOwned
{
    public const int TextMaxLength = 2000;

    private WorkflowVote() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid WorkflowTaskId { get; private set; }
    public Guid VoterUserId { get; private set; }
    /// <summary>approve, approveWithConditions or reject.</summary>
    public string Vote { get; private set; } = "";
    public string? Conditions { get; private set; }
    public string? ConditionsOwner { get; private set; }
    public DateOnly? ConditionsDueOn { get; private set; }
    public string? Reason { get; private set; }
    public DateTimeOffset At { get; private set; }

    public static WorkflowVote Create(Guid workflowTaskId, Guid voter, string vote, string? conditions, string? conditionsOwner,
        DateOnly? conditionsDueOn, string? reason, DateTimeOffset at) => new()
    {
        Id = Ids.New(), WorkflowTaskId = workflowTaskId, VoterUserId = voter, Vote = vote, Conditions = conditions,
        ConditionsOwner = conditionsOwner, ConditionsDueOn = conditionsDueOn, Reason = reason, At = at,
    };
}

/// <summary>A durable timer of an instance. The Hangfire job carries only ids; the sweeper fires due timers whose job was lost.</summary>
public sealed class WorkflowTimer : ITenantOwned
{
    private WorkflowTimer() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid InstanceId { get; private set; }
    public string TimerId { get; private set; } = "";
    public string TaskId { get; private set; } = "";
    public DateTimeOffset DueAt { get; private set; }
    public string Purpose { get; private set; } = "";
    public DateTimeOffset? FiredAt { get; private set; }
    public DateTimeOffset? CancelledAt { get; private set; }

    public bool IsPending => FiredAt is null && CancelledAt is null;

    public static WorkflowTimer Create(Guid instanceId, string timerId, string taskId, DateTimeOffset dueAt, string purpose) => new()
    {
        Id = Ids.New(), InstanceId = instanceId, TimerId = timerId, TaskId = taskId, DueAt = dueAt, Purpose = purpose,
    };

    public void MarkFired(DateTimeOffset at) => FiredAt ??= at;

    public void Cancel(DateTimeOffset at)
    {
        if (FiredAt is null) CancelledAt ??= at;
    }
}

/// <summary>One move of an instance: from an activity, by an outcome, to the next.</summary>
public sealed class WorkflowJournalEntry : ITenantOwned
{
    private WorkflowJournalEntry() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid InstanceId { get; private set; }
    public int Sequence { get; private set; }
    public string? FromActivityId { get; private set; }
    public string? ToActivityId { get; private set; }
    public string Outcome { get; private set; } = "";
    /// <summary>The acting user's id, or null for the system.</summary>
    public Guid? ByUserId { get; private set; }
    public DateTimeOffset At { get; private set; }

    public static WorkflowJournalEntry Create(Guid instanceId, int sequence, string? from, string? to, string outcome, Guid? by,
        DateTimeOffset at) => new()
    {
        Id = Ids.New(), InstanceId = instanceId, Sequence = sequence, FromActivityId = from, ToActivityId = to, Outcome = outcome,
        ByUserId = by, At = at,
    };
}
