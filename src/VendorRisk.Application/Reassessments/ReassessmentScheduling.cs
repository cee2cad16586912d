using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Infrastructure.Persistence;

using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;

namespace VendorRisk.Application.Reassessments;

/// <summary>
/// Sets a vendor's next reassessment when one of its assessments is decided (by the review workflow or by hand).
/// Called inside the decision's unit of work, so the due date commits with the decision or not at all.
/// </summary>
public static class ReassessmentScheduling
{
    /// <summary>The tenant's policy, or the defaults when it never saved one.</summary>
    public static async Task<ReassessmentPolicy> PolicyAsync(AppDbContext db, CancellationToken cancellationToken = default) =>
        await db.ReassessmentPolicies.FirstOrDefaultAsync(cancellationToken) ?? ReassessmentPolicy.Defaults();

    /// <summary>
    /// Schedules the next reassessment after <paramref name="assessment"/> was decided: the vendor's inherent tier (medium while
    /// untiered) picks the interval; a committee acceptance ending earlier (<paramref name="acceptanceExpiresOn"/>) wins.
    /// A decision older than the one the schedule already follows changes nothing.
    /// </summary>
    public static async Task<ReassessmentSchedule?> ScheduleAfterDecisionAsync(AppDbContext db, Assessment assessment, DateOnly? acceptanceExpiresOn,
        DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (assessment.Status is not (AssessmentStatus.Approved or AssessmentStatus.ApprovedWithConditions or AssessmentStatus.Rejected)) return null;
        var decidedOn = DateOnly.FromDateTime((assessment.DecidedAt ?? now).UtcDateTime);
        var tier = await db.Vendors.Where(v => v.Id == assessment.VendorId).Select(v => v.InherentTier).SingleOrDefaultAsync(cancellationToken)
            ?? RiskTier.Medium;
        var policy = await PolicyAsync(db, cancellationToken);

        var schedule = db.ReassessmentSchedules.Local.FirstOrDefault(s => s.VendorId == assessment.VendorId)
            ?? await db.ReassessmentSchedules.SingleOrDefaultAsync(s => s.VendorId == assessment.VendorId, cancellationToken);
        if (schedule is null)
        {
            schedule = ReassessmentSchedule.Create(assessment.VendorId);
            db.ReassessmentSchedules.Add(schedule);
        }
        else if (schedule.DecidedOn > decidedOn)
        {
            return schedule;
        }
        schedule.Set(assessment.Id, decidedOn, tier, policy.MonthsFor(tier), acceptanceExpiresOn, now);
        return schedule;
    }
}
