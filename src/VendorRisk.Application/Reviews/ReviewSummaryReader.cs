using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Reports;

namespace VendorRisk.Application.Reviews;

/// <summary>A finding the questionnaire's rules raised on the answers; <see cref="SectionId"/> is the section its rule belongs to.</summary>
public sealed record ReviewFinding(string ItemId, FindingSeverity Severity, string Title)
{
    public string SectionId { get; init; } = "";
}

/// <summary>A document the vendor uploaded for a question; it downloads (audited) from the assessment's evidence page.</summary>
public sealed record ReviewEvidence(Guid Id, string ItemId, string FileName, long Length, DateTimeOffset UploadedAt);

/// <summary>
/// One question the vendor saw and its answer in words (choice labels as the vendor read them, <see cref="AnswerText.Display"/>);
/// <see cref="Answer"/> is null when the vendor left it unanswered. <see cref="Reopened"/>: a reviewer reopened it for the vendor, now or
/// in an earlier clarification round.
/// </summary>
public sealed record ReviewAnswer(string ItemId, string Question, string? Answer, IReadOnlyList<ReviewEvidence> Evidence)
{
    public string SectionId { get; init; } = "";
    public bool Reopened { get; init; }
}

/// <summary>
/// A section of the questionnaire as the vendor saw it (hidden sections and questions left out), with the findings its rules raised.
/// <see cref="Path"/> names the parent sections of a subsection, outermost first.
/// </summary>
public sealed record ReviewSection(string Id, string Title, IReadOnlyList<string> Path, IReadOnlyList<ReviewAnswer> Answers, IReadOnlyList<ReviewFinding> Findings)
{
    /// <summary>A reviewer starts here: the section raised findings or holds a reopened question.</summary>
    public bool NeedsAttention => Findings.Count > 0 || Answers.Any(a => a.Reopened);

    public int Answered => Answers.Count(a => a.Answer is not null);
}

public sealed record ReviewSummary(Guid AssessmentId, string Title, string VendorName, AssessmentStatus Status, RiskTier? InherentTier,
    decimal Score, IReadOnlyList<ReviewFinding> Findings, IReadOnlyList<ReviewSection> Sections, Guid RequestedByUserId)
{
    /// <summary>The open findings reviewers raised (open or remediation proposed), most severe first, with treatment, owner and due date.</summary>
    public IReadOnlyList<OpenFinding> OpenFindings { get; init; } = [];

    /// <summary>Claimed and verified score and the rating (ADR-026); null when the pinned questionnaire is unavailable.</summary>
    public Domain.Evidence.AssuranceVerdict? Verdict { get; init; }

    /// <summary>Every question the vendor saw, in document order.</summary>
    public IReadOnlyList<ReviewAnswer> Answers { get; } = [.. Sections.SelectMany(s => s.Answers)];

    /// <summary>Every uploaded document, in the order of the questions.</summary>
    public IReadOnlyList<ReviewEvidence> Evidence { get; init; } = [];

    /// <summary>The answers by compliance result (null when the questionnaire could not be evaluated).</summary>
    public Domain.Questionnaires.Evaluation.ResultCounts? Counts { get; init; }

    /// <summary>The questionnaire's title and version, as the vendor answered it.</summary>
    public string? Questionnaire { get; init; }
}

/// <summary>A raised finding that is still open, as the committee reads it.</summary>
public sealed record OpenFinding(Guid Id, FindingSeverity Severity, string Title, Domain.Findings.FindingTreatment Treatment, string? TreatmentPlan,
    string Owner, DateOnly DueOn, Domain.Findings.FindingStatus Status, string? RemediationPlan, DateOnly? RemediationTargetOn);

/// <summary>
/// What reviewers and the committee read about an assessment: score and findings from the questionnaire engine over the stored answers
/// (pinned template), and the answers by section as the vendor saw them: only visible questions, choice labels instead of stored values,
/// finding rules as findings of their section (never as questions), each question's uploaded documents.
/// </summary>
public static class ReviewSummaryReader
{
    public static async Task<ReviewSummary?> LoadAsync(AppDbContext db, Guid assessmentId, CancellationToken cancellationToken = default)
    {
        var assessment = await db.Assessments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == assessmentId, cancellationToken);
        if (assessment is null) return null;
        var vendor = await db.Vendors.AsNoTracking().Where(v => v.Id == assessment.VendorId)
            .Select(v => new { v.LegalName, v.InherentTier }).SingleAsync(cancellationToken);
        var (compiled, _) = await Assessments.PinnedQuestionnaire.LoadAsync(db, assessment, cancellationToken);
        var answers = await Assessments.AssessmentAnswers.LoadAsync(db, assessment.Id, cancellationToken);
        var evidence = (await db.EvidenceFiles.AsNoTracking().Where(e => e.AssessmentId == assessment.Id)
                .Select(e => new ReviewEvidence(e.Id, e.ItemId, e.FileName, e.Length, e.UploadedAt)).ToListAsync(cancellationToken))
            .OrderBy(e => e.UploadedAt).ThenBy(e => e.FileName, StringComparer.Ordinal)
            .ToLookup(e => e.ItemId, StringComparer.Ordinal);
        // Open for the vendor now, or reopened in an earlier clarification round (its record stays after the vendor resubmits).
        var reopened = assessment.ReopenedItemIds.ToHashSet(StringComparer.Ordinal);
        reopened.UnionWith(await db.ReopenedItems.AsNoTracking().Where(r => r.AssessmentId == assessment.Id).Select(r => r.ItemId)
            .Distinct().ToListAsync(cancellationToken));

