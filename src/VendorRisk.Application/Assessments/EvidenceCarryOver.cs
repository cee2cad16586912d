using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Assessments;

/// <summary>The previous assessment's documents linked to the new one: old link id → new link id (for file answers).</summary>
public sealed record CarriedEvidence(IReadOnlyDictionary<string, string> Links)
{
    public int Count => Links.Count;

    /// <summary>
    /// The previous answers with each file question's list of files rewritten to the new links; a file answer none of whose files came
    /// over is dropped (the vendor uploads again), so a carried-over answer never points at another assessment's evidence.
    /// </summary>
    public Dictionary<string, AnswerValue> Remap(IReadOnlyDictionary<string, AnswerValue> answers, CompiledQuestionnaire target)
    {
        var result = new Dictionary<string, AnswerValue>(StringComparer.Ordinal);
        foreach (var (itemId, value) in answers)
        {
            var isFile = target.Definition.AllItems().Any(i => i.Id == itemId && i.Type == ItemType.File);
            if (!isFile)
            {
                result[itemId] = value;
                continue;
            }
            var files = value.ListValue.Select(id => Links.GetValueOrDefault(id)).OfType<string>().ToList();
            if (files.Count > 0) result[itemId] = AnswerValue.Files(files);
        }
        return result;
    }
}

/// <summary>
/// On a reassessment, the previous assessment's evidence that is still valid (ADR-025) is linked to the same questions of the new one
/// instead of being asked for again: not rejected, of a kind the question accepts, and valid on the day the reassessment is issued with the
/// question's validity days. Expired and rejected documents stay behind. The caller saves.
/// </summary>
public static class EvidenceCarryOver
{
    public static async Task<CarriedEvidence> CarryAsync(AppDbContext db, Guid previousAssessmentId, Guid assessmentId, CompiledQuestionnaire target,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var previous = await db.EvidenceFiles.AsNoTracking().Where(f => f.AssessmentId == previousAssessmentId).OrderBy(f => f.UploadedAt)
            .Join(db.EvidenceRecords, f => f.RecordId, r => r.Id, (f, r) => new { Link = f, Record = r })
            .ToListAsync(cancellationToken);
        var items = target.Definition.AllItems().ToDictionary(i => i.Id, StringComparer.Ordinal);
        var links = new Dictionary<string, string>(StringComparer.Ordinal);
        var linked = new HashSet<(string, Guid)>();
        foreach (var (link, record) in previous.Select(p => (p.Link, p.Record)))
        {
            if (!items.TryGetValue(link.ItemId, out var item)) continue;
            if (!Accepts(item, record, today) || !linked.Add((item.Id, record.Id))) continue;
            var carried = EvidenceFile.Link(assessmentId, item.Id, record, record.UploadedByUserId, now, carriedOver: true);
            db.EvidenceFiles.Add(carried);
            links[link.Id.ToString()] = carried.Id.ToString();
        }
        return new CarriedEvidence(links);
    }

    /// <summary>Whether <paramref name="record"/> may back <paramref name="item"/> on <paramref name="day"/> (reuse and carry-over alike).</summary>
    public static bool Accepts(QuestionnaireItem item, EvidenceRecord record, DateOnly day) =>
        item.IsAnswerable && (item.Type == ItemType.File || item.Evidence is { Allowed: true })
        && (item.Evidence is not { Kinds.IsDefaultOrEmpty: false } settings || settings.Kinds.Contains(record.Kind))
        && record.IsValidOn(day, item.Evidence?.ValidityDays);
}
