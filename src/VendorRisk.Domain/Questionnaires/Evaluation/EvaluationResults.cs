using System.Collections.Immutable;

namespace VendorRisk.Domain.Questionnaires.Evaluation;

public enum AnswerErrorCode
{
    Required,
    WrongType,
    InvalidNumber,
    OutOfRange,
    TooLong,
    PatternMismatch,
    InvalidUrl,
    InvalidEmail,
    InvalidDate,
    InvalidChoice,
    EvidenceRequired,
    EvidenceExpired,
}

public sealed record AnswerError(string ItemId, AnswerErrorCode Code, string Message);

/// <summary>The state of one item after evaluation. Scores are percentages of the item's own maximum.</summary>
public sealed record ItemEvaluation(
    string ItemId,
    bool Visible,
    bool Required,
    bool Answered,
    bool EvidenceRequired,
    decimal? Score,
    ChoiceResult? Result,
    ImmutableArray<AnswerError> Errors)
{
    /// <summary>The accepted answer of a visible item in canonical form; null when hidden, unanswered or invalid.</summary>
    public AnswerValue? Answer { get; init; }
}

public sealed record RaisedFinding(
    string ItemId,
    FindingSeverity Severity,
    string Title,
    Clarification? Clarification,
    ImmutableArray<string> Controls);

/// <summary>A section's normalised score (0-100, two decimals) or null when nothing in it is scorable.</summary>
public sealed record SectionScore(string SectionId, bool Visible, decimal? Score);

/// <summary>
/// Visible items by the result of the selected choice. <see cref="NonCompliant"/> includes "planned" and "unknown"
/// answers (nothing is in place); <see cref="Planned"/> and <see cref="Unknown"/> tell those apart.
/// </summary>
public sealed record ResultCounts(int Compliant, int PartiallyCompliant, int NonCompliant, int NotApplicable, int Unanswered)
{
    public int Planned { get; init; }

    public int Unknown { get; init; }
}

public sealed record ControlTally(
    string Control,
    int Items,
    int Compliant,
    int PartiallyCompliant,
    int NonCompliant,
    int NotApplicable,
    int Unanswered,
    int Findings);

/// <summary>Everything the engine derives from a definition and a set of answers. Lists are in document order, controls in ordinal order.</summary>
public sealed class QuestionnaireEvaluation
{
    private readonly CompiledQuestionnaire _questionnaire;

    internal QuestionnaireEvaluation(
        CompiledQuestionnaire questionnaire,
        ImmutableArray<ItemEvaluation> items,
        ImmutableArray<SectionScore> sections,
        ImmutableArray<RaisedFinding> findings,
        ImmutableArray<AnswerError> errors,
        decimal? overallScore,
        ResultCounts resultCounts,
        ImmutableArray<ControlTally> controls)
    {
        _questionnaire = questionnaire;
        Items = items;
        Sections = sections;
        Findings = findings;
        Errors = errors;
        OverallScore = overallScore;
        ResultCounts = resultCounts;
        Controls = controls;
    }

    public ImmutableArray<ItemEvaluation> Items { get; }

    public ImmutableArray<SectionScore> Sections { get; }

    public ImmutableArray<RaisedFinding> Findings { get; }

    /// <summary>All validation errors of visible items, in document order.</summary>
    public ImmutableArray<AnswerError> Errors { get; }

    /// <summary>Weighted, normalised 0-100 (two decimals); null when nothing visible is scorable.</summary>
    public decimal? OverallScore { get; }

    public ResultCounts ResultCounts { get; }

    public ImmutableArray<ControlTally> Controls { get; }

    public bool IsComplete => Errors.IsEmpty;

    public ItemEvaluation Item(string itemId) => _questionnaire.ItemIndex.TryGetValue(itemId, out var index)
        ? Items[index]
        : throw new KeyNotFoundException($"No item '{itemId}' in questionnaire {_questionnaire.Definition.Id}.");
}
