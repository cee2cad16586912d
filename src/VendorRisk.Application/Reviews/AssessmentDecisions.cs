using VendorRisk.Application.Assessments;
using VendorRisk.Application.Reassessments;
using VendorRisk.Domain.Assessments;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Reviews;

/// <summary>
/// What happens when an assessment is decided, whoever decides it (the review workflow, a manager deciding by hand, the demo's
/// history): the assessment records the decision, its vendor's current decision follows (ADR-015), and the vendor's next
/// reassessment is scheduled (ADR-014). All in the caller's unit of work, so they commit together or not at all.
/// </summary>
public static class AssessmentDecisions
{
    /// <param name="acceptanceExpiresOn">For an approval with conditions: when the acceptance ends (the next reassessment is due then at the latest).</param>
    public static async Task RecordAsync(AppDbContext db, Assessment assessment, AssessmentDecision decision, string? note,
        DateOnly? acceptanceExpiresOn, DateTimeOffset now, CancellationToken cancellationToken)
    {
        assessment.Decide(decision, note, now);
        await CurrentDecision.RecordAsync(db, assessment, cancellationToken);
        await ReassessmentScheduling.ScheduleAfterDecisionAsync(db, assessment, acceptanceExpiresOn, now, cancellationToken);
    }
}
