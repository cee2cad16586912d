using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Application.Assessments;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Reports;

/// <summary>A vendor's latest submitted assessment (the one its risk picture rests on).</summary>
public sealed record LatestAssessment(Guid Id, Guid VendorId, Guid TemplateId, string ContentHash, string Title, string TemplateKey,
    string TemplateVersion, AssessmentStatus Status, DateTimeOffset SubmittedAt);

/// <summary>
/// The questionnaire engine's view of assessments for reports: which assessment is a vendor's latest, and the
/// findings its stored answers raise against the pinned questionnaire version (the same evaluation the
/// assessment page and the reviewers see).
/// </summary>
public static class AssessmentFindings
{
    /// <summary>The latest assessment the vendor submitted (cancelled ones aside), per vendor; all vendors when none given.</summary>
    public static async Task<IReadOnlyList<LatestAssessment>> LatestAsync(AppDbContext db, Guid? vendorId = null, CancellationToken cancellationToken = default)
    {
        var query = db.Assessments.AsNoTracking().Where(a => a.SubmittedAt != null && a.Status != AssessmentStatus.Cancelled);
        if (vendorId is { } id) query = query.Where(a => a.VendorId == id);
        var rows = await query
            .Select(a => new LatestAssessment(a.Id, a.VendorId, a.TemplateId, a.ContentHash, a.Title, a.TemplateKey, a.TemplateVersion, a.Status,
                a.SubmittedAt!.Value))
            .ToListAsync(cancellationToken);
        // One pass over the submitted assessments, the latest of each vendor kept (no per-vendor query).
        return rows.GroupBy(r => r.VendorId).Select(g => g.OrderByDescending(r => r.SubmittedAt).ThenByDescending(r => r.Id).First()).ToList();
    }

    /// <summary>The findings the stored answers raise, most severe first; null when the pinned version is unavailable.</summary>
    public static async Task<IReadOnlyList<RaisedFinding>?> EvaluateAsync(AppDbContext db, Guid tenantId, Guid assessmentId, Guid templateId,
        string contentHash, DateOnly asOf, CancellationToken cancellationToken = default)
    {
        var (compiled, _) = await PinnedQuestionnaire.LoadAsync(db, tenantId, templateId, contentHash, cancellationToken);
        if (compiled is null) return null;
        var answers = await AssessmentAnswers.LoadAsync(db, assessmentId, cancellationToken);
        var evaluation = new QuestionnaireEngine().Evaluate(compiled, answers, null, asOf);
        return evaluation.Findings.OrderByDescending(f => f.Severity).ToList();
    }
}
