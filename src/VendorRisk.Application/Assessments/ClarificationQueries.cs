using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Assessments;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Assessments;

/// <summary>Where one reopened question stands.</summary>
public enum ClarificationState
{
    /// <summary>The vendor may still change the answer and reply.</summary>
    WaitingForVendor,
    /// <summary>The vendor submitted again.</summary>
    Answered,
    /// <summary>The round ended without the vendor submitting again (it expired, or the review went on).</summary>
    NotAnswered,
}

/// <summary>
/// One reopened question: the reviewer's question (<see cref="Reason"/>, by whom), and the vendor's reply beside it: the answer before and
/// after (<see cref="Changed"/>), and the vendor's note.
/// </summary>
public sealed record ClarificationEntry(string ItemId, string Question, string Reason, string Source, string? RequestedBy, DateTimeOffset RequestedAt,
    string AnswerBefore, string? AnswerAfter, bool Changed, string? ReplyNote, string? RepliedBy, DateTimeOffset? RepliedAt, ClarificationState State);

public sealed record ClarificationRound(int Round, IReadOnlyList<ClarificationEntry> Items);

/// <summary>Every clarification round of an assessment, the latest first.</summary>
public sealed record ClarificationThread(Guid AssessmentId, IReadOnlyList<ClarificationRound> Rounds);

/// <summary>The reviewers' side of the clarification loop: each reopened question with the vendor's reply beside it.</summary>
public sealed class ClarificationQueries(AppDbContext db, Access access)
{
    public const string NoAnswer = "(no answer)";

    /// <summary>The clarification rounds of an assessment of the tenant (internal readers); NotFound for another tenant's id.</summary>
    public async Task<Outcome<ClarificationThread>> ThreadAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(AssessmentQueries.Read) is { } forbidden) return forbidden;
        var assessment = await db.Assessments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == assessmentId, cancellationToken);
        if (assessment is null) return Fail.NotFound("There is no such assessment.");
        var rows = await db.ReopenedItems.AsNoTracking().Where(r => r.AssessmentId == assessmentId).ToListAsync(cancellationToken);
        if (rows.Count == 0) return new ClarificationThread(assessmentId, []);

        var people = rows.SelectMany(r => new[] { r.RequestedByUserId, r.RepliedByUserId }).OfType<Guid>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id))
            .Select(u => new { u.Id, Name = u.DisplayName != "" ? u.DisplayName : u.Email })
            .ToDictionaryAsync(u => u.Id, u => u.Name ?? "", cancellationToken);
        var current = await db.AssessmentAnswers.AsNoTracking().Where(a => a.AssessmentId == assessmentId)
            .Select(a => new { a.ItemId, a.ValueJson }).ToDictionaryAsync(a => a.ItemId, a => a.ValueJson, StringComparer.Ordinal, cancellationToken);
        var (questionnaire, _) = await PinnedQuestionnaire.LoadAsync(db, assessment, cancellationToken);
        var items = questionnaire?.Definition.AllItems().Select((item, index) => (item, index)).GroupBy(x => x.item.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal) ?? [];
        string Show(string itemId, string? json)
        {
            if (json is null) return NoAnswer;
            var shown = items.TryGetValue(itemId, out var x) ? AssessmentQueries.Display(x.item, json) : json;
            return shown.Length == 0 ? NoAnswer : shown;
        }

        var waitingRound = assessment.Status == AssessmentStatus.ClarificationRequested ? assessment.ClarificationRounds : -1;
        var rounds = rows.GroupBy(r => r.Round).OrderByDescending(g => g.Key).Select(g => new ClarificationRound(g.Key, [.. g
            .OrderBy(r => items.TryGetValue(r.ItemId, out var x) ? x.index : int.MaxValue).ThenBy(r => r.RequestedAt)
            .Select(r =>
            {
                var state = r.AnsweredAt is not null ? ClarificationState.Answered
                    : r.Round == waitingRound ? ClarificationState.WaitingForVendor : ClarificationState.NotAnswered;
                // While the vendor works, the answer as it is now; once submitted, as it was submitted.
                var after = state switch
                {
                    ClarificationState.Answered => r.AnswerAfterJson,
                    ClarificationState.WaitingForVendor => current.GetValueOrDefault(r.ItemId),
                    _ => null,
                };
                return new ClarificationEntry(r.ItemId, items.TryGetValue(r.ItemId, out var x) ? x.item.Text : r.ItemId, r.Reason, r.Source,
                    r.RequestedByUserId is { } by ? names.GetValueOrDefault(by) : null, r.RequestedAt, Show(r.ItemId, r.AnswerBeforeJson),
                    state == ClarificationState.NotAnswered ? null : Show(r.ItemId, after), state != ClarificationState.NotAnswered && after != r.AnswerBeforeJson,
                    r.ReplyNote, r.RepliedByUserId is { } replier ? names.GetValueOrDefault(replier) : null, r.RepliedAt, state);
            })])).ToList();
        return new ClarificationThread(assessmentId, rounds);
    }
}
