using System.Globalization;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;

namespace VendorRisk.Domain.Coverage;

/// <summary>How well one control is covered by an assessment (see ADR-016). The values are stored: never renumber.</summary>
public enum CoverageStatus
{
    Supported = 0,
    Weak = 1,
    Missing = 2,
}

/// <summary>How one mapped question stands for coverage.</summary>
public enum ItemStanding
{
    /// <summary>Answered with a compliant choice, a choice scoring at least <see cref="CoverageCalculator.FavourableScore"/> %, or an unscored answer.</summary>
    Favourable,
    /// <summary>Answered with a partially or non-compliant choice, or one scoring below the favourable mark.</summary>
    Poor,
    /// <summary>Answered "planned": not in place yet, with the date it is planned by. Earns no credit.</summary>
    Planned,
    /// <summary>Answered "don't know". Earns no credit.</summary>
    Unknown,
    /// <summary>Answered "not applicable": it neither supports nor weakens the control.</summary>
    NotApplicable,
    /// <summary>Asked (visible) but not answered.</summary>
    Unanswered,
    /// <summary>Not asked: hidden by earlier answers.</summary>
    NotAsked,
}

public sealed record CoverageItem(string ItemId, string Text, ItemStanding Standing, decimal? Score, ChoiceResult? Result, bool EvidenceRequired,
    bool EvidenceMissing)
{
    /// <summary>Why this question evidences the control, from the questionnaire's mapping (null when the mapping gives none).</summary>
    public string? Rationale { get; init; }

    /// <summary>The question is a key control.</summary>
    public bool Key { get; init; }

    /// <summary>For a <see cref="ItemStanding.Planned"/> answer, the date it is planned by, when given.</summary>
    public DateOnly? PlannedBy { get; init; }

    /// <summary>How far the answer is backed; null when the caller gave no assurance levels.</summary>
    public AssuranceLevel? Assurance { get; init; }
}

/// <summary>A finding a reviewer raised and has not closed, with the questions it is linked to.</summary>
public sealed record OpenReviewFinding(string Title, IReadOnlyCollection<string> ItemIds);

/// <param name="Status">Coverage as claimed: what the answers say, whatever backs them (ADR-016).</param>
public sealed record ControlCoverage(CatalogueControl Control, CoverageStatus Status, IReadOnlyList<string> Reasons, IReadOnlyList<CoverageItem> Items,
    IReadOnlyList<string> Findings)
{
    /// <summary>
    /// Coverage counting only answers backed by accepted evidence or an independent check (ADR-021); null when the caller
    /// gave no assurance levels, so only the claimed status is known.
    /// </summary>
    public CoverageStatus? Verified { get; init; }

    /// <summary>Why the verified status differs from, or matches, the claimed one.</summary>
    public string? VerifiedReason { get; init; }
}

/// <summary>
/// States, for every control of the catalogue, whether one assessment's answers and evidence support it, support it
/// weakly, or leave it missing, in the spirit of a statement of applicability. Uses the questionnaire engine's
/// evaluation of the answers (visibility, item scores and results, evidence checks, raised findings); pure and
/// deterministic. The rules are ADR-016's:
/// <list type="bullet">
/// <item><b>Missing</b>: no question maps to the control, none of the mapped questions was asked, none was answered,
/// or every answered one was answered not applicable.</item>
/// <item><b>Weak</b>: at least one mapped question was answered, and a mapped question is poor, planned, "don't know" or
/// unanswered, or a mapped question asks for evidence that is missing or expired, or a raised finding maps to the control,
/// or an open review finding is linked to a mapped question.</item>
/// <item><b>Supported</b>: at least one mapped question answered favourably and nothing that makes it weak.</item>
/// </list>
/// Factual questions are never counted. With assurance levels per item the <i>verified</i> status is computed too (ADR-021).
/// </summary>
public static class CoverageCalculator
{
    /// <summary>A scored answer without a result supports a control from this percentage of the question's maximum.</summary>
    public const decimal FavourableScore = 75m;

