using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Assessments;

/// <summary>
/// The evidence of an assessment as the questionnaire engine reads it, by item id: every linked document not rejected, dated by its
/// document date and its own expiry or period end (ADR-025), never by its upload. Every reader that evaluates answers takes it from here.
/// </summary>
public static class EvidenceAttachments
{
    public static async Task<Dictionary<string, IReadOnlyList<EvidenceAttachment>>> LoadAsync(AppDbContext db, Guid assessmentId,
        CancellationToken cancellationToken = default)
    {
        var rows = await db.EvidenceFiles.AsNoTracking().Where(f => f.AssessmentId == assessmentId)
            .Join(db.EvidenceRecords, f => f.RecordId, r => r.Id, (f, r) => new { f.Id, f.ItemId, f.UploadedAt, r.Review, r.DocumentDate, r.ValidUntil })
            .Where(x => x.Review != EvidenceReview.Rejected)
            .ToListAsync(cancellationToken);
        return Group(rows.OrderBy(r => r.UploadedAt).Select(r => (r.ItemId, new EvidenceAttachment(r.Id.ToString(), r.DocumentDate, r.ValidUntil))));
    }

    public static Dictionary<string, IReadOnlyList<EvidenceAttachment>> Group(IEnumerable<(string ItemId, EvidenceAttachment Attachment)> rows) =>
        rows.GroupBy(r => r.ItemId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<EvidenceAttachment>)[.. g.Select(r => r.Attachment)], StringComparer.Ordinal);
}
