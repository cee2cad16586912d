using System.Collections.Immutable;
using VendorRisk.Domain.Evidence;

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
    /// <summary>Not in place yet; the vendor plans it by a date (the item's <c>plannedBy</c> date question). Earns no credit.</summary>
    Planned,
    /// <summary>The vendor does not know. Earns no credit.</summary>
    Unknown,
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

    /// <summary>
    /// The label as limited markup (bold, italic, links, lists, line breaks) for the vendor portal, which sanitises it again when it
    /// renders it; <see cref="Label"/> is the same text without markup, shown everywhere else (ADR-033).
    /// </summary>
    public string? LabelHtml { get; init; }
}

/// <summary>Whether and when supporting documents are asked for on a question.</summary>
public sealed record EvidenceSettings
{
    public bool Allowed { get; init; } = true;

    public bool Required { get; init; }

    public string? RequiredIf { get; init; }

    /// <summary>How long a document stays acceptable after its document date (not its upload, ADR-025); null means it never expires by age.</summary>
    public int? ValidityDays { get; init; }

    /// <summary>The kinds of document accepted (empty: any); see <see cref="EvidenceKind"/>.</summary>
    public ImmutableArray<EvidenceKind> Kinds { get; init; } = [];

    /// <summary>What to upload, in words the vendor understands (e.g. "the contract clause").</summary>
    public string? Prompt { get; init; }

    // Value equality for the kinds too (an ImmutableArray compares by reference), so a diff sees only real changes.
    public bool Equals(EvidenceSettings? other) =>
        other is not null && Allowed == other.Allowed && Required == other.Required && RequiredIf == other.RequiredIf
        && ValidityDays == other.ValidityDays && Prompt == other.Prompt && Kinds.SequenceEqual(other.Kinds);

    public override int GetHashCode() => HashCode.Combine(Allowed, Required, RequiredIf, ValidityDays, Prompt, Kinds.Length);
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

    /// <summary>The text as limited markup for the vendor portal (sanitised again when rendered); <see cref="Text"/> is it without markup (ADR-033).</summary>
    public string? TextHtml { get; init; }

    /// <summary>The help as limited markup for the vendor portal (sanitised again when rendered); <see cref="Help"/> is it without markup.</summary>
    public string? HelpHtml { get; init; }

    /// <summary><c>info</c> only: shown to the vendor as a warning (an imported VSAQ warning tip), not as a plain note.</summary>
    public bool Warning { get; init; }

    /// <summary>A key control: a "partly" answer or a low rating on it weighs more in review (see the questionnaire format).</summary>
    public bool Key { get; init; }

    /// <summary>A factual or context question: it is never scored and carries no compliance result.</summary>
    public bool Factual { get; init; }

    public bool Required { get; init; }

    public string? RequiredIf { get; init; }

    public string? VisibleIf { get; init; }

    public decimal Weight { get; init; } = 1m;

    /// <summary>Control mappings as <c>framework:version:control</c>, e.g. <c>iso27001:2022:A.5.19</c>.</summary>
    public ImmutableArray<string> Controls { get; init; } = [];

    /// <summary>Per mapped control, a one-line reason why this question evidences it (absent: no rationale given).</summary>
    public ImmutableDictionary<string, string> ControlRationales { get; init; } = ImmutableDictionary<string, string>.Empty;

    public string? RationaleFor(string control) => ControlRationales.GetValueOrDefault(control);

    public decimal? Min { get; init; }

    public decimal? Max { get; init; }

    public int? MaxLength { get; init; }

    public string? Pattern { get; init; }

    public ImmutableArray<Choice> Choices { get; init; } = [];

    /// <summary>The id of the date question asking by when a <see cref="ChoiceResult.Planned"/> answer will be in place.</summary>
    public string? PlannedBy { get; init; }

    public EvidenceSettings? Evidence { get; init; }

    /// <summary>Finding only: the condition that raises it (absent: raised whenever visible).</summary>
    public string? When { get; init; }

    public FindingSeverity? Severity { get; init; }

    public Clarification? Clarification { get; init; }

    public bool IsAnswerable => Type is not (ItemType.Info or ItemType.Finding);
}

public sealed record QuestionnaireSection
{
    /// <summary>
    /// How deep sections may nest (a top-level section is level 1). Real questionnaires use two or three levels; the limit keeps
    /// every recursive walk (validation, scoring, rendering, JSON) shallow whatever a file holds (issue 16, item 4; ADR-037).
    /// </summary>
    public const int MaxNesting = 10;

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
public sealed record TierFloor(string When, RiskTier MinimumTier)
{
    /// <summary>Why the floor exists, in words a reviewer can show ("used in an area the EU AI Act lists as high-risk").</summary>
    public string? Reason { get; init; }
}

public sealed record TieringRules
{
    public ImmutableArray<TierThreshold> Thresholds { get; init; } = [];

    public ImmutableArray<TierFloor> Floors { get; init; } = [];
}
