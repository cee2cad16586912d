using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Assessments;

/// <summary>Reads an assessment's stored answers as the engine takes them.</summary>
public static class AssessmentAnswers
{
    public static async Task<Dictionary<string, AnswerValue>> LoadAsync(AppDbContext db, Guid assessmentId, CancellationToken cancellationToken = default)
    {
        var rows = await db.AssessmentAnswers.Where(a => a.AssessmentId == assessmentId && a.ValueJson != null)
            .Select(a => new { a.ItemId, a.ValueJson }).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.ItemId, r => AnswerJson.Deserialize(r.ValueJson!), StringComparer.Ordinal);
    }
}
