using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Common;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Portal;

/// <summary>
/// The vendor's note to the reviewers at a reopened question (beside the changed answer), while the clarification round waits for the
/// vendor. The reviewers read it beside their question once the vendor submits again.
/// </summary>
public sealed class ClarificationReplyOperations(AppDbContext db, PortalQueries portal, AuditLog audit, TimeProvider clock)
{
    public const string RepliedAction = "assessment.clarification-replied";

    /// <summary>The form field of the reply at one question.</summary>
    public static string Field(string itemId) => "reply-" + itemId;

    /// <summary>
    /// Saves (or, empty, removes) the reply at <paramref name="itemId"/>. Invalid for a question that is not reopened or a reply that is too
    /// long; Conflict when the round no longer waits for the vendor (submitted meanwhile).
    /// </summary>
    public async Task<Outcome<string>> ReplyAsync(Guid assessmentId, string? itemId, string? note, CancellationToken cancellationToken)
    {
        if (await portal.OpenAssessmentAsync(assessmentId, cancellationToken) is not { } grant)
            return Fail.NotFound("There is no such questionnaire for you to answer.");
        var assessment = grant.Assessment;
        if (assessment.Status != AssessmentStatus.ClarificationRequested)
            return Fail.Conflict(SubmissionOperations.LockedMessage(assessment) + " Your reply was not saved.");
        var round = assessment.ClarificationRounds;
        var reopened = itemId is null || !assessment.VendorMayAnswer(itemId) ? null
            : await db.ReopenedItems.Where(r => r.AssessmentId == assessment.Id && r.Round == round && r.ItemId == itemId && r.AnsweredAt == null)
                .OrderByDescending(r => r.RequestedAt).FirstOrDefaultAsync(cancellationToken);
        if (reopened is null) return Fail.Invalid("itemId", "This question is not reopened for clarification, so it takes no reply.");
        if (note is { } text && text.Trim().Length > ReopenedItem.ReplyMaxLength)
            return Fail.Invalid(Field(reopened.ItemId), $"Use at most {ReopenedItem.ReplyMaxLength} characters.");

        reopened.Reply(note, grant.UserId, clock.GetUtcNow());
        assessment.RecordVendorActivity();
        audit.Record(RepliedAction, nameof(Assessment), assessment.Id, new { itemId = reopened.ItemId, round, removed = reopened.ReplyNote is null });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Fail.Conflict("The questionnaire was submitted or changed while you wrote your reply; it was not saved. Reload the page.");
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            return Fail.Conflict(e.Message);
        }
        return reopened.ReplyNote is null ? "Your reply was removed." : "Your reply was saved. The reviewers read it when you submit your answers again.";
    }
}
