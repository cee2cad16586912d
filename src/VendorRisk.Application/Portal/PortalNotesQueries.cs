using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Assessments;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Versioning;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Portal;

/// <summary>A question reopened for the vendor in the round waiting for it: why (the reviewer's words), and the vendor's reply so far.</summary>
public sealed record PortalReopenedItem(string ItemId, string Question, string SectionId, IReadOnlyList<string> Reasons, DateTimeOffset RequestedAt,
    string? ReplyNote, DateTimeOffset? RepliedAt);

/// <summary>A reviewer's comment the organisation shared with the vendor, at its question.</summary>
public sealed record PortalSharedComment(string ItemId, string Author, string Body, DateTimeOffset At);

/// <summary>One question of a reassessment that changed since the vendor last answered: the question, and what changed, in words.</summary>
public sealed record PortalChange(string ItemId, string Question, string SectionId, string What);

/// <summary>
/// A reassessment's answers carried over from the previous assessment: what changed in the questionnaire since (questions added, or
/// changed in a way that matters for the answer), the answers the vendor changed here, and the carried-over answers left to confirm
/// (<see cref="Confirmable"/>: those to unchanged questions, which "confirm all" confirms at once).
/// </summary>
public sealed record CarryOverSummary(string PreviousTitle, DateTimeOffset? PreviousSubmittedAt, string PreviousVersion, string Version,
    IReadOnlyList<PortalChange> QuestionChanges, IReadOnlyList<PortalChange> AnswerChanges, int ToConfirm, int Confirmable)
{
    /// <summary>What changed, by question.</summary>
    public IReadOnlyDictionary<string, string> Questions() => QuestionChanges.ToDictionary(c => c.ItemId, c => c.What, StringComparer.Ordinal);

    /// <summary>Questions whose carried-over answer must be checked one by one.</summary>
    public IReadOnlySet<string> ChangedQuestionIds { get; } =
        QuestionChanges.Select(c => c.ItemId).ToHashSet(StringComparer.Ordinal);
}

/// <summary>What the vendor reads beside the questions: reopened questions with the reviewers' words, shared comments, and a reassessment's changes.</summary>
public sealed record PortalNotes(IReadOnlyList<PortalReopenedItem> Reopened, ILookup<string, PortalSharedComment> Shared, CarryOverSummary? CarryOver)
{
    public static readonly PortalNotes None = new([], Array.Empty<PortalSharedComment>().ToLookup(c => c.ItemId), null);

    public PortalReopenedItem? ReopenedAt(string itemId) => Reopened.FirstOrDefault(r => r.ItemId == itemId);
}

/// <summary>
/// The notes of an assessment the contact may answer (the <see cref="PortalSheet"/> the portal opened through
/// <see cref="PortalQueries.OpenAssessmentAsync"/>): the reopened questions of the round waiting for the vendor, the comments shared with
/// the vendor (never the internal ones), and for a reassessment what changed since the previous one.
/// </summary>
public sealed class PortalNotesQueries(AppDbContext db)
{
    public async Task<PortalNotes> NotesAsync(PortalSheet portal, CancellationToken cancellationToken)
    {
        var assessment = portal.Grant.Assessment;
        var sheet = portal.Sheet;
        var sections = sheet.Definition.AllSections().SelectMany(s => s.Items.Select(i => (i.Id, Section: s.Id)))
            .GroupBy(x => x.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Section, StringComparer.Ordinal);
        var order = sheet.Definition.AllItems().Select((item, index) => (item.Id, index)).GroupBy(x => x.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().index, StringComparer.Ordinal);

        List<PortalReopenedItem> reopened = [];
        if (assessment.Status == AssessmentStatus.ClarificationRequested)
        {
            var open = assessment.ReopenedItemIds.ToHashSet(StringComparer.Ordinal);
            var round = assessment.ClarificationRounds;
            var rows = await db.ReopenedItems.AsNoTracking().Where(r => r.AssessmentId == assessment.Id && r.Round == round)
                .OrderBy(r => r.RequestedAt)
                .Select(r => new { r.ItemId, r.Reason, r.RequestedAt, r.ReplyNote, r.RepliedAt }).ToListAsync(cancellationToken);
            // A round reopened without words (before reasons were kept) still lists its questions.
            reopened = [.. open.Where(i => sheet.Item(i) is { IsAnswerable: true }).OrderBy(i => order.GetValueOrDefault(i, int.MaxValue)).Select(itemId =>
            {
                var mine = rows.Where(r => r.ItemId == itemId).ToList();
                var reply = mine.LastOrDefault(r => r.ReplyNote is not null);
                return new PortalReopenedItem(itemId, sheet.Item(itemId)?.Text ?? itemId, sections.GetValueOrDefault(itemId) ?? "",
                    [.. mine.Select(r => r.Reason).Distinct(StringComparer.Ordinal)], mine.Select(r => r.RequestedAt).FirstOrDefault(),
                    reply?.ReplyNote, reply?.RepliedAt);
            })];
        }

        var shared = await db.AssessmentComments.AsNoTracking().Where(c => c.AssessmentId == assessment.Id && c.VisibleToVendor)
            .OrderBy(c => c.CreatedAt)
            .GroupJoin(db.Users, c => c.AuthorUserId, u => u.Id, (c, u) => new { c, u })
            .SelectMany(x => x.u.DefaultIfEmpty(), (x, u) => new PortalSharedComment(x.c.ItemId,
                u != null && u.DisplayName != "" ? u.DisplayName : portal.Grant.Membership.TenantName, x.c.Body, x.c.CreatedAt))
            .ToListAsync(cancellationToken);

        return new PortalNotes(reopened, shared.ToLookup(c => c.ItemId, StringComparer.Ordinal), await CarryOverAsync(assessment, sheet, cancellationToken));
    }

