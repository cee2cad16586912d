using VendorRisk.Application.Common;
using VendorRisk.Domain.Assessments;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Portal;

/// <summary>Carried-over answers confirmed at once: how many, where, how many are left to check one by one, and the sheet to show.</summary>
public sealed record AnswersConfirmed(int Confirmed, string? SectionTitle, int LeftToCheck, PortalSheet Sheet)
{
    public string Message => (Confirmed == 0
            ? $"No unchanged carried-over answer was left to confirm{(SectionTitle is null ? "" : " in " + SectionTitle)}."
            : $"Confirmed {Confirmed} carried-over answer{(Confirmed == 1 ? "" : "s")}{(SectionTitle is null ? "" : " in " + SectionTitle)}.")
        + (LeftToCheck == 0 ? "" : $" {LeftToCheck} answer{(LeftToCheck == 1 ? " belongs" : "s belong")} to a question that changed since last time: check {(LeftToCheck == 1 ? "it" : "each")} and confirm or change {(LeftToCheck == 1 ? "it" : "them")} one by one.");
}

/// <summary>
/// A reassessment's carried-over answers confirmed as still true in one go: all of them, or those of one section (issue 14). Only the
/// contact's own assessment (<see cref="PortalQueries.OpenAssessmentAsync"/>; any other is not found), only answers still carried over, shown,
/// open to the vendor and to a question that did not change since the previous assessment (<see cref="PortalNotesQueries.Confirmable"/>);
/// one transaction that re-reads the assessment's state (<see cref="AnswerWriter.CommitAsync"/>), so nothing lands on a submitted one.
/// </summary>
public sealed class CarryOverOperations(AppDbContext db, PortalQueries portal, PortalNotesQueries notes, AuditLog audit, TimeProvider clock)
{
    public const string AnswersConfirmedAction = "assessment.answers-confirmed";

    /// <summary>Confirms every unchanged carried-over answer (of <paramref name="sectionId"/> when given). Invalid for an unknown section; Conflict when the questionnaire no longer takes answers.</summary>
    public async Task<Outcome<AnswersConfirmed>> ConfirmAsync(Guid assessmentId, string? sectionId, CancellationToken cancellationToken)
    {
        if (await portal.OpenAssessmentAsync(assessmentId, cancellationToken) is not { } grant)
            return Fail.NotFound("There is no such questionnaire for you to answer.");
        var now = clock.GetUtcNow();
        var sheet = await AnswerSheet.LoadAsync(db, grant.Assessment, DateOnly.FromDateTime(now.UtcDateTime), cancellationToken);
        var section = sectionId is null ? null : sheet.Definition.AllSections().FirstOrDefault(s => s.Id == sectionId);
        if (sectionId is not null && section is null) return Fail.Invalid("sectionId", "There is no such section in this questionnaire.");
        if (grant.Assessment.Status is not (AssessmentStatus.Sent or AssessmentStatus.InProgress or AssessmentStatus.ClarificationRequested))
            return Fail.Conflict(AnswerWriter.LockedMessage(grant.Assessment) + " Nothing was confirmed.");

        var summary = await notes.CarryOverAsync(grant.Assessment, sheet, cancellationToken);
        var confirmable = PortalNotesQueries.Confirmable(grant.Assessment, sheet, section, summary?.ChangedQuestionIds ?? new HashSet<string>(), out var carried);
        if (confirmable.Count > 0)
        {
            foreach (var answer in confirmable) answer.Confirm(grant.UserId, now);
            grant.Assessment.RecordVendorActivity();
            audit.Record(AnswersConfirmedAction, nameof(Assessment), grant.Assessment.Id,
                new { sectionId = section?.Id, count = confirmable.Count, itemIds = confirmable.Select(a => a.ItemId).ToList() });
            var writer = new AnswerWriter(db, grant, sheet, now);
            if (!await writer.CommitAsync(cancellationToken))
            {
                db.ChangeTracker.Clear();
                return Fail.Conflict(writer.LockedMeanwhile
                    ? AnswerWriter.LockedMessage(writer.Current!) + " Nothing was confirmed."
                    : "Someone changed answers at the same moment; nothing was confirmed. Check the answers and confirm again.");
            }
        }
        return new AnswersConfirmed(confirmable.Count, section?.Title, carried - confirmable.Count,
            await portal.WithContributorsAsync(grant, sheet, cancellationToken));
    }
}
