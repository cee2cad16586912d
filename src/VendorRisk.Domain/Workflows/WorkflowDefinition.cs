using System.Collections.Immutable;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Expressions;

namespace VendorRisk.Domain.Workflows;

public enum WorkflowDefinitionStatus
{
    Draft,
    Published,
    Retired,
}

public enum WorkflowVariableType
{
    Number,
    String,
    Boolean,
}

/// <summary>A declared variable; only declared variables may be read by conditions or written by the engine.</summary>
public sealed record WorkflowVariable(string Name, WorkflowVariableType Type, WorkflowValue? Default);

/// <summary>Which assessments a definition is chosen for: the inherent tier and, optionally, questionnaire template keys.</summary>
public sealed record WorkflowApplicability(ImmutableArray<RiskTier> Tiers, ImmutableArray<string> Questionnaires);

/// <summary>
/// One immutable version of a review workflow, loaded from <c>workflows/&lt;id&gt;/v&lt;version&gt;.json</c>.
/// <see cref="Hash"/> is the SHA-256 of the file's canonical text (see <see cref="WorkflowDefinitionReader.CanonicalHash"/>);
/// instances pin id, version and hash when they start.
/// </summary>
public sealed record WorkflowDefinition
{
    public required string Id { get; init; }

    public required int Version { get; init; }

    public required WorkflowDefinitionStatus Status { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public required WorkflowApplicability AppliesTo { get; init; }

    public required ImmutableDictionary<string, WorkflowVariable> Variables { get; init; }

    public required string Start { get; init; }

    /// <summary>In file order.</summary>
    public required ImmutableArray<WorkflowActivity> Activities { get; init; }

    public required string Hash { get; init; }

    /// <summary>Path as given to the reader, used in messages (e.g. <c>workflows/standard-review/v1.json</c>).</summary>
    public required string SourcePath { get; init; }

    public WorkflowActivity Activity(string id) =>
        Activities.FirstOrDefault(a => a.Id == id)
        ?? throw new KeyNotFoundException($"{SourcePath}: no activity '{id}'.");

    public override string ToString() => $"{Id} v{Version}";
}

public enum AssignmentStrategy
{
    RoundRobin,
    LeastLoaded,
}

public enum QuorumRule
{
    Majority,
    TwoThirds,
    Unanimous,
}

/// <summary>An activity: a node of the graph. <see cref="Outcomes"/> maps each outcome name to the next activity id.</summary>
public abstract record WorkflowActivity(string Id, ImmutableDictionary<string, string> Outcomes)
{
    public abstract string TypeName { get; }

    /// <summary>Blocking activities wait for a person or a timer; the interpreter stops there.</summary>
    public virtual bool IsBlocking => false;

    /// <summary>Outcomes the activity can take by itself and that must therefore be mapped.</summary>
    public abstract IEnumerable<string> RequiredOutcomes { get; }

    /// <summary>Set for activities that bound how often they may be entered; the next entry takes <c>roundsExhausted</c>.</summary>
    public virtual int? MaxRounds => null;
}

/// <summary>Asks the host for the questionnaire engine's result and copies it into the reserved variables.</summary>
public sealed record AutoScoreActivity(string Id, ImmutableDictionary<string, string> Outcomes) : WorkflowActivity(Id, Outcomes)
{
    public override string TypeName => "autoScore";

