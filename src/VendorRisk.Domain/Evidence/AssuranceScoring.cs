using System.Globalization;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;

namespace VendorRisk.Domain.Evidence;

/// <summary>
/// The rating of an assessment, from the verified score and capped by open findings (ADR-026). The order is meaningful (a
/// later member is better) and the values may be stored: never renumber.
/// </summary>
public enum ScoreBand
{
    /// <summary>Verified score below <see cref="AssuranceScoring.ModerateFrom"/>, or an open critical finding.</summary>
    Weak = 0,
    /// <summary>Verified score from <see cref="AssuranceScoring.ModerateFrom"/>, or capped here by an open high finding.</summary>
    Moderate = 1,
    /// <summary>Verified score from <see cref="AssuranceScoring.StrongFrom"/> and no open critical or high finding.</summary>
    Strong = 2,
}

/// <summary>
/// What an assessment's answers claim and what of it is verified (ADR-026, docs/formats/assurance.md).
/// </summary>
/// <param name="ClaimedScore">The engine's score: every answer taken at the vendor's word (null when nothing is scorable).</param>
/// <param name="VerifiedScore">The same weighted score where only answers backed by accepted evidence or an independent check earn credit,
/// and a "not applicable" whose reason no reviewer accepted counts as an unanswered question.</param>
/// <param name="ScoreBand">The band the verified score alone reaches.</param>
/// <param name="Rating">The rating: <paramref name="ScoreBand"/> capped by open findings. Never better than the verified score supports.</param>
/// <param name="Caps">Why the rating is lower than the verified score's band, one sentence each (empty when it is not capped).</param>
/// <param name="CreditAnswers">Visible scorable answers that earn credit on the vendor's word (claimed score above zero).</param>
/// <param name="VerifiedAnswers">Of those, the answers backed by accepted evidence or an independent check.</param>
/// <param name="AwaitingReview">Of the unverified ones, the answers with evidence attached that no reviewer accepted yet.</param>
/// <param name="NotApplicablePending">Scorable questions answered "not applicable" whose reason no reviewer accepted yet.</param>
/// <param name="OpenCritical">Open critical findings: raised by the answers or by reviewers.</param>
/// <param name="OpenHigh">Open high findings: raised by the answers or by reviewers.</param>
public sealed record AssuranceVerdict(
    decimal? ClaimedScore,
    decimal? VerifiedScore,
    ScoreBand? ScoreBand,
    ScoreBand? Rating,
    IReadOnlyList<string> Caps,
    int CreditAnswers,
    int VerifiedAnswers,
    int AwaitingReview,
    int NotApplicablePending,
    int OpenCritical,
    int OpenHigh)
{
    /// <summary>Answers that earn credit on the vendor's word but are not verified.</summary>
    public int UnverifiedAnswers => CreditAnswers - VerifiedAnswers;

    /// <summary>Something the claimed score counts is not verified: the two figures differ for that reason.</summary>
    public bool HasUnverified => UnverifiedAnswers > 0 || NotApplicablePending > 0;

    /// <summary>The rating in words ("Weak"), or "Not rated" when nothing is scorable.</summary>
    public string RatingLabel => Rating is { } r ? AssuranceScoring.Label(r) : "Not rated";

    /// <summary>A score as every page, report, export and API shows it: two decimals, or "-" when there is none.</summary>
    public static string Figure(decimal? score) => score?.ToString("0.00", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>One line for pages, the PDF and exports: "12 of 14 scored answers unverified (3 with evidence awaiting review); 1 "not applicable" awaiting a reviewer".</summary>
    public string UnverifiedText
    {
        get
        {
            if (!HasUnverified) return CreditAnswers == 0 ? "No answer earns credit" : "All scored answers verified";
            var parts = new List<string>();
            if (UnverifiedAnswers > 0)
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{UnverifiedAnswers} of {CreditAnswers} scored answers unverified")
                    + (AwaitingReview > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({AwaitingReview} with evidence awaiting review)") : ""));
            if (NotApplicablePending > 0)
                parts.Add(string.Create(CultureInfo.InvariantCulture, $"{NotApplicablePending} \"not applicable\" {(NotApplicablePending == 1 ? "answer" : "answers")} unverified: reason not accepted yet"));
            return string.Join("; ", parts);
        }
    }
}

/// <summary>
/// The assurance method of ADR-026: the claimed score is the engine's; the verified score gives credit only to answers a
/// reviewer could check (accepted evidence, an independent check); the rating comes from the verified score and is capped by
/// open findings. Pure and deterministic; the one place this rule is written.
/// </summary>
public static class AssuranceScoring
{
    /// <summary>The verified score from which the rating is <see cref="ScoreBand.Strong"/>.</summary>
    public const decimal StrongFrom = 80m;

    /// <summary>The verified score from which the rating is <see cref="ScoreBand.Moderate"/>.</summary>
    public const decimal ModerateFrom = 50m;

    /// <param name="questionnaire">The compiled questionnaire the evaluation is of.</param>
    /// <param name="evaluation">The engine's evaluation of the answers (its findings count as open).</param>
    /// <param name="levels">Per item id, how far the answer is backed; an item missing is self-attested.</param>
    /// <param name="acceptedNotApplicable">Item ids whose "not applicable" reason a reviewer accepted.</param>
    /// <param name="openReviewFindings">Severities of the findings reviewers raised that are still open.</param>
    public static AssuranceVerdict Judge(CompiledQuestionnaire questionnaire, QuestionnaireEvaluation evaluation,
        IReadOnlyDictionary<string, AssuranceLevel> levels, IReadOnlySet<string> acceptedNotApplicable,
        IEnumerable<FindingSeverity> openReviewFindings)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(levels);
        ArgumentNullException.ThrowIfNull(acceptedNotApplicable);
        ArgumentNullException.ThrowIfNull(openReviewFindings);

        int credit = 0, verified = 0, awaiting = 0, notApplicablePending = 0;
        var verifiedScore = QuestionnaireEngine.Rescore(questionnaire, evaluation, (item, percent, scorable) =>
        {
            var level = levels.GetValueOrDefault(item.ItemId, AssuranceLevel.SelfAttested);
            if (percent is null)
            {
                // Not applicable leaves the question out only once a reviewer accepted the reason; until then it is unanswered.
                if (scorable && item.Result == ChoiceResult.NotApplicable && !acceptedNotApplicable.Contains(item.ItemId))
                {
                    notApplicablePending++;
                    return 0m;
                }

                return null;
            }

            if (percent <= 0) return percent;
            credit++;
            if (level.IsVerified())
            {
                verified++;
                return percent;
            }

            if (level == AssuranceLevel.EvidenceProvided) awaiting++;
            return 0m;
        });

        var severities = evaluation.Findings.Select(f => f.Severity).Concat(openReviewFindings).ToList();
        var critical = severities.Count(s => s == FindingSeverity.Critical);
        var high = severities.Count(s => s == FindingSeverity.High);
        ScoreBand? band = verifiedScore is { } v ? BandOf(v) : null;
        var rating = band;
        var caps = new List<string>();
        if (rating is { } r)
        {
            if (critical > 0 && r > ScoreBand.Weak)
            {
                rating = ScoreBand.Weak;
                caps.Add(string.Create(CultureInfo.InvariantCulture, $"{critical} open critical {(critical == 1 ? "finding caps" : "findings cap")} the rating at Weak."));
            }
            else if (critical == 0 && high > 0 && r > ScoreBand.Moderate)
            {
                rating = ScoreBand.Moderate;
                caps.Add(string.Create(CultureInfo.InvariantCulture, $"{high} open high {(high == 1 ? "finding caps" : "findings cap")} the rating at Moderate."));
            }
        }

        return new AssuranceVerdict(evaluation.OverallScore, verifiedScore, band, rating, caps, credit, verified, awaiting, notApplicablePending,
            critical, high);
    }

    /// <summary>The message a vendor sees when choosing "not applicable" without saying why.</summary>
    public const string NotApplicableReasonRequired =
        "Say why this question does not apply to you: a reviewer checks the reason before the answer counts.";

    /// <summary>Whether the answer selects a choice whose result is "not applicable" (any of them, for several choices).</summary>
    public static bool ChoosesNotApplicable(QuestionnaireItem item, AnswerValue? value)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (value is null || value.IsEmpty || item.Choices.IsEmpty) return false;
        var selected = value.Kind == AnswerKind.Choices ? value.ListValue : [value.ToInvariantString()];
        return item.Choices.Any(c => c.Result == ChoiceResult.NotApplicable && selected.Contains(c.Value, StringComparer.Ordinal));
    }

    /// <summary>The band a score reaches on its own.</summary>
    public static ScoreBand BandOf(decimal score) => score >= StrongFrom ? ScoreBand.Strong : score >= ModerateFrom ? ScoreBand.Moderate : ScoreBand.Weak;

    public static string Label(ScoreBand band) => band switch
    {
        ScoreBand.Strong => "Strong",
        ScoreBand.Moderate => "Moderate",
        _ => "Weak",
    };
}