    /// <param name="assurance">
    /// Per item id, how far its answer is backed. Without it (null) only the claimed status is computed, as before ADR-021; with
    /// it, each control also gets a <see cref="ControlCoverage.Verified"/> status, and an item missing from it is self-attested.
    /// </param>
    public static IReadOnlyList<ControlCoverage> Calculate(ControlCatalogue catalogue, CompiledQuestionnaire questionnaire,
        QuestionnaireEvaluation evaluation, IReadOnlyList<OpenReviewFinding>? openReviewFindings = null,
        IReadOnlyDictionary<string, AssuranceLevel>? assurance = null)
    {
        ArgumentNullException.ThrowIfNull(catalogue);
        ArgumentNullException.ThrowIfNull(questionnaire);
        ArgumentNullException.ThrowIfNull(evaluation);
        openReviewFindings ??= [];

        // Mapped answerable questions per control, in document order. Factual questions give context, never coverage.
        var mapped = new Dictionary<string, List<QuestionnaireItem>>(StringComparer.Ordinal);
        foreach (var item in questionnaire.Definition.AllItems().Where(i => i.IsAnswerable && !i.Factual))
        {
            foreach (var control in item.Controls.Distinct(StringComparer.Ordinal))
            {
                if (!mapped.TryGetValue(control, out var list)) mapped[control] = list = [];
                list.Add(item);
            }
        }

        var result = new List<ControlCoverage>(catalogue.Controls.Count);
        foreach (var control in catalogue.Controls)
        {
            var items = mapped.TryGetValue(control.Id, out var list)
                ? list.Select(i => Stand(i, evaluation.Item(i.Id)) with
                {
                    Rationale = i.RationaleFor(control.Id),
                    PlannedBy = i.PlannedBy is { } date && evaluation.Item(date).Answer is { Kind: AnswerKind.Date } planned ? planned.DateValue : null,
                    Assurance = assurance is null ? null : assurance.GetValueOrDefault(i.Id, AssuranceLevel.SelfAttested),
                }).ToList()
                : [];
            var findings = evaluation.Findings.Where(f => f.Controls.Contains(control.Id, StringComparer.Ordinal)).Select(f => f.Title)
                .Concat(openReviewFindings.Where(f => items.Any(i => i.Standing != ItemStanding.NotAsked && f.ItemIds.Contains(i.ItemId)))
                    .Select(f => "Review finding: " + f.Title))
                .ToList();
            var (status, reasons) = Judge(items, findings);
            var (verified, verifiedReason) = assurance is null ? ((CoverageStatus?)null, (string?)null) : Verify(status, items);
            result.Add(new ControlCoverage(control, status, reasons, items, findings) { Verified = verified, VerifiedReason = verifiedReason });
        }

        return result;
    }

