using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VendorRisk.Application.Common;
using VendorRisk.Application.Reviews;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Reviews;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;

namespace VendorRisk.Application.Portal;

/// <summary>Whether the submission was the first, or a resubmission after a clarification request.</summary>
public sealed record Submitted(bool Resubmission);

/// <summary>
/// The vendor submits its answers. One transaction holds the submission, its audit event and the hand-over to the review
/// (<see cref="ReviewHandOver"/>); the review's own step follows after the commit, and a hand-over a crash left pending is delivered
/// by the sweeper. So a submission and its review never disagree (issue 13).
/// </summary>
public sealed class SubmissionOperations(AppDbContext db, AuditLog audit, TimeProvider clock, Access access, TenantContext tenant,
    ReviewHandOvers handOvers, ILogger<SubmissionOperations> logger)
{
    public const string AssessmentSubmittedAction = "assessment.submitted";

    /// <summary>
    /// Validates every visible required answer with the engine and submits. Invalid lists each missing answer with the item id as
    /// its field; Conflict when the assessment no longer waits for the vendor or changed meanwhile.
    /// </summary>
    public async Task<Outcome<Submitted>> SubmitAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        var assessment = await db.Assessments.SingleOrDefaultAsync(a => a.Id == assessmentId, cancellationToken);
        if (assessment is null || !await access.AllowsAsync(AnswerAssessment.Requirement, assessment))
            return Fail.NotFound("There is no such questionnaire for you to answer.");
        if (assessment.Status is not (AssessmentStatus.Sent or AssessmentStatus.InProgress or AssessmentStatus.ClarificationRequested))
            return Fail.Conflict(LockedMessage(assessment));

        var now = clock.GetUtcNow();
        var sheet = await AnswerSheet.LoadAsync(db, assessment, DateOnly.FromDateTime(now.UtcDateTime), cancellationToken);
        var evaluation = sheet.Evaluation;
        if (!evaluation.IsComplete)
            return Fail.Invalid([.. evaluation.Errors.Select(e => new FieldError(e.ItemId, e.Message))]);

        var resubmission = assessment.Status == AssessmentStatus.ClarificationRequested;
        if (resubmission)
        {
            // The round's reopened questions are answered: the reviewers read each answer as it is now beside their question.
            var round = assessment.ClarificationRounds;
            foreach (var reopened in await db.ReopenedItems.Where(r => r.AssessmentId == assessment.Id && r.Round == round && r.AnsweredAt == null)
                         .ToListAsync(cancellationToken))
                reopened.Answer(sheet.Answers.GetValueOrDefault(reopened.ItemId)?.ValueJson, now);
        }
        try
        {
            assessment.Submit(evaluation.OverallScore, now);
        }
        catch (DomainException e)
        {
            return Fail.Conflict(e.Message);
        }
        audit.Record(AssessmentSubmittedAction, nameof(Assessment), assessment.Id,
            new { score = evaluation.OverallScore, resubmission, round = assessment.ClarificationRounds });
        handOvers.Enqueue(assessment.Id, resubmission ? ReviewHandOverKind.ClarificationAnswered : ReviewHandOverKind.StartReview, tenant.UserId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Fail.Conflict("The questionnaire changed while you submitted it; check it and submit again.");
        }

        // The submission is committed with its hand-over; the review's step runs now, on the evaluation made above.
        var vendorTier = await db.Vendors.AsNoTracking().Where(v => v.Id == assessment.VendorId).Select(v => v.InherentTier)
            .SingleOrDefaultAsync(cancellationToken) ?? RiskTier.Medium;
        var score = WorkflowHostData.ScoreOf(sheet.Questionnaire, sheet.Values(), evaluation, assessment.Score, vendorTier);
        try
        {
            await handOvers.DeliverAsync(assessment.Id, score, cancellationToken);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or DomainException)
        {
            // The hand-over stays pending and the sweeper delivers it; the vendor's submission stands.
            logger.LogError(e, "Review hand-over for assessment {AssessmentId} failed; the sweeper retries it.", assessment.Id);
        }
        return new Submitted(resubmission);
    }

    /// <summary>Why the vendor cannot change answers now, in the vendor's words.</summary>
    public static string LockedMessage(Assessment assessment) => assessment.Status == AssessmentStatus.ClarificationRequested
        ? "Only the questions reopened for clarification can be changed."
        : $"This questionnaire is {Assessment.Describe(assessment.Status)}; its answers can no longer be changed.";
}
