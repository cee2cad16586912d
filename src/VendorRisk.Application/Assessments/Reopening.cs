using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Common;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Links;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Assessments;

/// <summary>One question to reopen for the vendor and why, in the words the vendor reads at the question.</summary>
public sealed record ReopenRequest(string ItemId, string Reason);

/// <summary>
/// The one way questions are reopened for the vendor, whoever reopens them (a reviewer's clarification request in the review workflow or on
/// the assessment page, a rejected piece of evidence): the assessment opens the items (<see cref="Assessment.RequestClarification"/>, or
/// more items of the round already open), and each item gets a <see cref="ReopenedItem"/> with its reason and the answer as it was, in the
/// caller's unit of work. <see cref="MailAsync"/> is the vendor's e-mail naming each question with its reason and a link straight to it.
/// </summary>
public static class Reopening
{
    /// <summary>The reason of one question: its own comment, after the comment for all of them when there are both.</summary>
    public static string? ReasonFor(string itemId, string? comment, IReadOnlyDictionary<string, string>? questionComments)
    {
        var own = questionComments?.GetValueOrDefault(itemId)?.Trim();
        var all = comment?.Trim();
        if (string.IsNullOrEmpty(own)) return string.IsNullOrEmpty(all) ? null : all;
        return string.IsNullOrEmpty(all) ? own : all + "\n\n" + own;
    }

    /// <summary>
    /// Reopens <paramref name="items"/> (item ids the caller checked against the questionnaire); throws <see cref="DomainException"/> when the
    /// assessment cannot be reopened now. A round already open (waiting for the vendor) takes the items into that round.
    /// </summary>
    public static async Task<IReadOnlyList<ReopenedItem>> ReopenAsync(AppDbContext db, Assessment assessment, IReadOnlyList<ReopenRequest> items,
        string source, Guid? by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var chosen = items.GroupBy(i => i.ItemId, StringComparer.Ordinal).Select(g => g.First()).ToList();
        if (chosen.Count == 0) throw new DomainException("Choose at least one question to reopen.");
        var ids = chosen.Select(i => i.ItemId).ToList();
        if (assessment.Status == AssessmentStatus.ClarificationRequested) assessment.RequestClarification([.. assessment.ReopenedItemIds.Union(ids, StringComparer.Ordinal)], sameRound: true);
        else assessment.RequestClarification(ids);
        var answers = await db.AssessmentAnswers.AsNoTracking().Where(a => a.AssessmentId == assessment.Id && ids.Contains(a.ItemId))
            .Select(a => new { a.ItemId, a.ValueJson }).ToDictionaryAsync(a => a.ItemId, a => a.ValueJson, StringComparer.Ordinal, cancellationToken);
        var rows = chosen.Select(i => ReopenedItem.Create(assessment.Id, i.ItemId, assessment.ClarificationRounds, i.Reason, source, by,
            answers.GetValueOrDefault(i.ItemId), now)).ToList();
        db.ReopenedItems.AddRange(rows);
        return rows;
    }

    /// <summary>The reopened items of <paramref name="assessmentId"/> this unit of work added (not saved yet), in the questionnaire's order.</summary>
    public static IReadOnlyList<ReopenedItem> Staged(AppDbContext db, Guid assessmentId) =>
        [.. db.ChangeTracker.Entries<ReopenedItem>().Where(e => e.State == EntityState.Added && e.Entity.AssessmentId == assessmentId).Select(e => e.Entity)];

    /// <summary>
    /// The vendor's e-mail about reopened questions: each question by its text with its reason and a link straight to it in the portal
    /// (through <see cref="PublicLinks"/>), and a link to the questionnaire.
    /// </summary>
    public static async Task<EmailContent> MailAsync(AppDbContext db, PublicLinks links, string slug, string tenantName, Assessment assessment,
        IReadOnlyList<ReopenedItem> items, DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        var (questionnaire, _) = await PinnedQuestionnaire.LoadAsync(db, assessment, cancellationToken);
        var order = questionnaire?.Definition.AllItems().Select((item, index) => (item, index)).ToDictionary(x => x.item.Id, StringComparer.Ordinal)
            ?? [];
        var questions = items.OrderBy(i => order.TryGetValue(i.ItemId, out var x) ? x.index : int.MaxValue)
            .Select(i => new EmailListLink(order.TryGetValue(i.ItemId, out var x) ? x.item.Text : i.ItemId,
                links.PortalAssessmentItem(slug, assessment.Id, i.ItemId), i.Reason))
            .ToList();
        return AssessmentMails.Clarification(tenantName, assessment.Title, questions, links.PortalAssessment(slug, assessment.Id), dueAt);
    }

    /// <summary>
    /// Stages the e-mail of <see cref="MailAsync"/> in the outbox for each of the assessment's vendor contacts, keyed by
    /// <paramref name="deduplicationKey"/> (given the contact's lower-case address) so a retried operation never mails twice; returns the
    /// contacts told.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MailContactsAsync(AppDbContext db, PublicLinks links, EmailOutbox outbox, TenantContext tenant,
        Assessment assessment, IReadOnlyList<ReopenedItem> items, Func<string, string> deduplicationKey, CancellationToken cancellationToken)
    {
        var contacts = await db.AssessmentContacts.Where(c => c.AssessmentId == assessment.Id).OrderBy(c => c.Email).Select(c => c.Email)
            .ToListAsync(cancellationToken);
        var slug = tenant.Slug ?? await db.Tenants.Where(t => t.Id == assessment.TenantId).Select(t => t.Slug).SingleAsync(cancellationToken);
        var mail = await MailAsync(db, links, slug, tenant.TenantName ?? "", assessment, items, null, cancellationToken);
        foreach (var email in contacts)
            outbox.Enqueue(mail, email, null, AssessmentMails.KindClarification, tenant.TenantId, deduplicationKey(email.ToLowerInvariant()));
        return contacts;
    }
}
