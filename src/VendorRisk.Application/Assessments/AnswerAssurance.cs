using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Evidence;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Assessments;

/// <summary>
/// How far each answer of an assessment is backed (<see cref="AssuranceLevel"/>), by item id. The one reader every score,
/// page, report and export takes assurance from; items absent from the result are self-attested.
/// </summary>
/// <remarks>
/// From the evidence records linked to each item (ADR-025), judged on the assessment's reference date (<see cref="ReferenceDate"/>), with
/// the question's validity days: a valid document waiting for review is <see cref="AssuranceLevel.EvidenceProvided"/>, a valid accepted one
/// <see cref="AssuranceLevel.EvidenceAccepted"/>, a valid accepted independent attestation the reviewer checked with its issuer
/// <see cref="AssuranceLevel.IndependentlyVerified"/>. Rejected and expired documents count as nothing. The strongest document wins.
/// </remarks>
public static class AnswerAssurance
{
    public static async Task<IReadOnlyDictionary<string, AssuranceLevel>> LoadAsync(AppDbContext db, Guid assessmentId,
        CancellationToken cancellationToken = default)
    {
        var assessment = await db.Assessments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == assessmentId, cancellationToken);
        if (assessment is null) return new Dictionary<string, AssuranceLevel>(StringComparer.Ordinal);
        var documents = await db.EvidenceFiles.AsNoTracking().Where(f => f.AssessmentId == assessmentId)
            .Join(db.EvidenceRecords, f => f.RecordId, r => r.Id,
                (f, r) => new { f.ItemId, f.UploadedAt, r.Kind, r.Review, r.DocumentDate, r.ValidUntil, r.IssuerChecked })
            .ToListAsync(cancellationToken);
        if (documents.Count == 0) return new Dictionary<string, AssuranceLevel>(StringComparer.Ordinal);
        var (questionnaire, _) = await PinnedQuestionnaire.LoadAsync(db, assessment, cancellationToken);
        return Levels(assessment, questionnaire, [.. documents.Select(d => new LinkedDocument(d.ItemId, d.UploadedAt, d.Kind, d.Review, d.DocumentDate,
            d.ValidUntil, d.IssuerChecked))]);
    }

    /// <summary>One evidence record linked to an item of an assessment, as the levels are computed from it.</summary>
    internal sealed record LinkedDocument(string ItemId, DateTimeOffset LinkedAt, EvidenceKind Kind, EvidenceReview Review, DateOnly DocumentDate,
        DateOnly? ValidUntil, bool IssuerChecked);

    /// <summary>The levels of one assessment from its linked documents, already loaded (several assessments at once: <see cref="AssessmentVerdicts.LoadManyAsync"/>).</summary>
    internal static Dictionary<string, AssuranceLevel> Levels(Assessment assessment, Domain.Questionnaires.Evaluation.CompiledQuestionnaire? questionnaire,
        IReadOnlyList<LinkedDocument> documents)
    {
        var result = new Dictionary<string, AssuranceLevel>(StringComparer.Ordinal);
        if (documents.Count == 0) return result;
        var day = ReferenceDate(assessment, documents.Max(d => d.LinkedAt));
        foreach (var d in documents)
        {
            var validityDays = questionnaire?.Definition.AllItems().FirstOrDefault(i => i.Id == d.ItemId)?.Evidence?.ValidityDays;
            if (!EvidenceRecord.IsValidOn(d.Review, d.DocumentDate, d.ValidUntil, day, validityDays)) continue;
            var level = d.Review switch
            {
                EvidenceReview.Accepted when d.IssuerChecked && EvidenceRecord.IsIndependentAttestation(d.Kind) => AssuranceLevel.IndependentlyVerified,
                EvidenceReview.Accepted => AssuranceLevel.EvidenceAccepted,
                _ => AssuranceLevel.EvidenceProvided,
            };
            if (!result.TryGetValue(d.ItemId, out var best) || level > best) result[d.ItemId] = level;
        }
        return result;
    }

    /// <summary>
    /// The day evidence must be valid on: the decision's day for a decided assessment; for one in review, the submission's day, or the day
    /// evidence was last linked if that is later (a replacement during a clarification round); the due date while the vendor is still
    /// answering (what is uploaded must still hold when the answers are due), or for an assessment that was cancelled or expired.
    /// </summary>
    public static DateOnly ReferenceDate(Assessment assessment, DateTimeOffset? lastLinkedAt)
    {
        static DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(at.UtcDateTime);
        return assessment.Status switch
        {
            AssessmentStatus.Approved or AssessmentStatus.ApprovedWithConditions or AssessmentStatus.Rejected when assessment.DecidedAt is { } decided => Day(decided),
            AssessmentStatus.Submitted or AssessmentStatus.InReview or AssessmentStatus.ClarificationRequested when assessment.SubmittedAt is { } submitted =>
                lastLinkedAt is { } linked && linked > submitted ? Day(linked) : Day(submitted),
            _ => assessment.DueOn,
        };
    }
}