    /// <summary>What changed since the previous assessment whose answers were carried over; null for an assessment without one.</summary>
    public async Task<CarryOverSummary?> CarryOverAsync(Assessment assessment, AnswerSheet sheet, CancellationToken cancellationToken)
    {
        if (assessment.PreviousAssessmentId is not { } previousId) return null;
        var previous = await db.Assessments.AsNoTracking().Where(a => a.Id == previousId)
            .Select(a => new { a.Title, a.SubmittedAt, a.TenantId, a.TemplateId, a.ContentHash, a.TemplateVersion }).SingleOrDefaultAsync(cancellationToken);
        if (previous is null) return null;
        var (questionnaire, _) = await PinnedQuestionnaire.LoadAsync(db, previous.TenantId, previous.TemplateId, previous.ContentHash, cancellationToken);
        var sections = sheet.Definition.AllSections().SelectMany(s => s.Items.Select(i => (Item: i, Section: s.Id)))
            .GroupBy(x => x.Item.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        var questionChanges = new List<PortalChange>();
        if (questionnaire is not null)
        {
            foreach (var group in QuestionnaireDiff.Compare(questionnaire.Definition, sheet.Definition).Changes.GroupBy(c => c.ItemId, StringComparer.Ordinal))
            {
                if (!sections.TryGetValue(group.Key, out var at) || !at.Item.IsAnswerable) continue;
                var words = group.Select(Describe).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
                if (words.Count > 0) questionChanges.Add(new PortalChange(group.Key, at.Item.Text, at.Section, string.Join("; ", words)));
            }
        }

        var before = await AssessmentAnswers.LoadAsync(db, previousId, cancellationToken);
        var answerChanges = new List<PortalChange>();
        foreach (var answer in sheet.Answers.Values.Where(a => !a.CarriedOver))
        {
            if (!sections.TryGetValue(answer.ItemId, out var at) || !before.TryGetValue(answer.ItemId, out var old)) continue;
            var now = sheet.ValueOf(answer.ItemId);
            if (now is not null && AnswerJson.Serialize(now) == AnswerJson.Serialize(old)) continue;
            answerChanges.Add(new PortalChange(answer.ItemId, at.Item.Text, at.Section,
                $"{AnswerWriter.Display(at.Item, old)} → {AnswerWriter.Display(at.Item, now)}"));
        }

        var order = sheet.Definition.AllItems().Select((item, index) => (item.Id, index)).GroupBy(x => x.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().index, StringComparer.Ordinal);
        int Order(PortalChange c) => order.GetValueOrDefault(c.ItemId, int.MaxValue);
        var summary = new CarryOverSummary(previous.Title, previous.SubmittedAt, previous.TemplateVersion, assessment.TemplateVersion,
            [.. questionChanges.OrderBy(Order)], [.. answerChanges.OrderBy(Order)], 0, 0);
        var carried = Confirmable(assessment, sheet, null, summary.ChangedQuestionIds, out var all);
        return summary with { ToConfirm = all, Confirmable = carried.Count };
    }

    /// <summary>
    /// The carried-over answers "confirm all" (or "confirm this section", with <paramref name="section"/>) confirms: shown, open to the vendor,
    /// and to a question that did not change since the previous assessment. <paramref name="carriedOver"/>: all carried-over answers in scope.
    /// </summary>
    public static List<AssessmentAnswer> Confirmable(Assessment assessment, AnswerSheet sheet, QuestionnaireSection? section,
        IReadOnlySet<string> changedQuestions, out int carriedOver)
    {
        var items = (section?.Items ?? [.. sheet.Definition.AllItems()])
            .Where(i => i.IsAnswerable && sheet.Evaluation.Item(i.Id).Visible && assessment.VendorMayAnswer(i.Id))
            .Select(i => sheet.Answers.GetValueOrDefault(i.Id)).OfType<AssessmentAnswer>().Where(a => a.CarriedOver).ToList();
        carriedOver = items.Count;
        return [.. items.Where(a => !changedQuestions.Contains(a.ItemId))];
    }

    /// <summary>A change of the questionnaire in the vendor's words; null for one that does not touch the answer (weights, mappings, moves, help text).</summary>
    private static string? Describe(ItemChange change) => change.Kind switch
    {
        ItemChangeKind.Added => "new question",
        ItemChangeKind.TextChanged when !change.Detail.StartsWith("help", StringComparison.Ordinal) => "its wording changed",
        ItemChangeKind.ScoringChanged when change.Detail.Contains("choice", StringComparison.Ordinal) || change.Detail.Contains("type", StringComparison.Ordinal)
            => "its answer choices changed",
        ItemChangeKind.ValidationChanged => "its answer rules changed",
        _ => null,
    };
}