    public override IEnumerable<string> RequiredOutcomes => [WorkflowOutcomes.Done];
}

public sealed record DecisionCase(string When, ExpressionNode Condition, string Outcome);

/// <summary>Takes the outcome of the first case whose condition holds, else <see cref="Default"/>.</summary>
public sealed record DecisionActivity(string Id, ImmutableDictionary<string, string> Outcomes, ImmutableArray<DecisionCase> Cases, string Default)
    : WorkflowActivity(Id, Outcomes)
{
    public override string TypeName => "decision";

    public override IEnumerable<string> RequiredOutcomes => Cases.Select(c => c.Outcome).Append(Default).Distinct(StringComparer.Ordinal);
}

/// <summary>
/// Picks a person with <see cref="Role"/> (never the requester) through the host and stores them under
/// <see cref="Assignment"/>, which a later <see cref="AwaitDecisionActivity"/> names as its assignee.
/// </summary>
public sealed record AssignReviewerActivity(string Id, ImmutableDictionary<string, string> Outcomes, string Role, AssignmentStrategy Strategy,
    string Assignment, string? Note) : WorkflowActivity(Id, Outcomes)
{
    public override string TypeName => "assignReviewer";

    public override IEnumerable<string> RequiredOutcomes => [WorkflowOutcomes.Assigned];
}

public sealed record SlaPolicy(int DueInHours, ImmutableArray<int> RemindBeforeHours, string EscalateToRole, int MaxExtensions, int Escalations,
    string OnEscalationsExhausted);

/// <summary>A human task for the person in <see cref="Assignee"/>; its outcomes are the decisions offered.</summary>
public sealed record AwaitDecisionActivity(string Id, ImmutableDictionary<string, string> Outcomes, string Assignee, string? Title, SlaPolicy? Sla)
    : WorkflowActivity(Id, Outcomes)
{
    public override string TypeName => "awaitDecision";

    public override bool IsBlocking => true;

    public override IEnumerable<string> RequiredOutcomes => Sla is null ? [] : [Sla.OnEscalationsExhausted];
}

/// <summary>Reopens questions for the vendor and waits for an answer or the response deadline.</summary>
public sealed record RequestClarificationActivity(string Id, ImmutableDictionary<string, string> Outcomes, int ResponseHours, int Rounds)
    : WorkflowActivity(Id, Outcomes)
{
    public override string TypeName => "requestClarification";

    public override bool IsBlocking => true;

    public override int? MaxRounds => Rounds;

    public override IEnumerable<string> RequiredOutcomes => [WorkflowOutcomes.Answered, WorkflowOutcomes.Expired, WorkflowOutcomes.RoundsExhausted];
}

public sealed record Quorum(int MinVotes, QuorumRule Rule);

/// <summary>A vote of the members holding <see cref="Role"/> (fixed when the round opens), decided when all have voted or at the deadline.</summary>
public sealed record CommitteeApprovalActivity(string Id, ImmutableDictionary<string, string> Outcomes, string Role, Quorum Quorum, int DeadlineHours,
    int? Rounds) : WorkflowActivity(Id, Outcomes)
{
    public override string TypeName => "committeeApproval";

    public override bool IsBlocking => true;

    public override int? MaxRounds => Rounds;

    public override IEnumerable<string> RequiredOutcomes
    {
        get
        {
            string[] outcomes = [WorkflowOutcomes.Approve, WorkflowOutcomes.ApproveWithConditions, WorkflowOutcomes.Reject, WorkflowOutcomes.NoQuorum];
            return Rounds is null ? outcomes : [.. outcomes, WorkflowOutcomes.RoundsExhausted];
        }
    }
}

/// <summary>Asks the host to record the residual risk: the value of <see cref="From"/>, or the inherent tier when it is empty.</summary>
public sealed record SetResidualRiskActivity(string Id, ImmutableDictionary<string, string> Outcomes, string? From) : WorkflowActivity(Id, Outcomes)
{
    public override string TypeName => "setResidualRisk";

    public override IEnumerable<string> RequiredOutcomes => [WorkflowOutcomes.Done];
}

public sealed record NotifyActivity(string Id, ImmutableDictionary<string, string> Outcomes, string Template, ImmutableArray<string> To)
    : WorkflowActivity(Id, Outcomes)
{
    public override string TypeName => "notify";

    public override IEnumerable<string> RequiredOutcomes => [WorkflowOutcomes.Done];
}

public enum WorkflowResult
{
    Approved,
    ApprovedWithConditions,
    Rejected,
}

public sealed record EndActivity(string Id, WorkflowResult Result) : WorkflowActivity(Id, ImmutableDictionary<string, string>.Empty)
{
    public override string TypeName => "end";