    /// <summary>The standing of one mapped question from the engine's evaluation of it.</summary>
    public static CoverageItem Stand(QuestionnaireItem item, ItemEvaluation evaluated)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(evaluated);
        var standing = !evaluated.Visible ? ItemStanding.NotAsked
            : !evaluated.Answered ? ItemStanding.Unanswered
            : evaluated.Result switch
            {
                ChoiceResult.NotApplicable => ItemStanding.NotApplicable,
                ChoiceResult.Compliant => ItemStanding.Favourable,
                ChoiceResult.PartiallyCompliant or ChoiceResult.NonCompliant => ItemStanding.Poor,
                ChoiceResult.Planned => ItemStanding.Planned,
                ChoiceResult.Unknown => ItemStanding.Unknown,
                _ => evaluated.Score is { } score && score < FavourableScore ? ItemStanding.Poor : ItemStanding.Favourable,
            };
        var evidenceMissing = evaluated.Visible && evaluated.EvidenceRequired
            && evaluated.Errors.Any(e => e.Code is AnswerErrorCode.EvidenceRequired or AnswerErrorCode.EvidenceExpired);
        return new CoverageItem(item.Id, item.Text, standing, evaluated.Score, evaluated.Result, evaluated.Visible && evaluated.EvidenceRequired,
            evidenceMissing) { Key = item.Key };
    }

    /// <summary>
    /// The verified status (ADR-021): never better than the claimed one; a claimed-supported control stays supported only
    /// when some favourable answer, and every favourable key answer, is backed by accepted evidence or an independent check.
    /// </summary>
    private static (CoverageStatus, string) Verify(CoverageStatus claimed, List<CoverageItem> items)
    {
        if (claimed != CoverageStatus.Supported)
            return (claimed, $"Claimed coverage is already {Describe(claimed).ToLowerInvariant()}; evidence cannot raise it.");
        var favourable = items.Where(i => i.Standing == ItemStanding.Favourable).ToList();
        var unverifiedKeys = favourable.Where(i => i.Key && i.Assurance?.IsVerified() != true).ToList();
        if (unverifiedKeys.Count > 0)
            return (CoverageStatus.Weak, "Key " + (unverifiedKeys.Count == 1 ? "answer" : "answers") + " without accepted evidence: " + Ids(unverifiedKeys) + ".");
        var backed = favourable.Where(i => i.Assurance?.IsVerified() == true).ToList();
        return backed.Count == 0
            ? (CoverageStatus.Weak, "Supported on the vendor's word only: no favourable answer has accepted evidence or an independent check.")
            : (CoverageStatus.Supported, "Backed by accepted evidence or an independent check: " + Ids(backed) + ".");
    }

    private static (CoverageStatus Status, IReadOnlyList<string> Reasons) Judge(List<CoverageItem> items, List<string> findings)
    {
        if (items.Count == 0) return (CoverageStatus.Missing, ["No question of this questionnaire maps to this control."]);
        var asked = items.Where(i => i.Standing != ItemStanding.NotAsked).ToList();
        if (asked.Count == 0)
            return (CoverageStatus.Missing, [Count(items.Count, "mapped question was", "mapped questions were") + " not asked: earlier answers hid them."]);
        var answered = asked.Where(i => i.Standing != ItemStanding.Unanswered).ToList();
        if (answered.Count == 0)
            return (CoverageStatus.Missing, [Count(asked.Count, "mapped question was", "mapped questions were") + " asked, and none was answered."]);
        if (answered.All(i => i.Standing == ItemStanding.NotApplicable))
            return (CoverageStatus.Missing, ["Every answered mapped question was answered not applicable."]);

        var reasons = new List<string>();
        var poor = answered.Where(i => i.Standing == ItemStanding.Poor).ToList();
        if (poor.Count > 0) reasons.Add(Count(poor.Count, "answer scores", "answers score") + " poorly: " + Ids(poor) + ".");
        var planned = answered.Where(i => i.Standing == ItemStanding.Planned).ToList();
        if (planned.Count > 0)
            reasons.Add(Count(planned.Count, "mapped question is", "mapped questions are") + " planned, not in place yet: "
                + string.Join(", ", planned.Select(i => i.ItemId + (i.PlannedBy is { } by ? " (by " + by.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ")" : ""))) + ".");
        var unknown = answered.Where(i => i.Standing == ItemStanding.Unknown).ToList();
        if (unknown.Count > 0) reasons.Add("The vendor does not know the answer to " + Ids(unknown) + ".");
        var unanswered = asked.Where(i => i.Standing == ItemStanding.Unanswered).ToList();
        if (unanswered.Count > 0) reasons.Add(Count(unanswered.Count, "mapped question is", "mapped questions are") + " unanswered: " + Ids(unanswered) + ".");
        var noEvidence = asked.Where(i => i.EvidenceMissing).ToList();
        if (noEvidence.Count > 0) reasons.Add("Required evidence is missing or expired: " + Ids(noEvidence) + ".");
        if (findings.Count > 0) reasons.Add(Count(findings.Count, "finding is", "findings are") + " raised against it: " + string.Join("; ", findings) + ".");
        if (reasons.Count > 0) return (CoverageStatus.Weak, reasons);

        var favourable = answered.Count(i => i.Standing == ItemStanding.Favourable);
        return (CoverageStatus.Supported, [Count(favourable, "mapped question is", "mapped questions are") + " answered favourably"
            + (asked.Any(i => i.EvidenceRequired) ? ", with the evidence asked for." : ".")]);
    }

    private static string Ids(IEnumerable<CoverageItem> items) => string.Join(", ", items.Select(i => i.ItemId));

    private static string Count(int n, string one, string many) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? one : many);

    public static string Describe(CoverageStatus status) => status switch
    {
        CoverageStatus.Supported => "Supported",
        CoverageStatus.Weak => "Weak",
        _ => "Missing",
    };
}
