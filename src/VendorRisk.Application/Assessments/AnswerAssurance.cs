using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Evidence;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Assessments;

/// <summary>
/// How far each answer of an assessment is backed (<see cref="AssuranceLevel"/>), by item id. The one reader every score,
/// page, report and export takes assurance from; items absent from the result are self-attested.
/// </summary>
public static class AnswerAssurance
{
    public static async Task<IReadOnlyDictionary<string, AssuranceLevel>> LoadAsync(AppDbContext db, Guid assessmentId,
        CancellationToken cancellationToken = default)
    {
        var itemsWithEvidence = await db.EvidenceFiles.AsNoTracking().Where(e => e.AssessmentId == assessmentId)
            .Select(e => e.ItemId).Distinct().ToListAsync(cancellationToken);
        return itemsWithEvidence.ToDictionary(id => id, _ => AssuranceLevel.EvidenceProvided, StringComparer.Ordinal);
    }
}
