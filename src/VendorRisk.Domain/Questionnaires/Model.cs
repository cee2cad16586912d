using System.Collections.Immutable;

namespace VendorRisk.Domain.Questionnaires;

public enum QuestionnaireStatus
{
    Draft,
    Published,
    Retired,
}

public enum ItemType
{
    Info,
    Text,
    Textarea,
    Number,
    Date,
    Url,
    Email,
    Boolean,
    SingleChoice,
    MultipleChoice,
    File,
    Finding,
}

public enum ChoiceResult
{
    Compliant,
    PartiallyCompliant,
    NonCompliant,
    NotApplicable,
}

public enum FindingSeverity
{
    Low,
    Medium,
    High,
    Critical,
}

public enum ClarificationKind
{
    CompensatingControl,
    RemediationDate,
}

/// <summary>Inherent-risk tier; the order is meaningful: a later member is a higher risk.</summary>
public enum RiskTier
{
    Low,
    Medium,
    High,
    Critical,
}

/// <summary>One option of a choice item (or of a boolean item, whose values are "true" and "false").</summary>
public sealed record Choice(string Value, string Label)
{
    /// <summary>Points earned when selected; null means the choice does not take part in scoring.</summary>
    public decimal? Score { get; init; }

    public ChoiceResult? Result { get; init; }

    /// <summary>Inherent-risk points contributed when selected (used by tiering questionnaires).</summary>
    public decimal? Risk { get; init; }
}

/// <summary>Whether and when supporting documents are asked for on a question.</summary>
public sealed record EvidenceSettings
{
    public bool Allowed { get; init; } = true;

    public bool Required { get; init; }

    public string? RequiredIf { get; init; }

    /// <summary>How long a document stays acceptable after it was provided; null means it never expires.</summary>
    public int? ValidityDays { get; init; }

    /// <summary>What to upload, in words the vendor understands (e.g. "the contract clause").</summary>
    public string? Prompt { get; init; }
}

/// <summary>What a raised finding asks of the vendor.</summary>
public sealed record Clarification(ClarificationKind Kind, string Prompt);

public sealed record QuestionnaireItem
{
    public required string Id { get; init; }

    public required ItemType Type { get; init; }

    /// <summary>Question text; for a finding, its title.</summary>
    public string Text { get; init; } = "";

    public string? Help { get; init; }

    public bool Required { get; init; }

    public string? RequiredIf { get; init; }

    public string? VisibleIf { get; init; }

    public decimal Weight { get; init; } = 1m;

    /// <summary>Control mappings as <c>framework:version:control</c>, e.g. <c>iso27001:2022:A.5.19</c>.</summary>
    public ImmutableArray<string> Controls { get; init; } = [];

    public decimal? Min { get; init; }

    public decimal? Max { get; init; }

    public int? MaxLength { get; init; }

    public string? Pattern { get; init; }

    public ImmutableArray<Choice> Choices { get; init; } = [];

    public EvidenceSettings? Evidence { get; init; }

    /// <summary>Finding only: the condition that raises it (absent: raised whenever visible).</summary>
    public string? When { get; init; }

    public FindingSeverity? Severity { get; init; }

    public Clarification? Clarification { get; init; }

    public bool IsAnswerable => Type is not (ItemType.Info or ItemType.Finding);
}

public sealed record QuestionnaireSection
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    public string? Description { get; init; }

    public decimal Weight { get; init; } = 1m;

    public string? VisibleIf { get; init; }

    public ImmutableArray<QuestionnaireItem> Items { get; init; } = [];

    public ImmutableArray<QuestionnaireSection> Sections { get; init; } = [];
}

/// <summary>A score at or above <see cref="MinimumScore"/> (0-100 inherent risk) reaches <see cref="Tier"/>.</summary>
public sealed record TierThreshold(RiskTier Tier, decimal MinimumScore);

/// <summary>When the condition holds, the tier is at least <see cref="MinimumTier"/> whatever the score says.</summary>
public sealed record TierFloor(string When, RiskTier MinimumTier);

public sealed record TieringRules
{
    public ImmutableArray<TierThreshold> Thresholds { get; init; } = [];

    public ImmutableArray<TierFloor> Floors { get; init; } = [];
}