    public override IEnumerable<string> RequiredOutcomes => [];
}

/// <summary>Outcome names with a fixed meaning.</summary>
public static class WorkflowOutcomes
{
    public const string Done = "done";
    public const string Assigned = "assigned";
    public const string Answered = "answered";
    public const string Expired = "expired";
    public const string RoundsExhausted = "roundsExhausted";
    public const string Approve = "approve";
    public const string ApproveWithConditions = "approveWithConditions";
    public const string Reject = "reject";
    public const string NoQuorum = "noQuorum";
}

/// <summary>Variables the engine writes itself when they are declared (with the given type).</summary>
public static class ReservedVariables
{
    public const string Score = "score";
    public const string Tier = "tier";
    public const string FindingsCritical = "findingsCritical";
    public const string FindingsHigh = "findingsHigh";
    public const string FindingsMedium = "findingsMedium";
    public const string FindingsLow = "findingsLow";
    public const string ClarificationRounds = "clarificationRounds";

    public static readonly ImmutableDictionary<string, WorkflowVariableType> Types = new Dictionary<string, WorkflowVariableType>
    {
        [Score] = WorkflowVariableType.Number,
        [Tier] = WorkflowVariableType.String,
        [FindingsCritical] = WorkflowVariableType.Number,
        [FindingsHigh] = WorkflowVariableType.Number,
        [FindingsMedium] = WorkflowVariableType.Number,
        [FindingsLow] = WorkflowVariableType.Number,
        [ClarificationRounds] = WorkflowVariableType.Number,
    }.ToImmutableDictionary(StringComparer.Ordinal);
}

/// <summary>
/// Role names usable in <c>role</c>, <c>escalateToRole</c> and <c>to</c>: the tenant roles that act in reviews, and the
/// reviewer specialisms. The host maps a specialism to the people who hold it.
/// </summary>
public static class WorkflowRoles
{
    public const string TenantAdmin = "TenantAdmin";
    public const string VendorManager = "VendorManager";
    public const string Reviewer = "Reviewer";
    public const string CommitteeMember = "CommitteeMember";
    public const string Security = "security";
    public const string Privacy = "privacy";
    public const string AiGovernance = "aiGovernance";

    /// <summary>Notification recipients besides roles.</summary>
    public const string Vendor = "vendor";
    public const string Requester = "requester";

    public static readonly ImmutableHashSet<string> All =
        ImmutableHashSet.Create(StringComparer.Ordinal, TenantAdmin, VendorManager, Reviewer, CommitteeMember, Security, Privacy, AiGovernance);

    public static readonly ImmutableHashSet<string> Specialisms = ImmutableHashSet.Create(StringComparer.Ordinal, Security, Privacy, AiGovernance);
}

/// <summary>A typed variable value, serialisable as it stands (instances are persisted as JSON by the host).</summary>
public sealed record WorkflowValue
{
    [System.Text.Json.Serialization.JsonConstructor]
    private WorkflowValue(WorkflowVariableType type, string? @string, decimal? number, bool? boolean)
    {
        Type = type;
        String = @string;
        Number = number;
        Boolean = boolean;
    }

    public WorkflowVariableType Type { get; init; }

    public string? String { get; init; }

    public decimal? Number { get; init; }

    public bool? Boolean { get; init; }

    public static WorkflowValue OfString(string value) => new(WorkflowVariableType.String, value ?? throw new ArgumentNullException(nameof(value)), null, null);

    public static WorkflowValue OfNumber(decimal value) => new(WorkflowVariableType.Number, null, value, null);

    public static WorkflowValue OfBoolean(bool value) => new(WorkflowVariableType.Boolean, null, null, value);

    /// <summary>The value in the expression language's terms.</summary>
    public AnswerValue ToAnswerValue() => Type switch
    {
        WorkflowVariableType.Number => AnswerValue.Number(Number ?? 0),
        WorkflowVariableType.Boolean => AnswerValue.Boolean(Boolean ?? false),
        _ => AnswerValue.Text(String ?? ""),
    };

    public override string ToString() => Type switch
    {
        WorkflowVariableType.Number => (Number ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
        WorkflowVariableType.Boolean => Boolean == true ? "true" : "false",
        _ => String ?? "",
    };
}