        var findings = new List<ReviewFinding>();
        var sections = new List<ReviewSection>();
        decimal score = assessment.Score ?? 0;
        Domain.Evidence.AssuranceVerdict? verdict = null;
        Domain.Questionnaires.Evaluation.ResultCounts? counts = null;
        if (compiled is not null)
        {
            var evaluation = new Domain.Questionnaires.Evaluation.QuestionnaireEngine().Evaluate(compiled, answers);
            verdict = await Assessments.AssessmentVerdicts.JudgeAsync(db, assessment.Id, compiled, evaluation, cancellationToken);
            score = evaluation.OverallScore ?? score;
            counts = evaluation.ResultCounts;
            var raised = evaluation.Findings.ToDictionary(f => f.ItemId, StringComparer.Ordinal);
            var hiddenSections = evaluation.Sections.Where(s => !s.Visible).Select(s => s.SectionId).ToHashSet(StringComparer.Ordinal);
            foreach (var (section, path) in WithPaths(compiled.Definition.Sections, []))
            {
                if (hiddenSections.Contains(section.Id)) continue;
                var rows = new List<ReviewAnswer>();
                var sectionFindings = new List<ReviewFinding>();
                foreach (var item in section.Items)
                {
                    if (item.Type == ItemType.Finding)
                    {
                        if (raised.TryGetValue(item.Id, out var f)) sectionFindings.Add(new ReviewFinding(f.ItemId, f.Severity, f.Title) { SectionId = section.Id });
                        continue;
                    }
                    if (!item.IsAnswerable || !evaluation.Item(item.Id).Visible) continue;
                    var text = AnswerText.Display(item, answers.GetValueOrDefault(item.Id));
                    rows.Add(new ReviewAnswer(item.Id, item.Text, text.Length == 0 ? null : text, [.. evidence[item.Id]])
                    {
                        SectionId = section.Id, Reopened = reopened.Contains(item.Id),
                    });
                }
                if (rows.Count == 0 && sectionFindings.Count == 0) continue;
                sections.Add(new ReviewSection(section.Id, section.Title, path, rows, sectionFindings));
            }
            findings.AddRange(sections.SelectMany(s => s.Findings).OrderByDescending(f => f.Severity));
        }
        var summary = new ReviewSummary(assessment.Id, assessment.Title, vendor.LegalName, assessment.Status, vendor.InherentTier, score, findings,
            sections, assessment.RequestedByUserId)
        {
            OpenFindings = await OpenFindingsAsync(db, assessment.Id, vendor.LegalName, cancellationToken),
            Counts = counts,
            Questionnaire = compiled is null ? null : $"{compiled.Definition.Title} {compiled.Definition.Version}",
            Verdict = verdict,
        };
        return summary with { Evidence = [.. summary.Answers.SelectMany(a => a.Evidence)] };
    }

    /// <summary>Every section depth first, with the titles of the sections around it.</summary>
    private static IEnumerable<(QuestionnaireSection Section, IReadOnlyList<string> Path)> WithPaths(IEnumerable<QuestionnaireSection> sections,
        IReadOnlyList<string> path)
    {
        foreach (var section in sections)
        {
            yield return (section, path);
            foreach (var inner in WithPaths(section.Sections, [.. path, section.Title])) yield return inner;
        }
    }

    private static async Task<IReadOnlyList<OpenFinding>> OpenFindingsAsync(AppDbContext db, Guid assessmentId, string vendorName,
        CancellationToken cancellationToken)
    {
        var open = new[] { Domain.Findings.FindingStatus.Open, Domain.Findings.FindingStatus.RemediationProposed };
        var raised = await db.ReviewFindings.AsNoTracking().Where(f => f.AssessmentId == assessmentId && open.Contains(f.Status))
            .Select(f => new
            {
                f.Id, f.Severity, f.Title, f.Treatment, f.TreatmentPlan, f.OwnerKind, f.DueOn, f.Status, f.RemediationPlan, f.RemediationTargetOn,
                Owner = db.Users.Where(u => u.Id == f.OwnerUserId).Select(u => u.DisplayName != "" ? u.DisplayName : u.Email).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return [.. raised.OrderByDescending(f => f.Severity).ThenBy(f => f.DueOn)
            .Select(f => new OpenFinding(f.Id, f.Severity, f.Title, f.Treatment, f.TreatmentPlan,
                f.OwnerKind == Domain.Findings.FindingOwnerKind.Vendor ? vendorName + " (vendor)" : f.Owner ?? "a former member",
                f.DueOn, f.Status, f.RemediationPlan, f.RemediationTargetOn))];
    }
}
