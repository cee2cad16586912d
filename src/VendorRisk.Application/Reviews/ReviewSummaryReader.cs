using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Reviews;

public sealed record ReviewFinding(string ItemId, FindingSeverity Severity, string Title);

public sealed record ReviewAnswer(string ItemId, string Question, string? Answer, IReadOnlyList<string> EvidenceFileNames);

public sealed record ReviewSummary(Guid AssessmentId, string Title, string VendorName, AssessmentStatus Status, RiskTier? InherentTier,
    decimal Score, IReadOnlyList<ReviewFinding> Findings, IReadOnlyList<ReviewAnswer> Answers, Guid RequestedByUserId)
{
    /// <summary>The open findings reviewers raised (open or remediation proposed), most severe first, with treatment, owner and due date.</summary>
    public IReadOnlyList<OpenFinding> OpenFindings { get; init; } = [];

    /// <summary>Claimed and verified score and the rating (ADR-026); null when the pinned questionnaire is unavailable.</summary>
    public Domain.Evidence.AssuranceVerdict? Verdict { get; init; }
}

/// <summary>A raised finding that is still open, as the committee reads it.</summary>
public sealed record OpenFinding(Guid Id, FindingSeverity Severity, string Title, Domain.Findings.FindingTreatment Treatment, string? TreatmentPlan,
    string Owner, DateOnly DueOn, Domain.Findings.FindingStatus Status, string? RemediationPlan, DateOnly? RemediationTargetOn);

/// <summary>What reviewers and the committee read about an assessment: score and findings from the questionnaire engine over the stored answers (pinned template).</summary>
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
                .Select(e => new { e.ItemId, e.FileName }).ToListAsync(cancellationToken))
            .GroupBy(e => e.ItemId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(e => e.FileName)], StringComparer.Ordinal);

        var findings = new List<ReviewFinding>();
        var rows = new List<ReviewAnswer>();
        decimal score = assessment.Score ?? 0;
        Domain.Evidence.AssuranceVerdict? verdict = null;
        if (compiled is not null)
        {
            var evaluation = new Domain.Questionnaires.Evaluation.QuestionnaireEngine().Evaluate(compiled, answers);
            verdict = await Assessments.AssessmentVerdicts.JudgeAsync(db, assessment.Id, compiled, evaluation, cancellationToken);
            score = evaluation.OverallScore ?? score;
            findings.AddRange(evaluation.Findings.OrderByDescending(f => f.Severity).Select(f => new ReviewFinding(f.ItemId, f.Severity, f.Title)));
            foreach (var item in compiled.Definition.AllItems())
            {
                rows.Add(new ReviewAnswer(item.Id, item.Text, answers.TryGetValue(item.Id, out var value) ? Display(value) : null,
                    evidence.GetValueOrDefault(item.Id) ?? []));
            }
        }
        return new ReviewSummary(assessment.Id, assessment.Title, vendor.LegalName, assessment.Status, vendor.InherentTier, score, findings, rows,
            assessment.RequestedByUserId) { OpenFindings = await OpenFindingsAsync(db, assessment.Id, vendor.LegalName, cancellationToken), Verdict = verdict };
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

    private static string Display(AnswerValue value)
    {
        var json = AnswerJson.Serialize(value);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        return doc.RootElement.TryGetProperty("value", out var v)
            ? v.ValueKind == System.Text.Json.JsonValueKind.True ? "Yes"
            : v.ValueKind == System.Text.Json.JsonValueKind.False ? "No"
            : v.ValueKind == System.Text.Json.JsonValueKind.Array ? string.Join(", ", v.EnumerateArray().Select(e => e.ToString())) : v.ToString()
            : json;
    }
}
