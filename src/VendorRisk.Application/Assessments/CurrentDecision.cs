using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Assessments;

/// <summary>
/// Copies a just-decided assessment's outcome and residual rating onto its vendor (ADR-015), inside the decision's unit of
/// work: the vendor's current decision commits with the decision or not at all. Every caller of <see cref="Assessment.Decide"/>
/// calls this before saving.
/// </summary>
public static class CurrentDecision
{
    public static async Task RecordAsync(AppDbContext db, Assessment assessment, CancellationToken cancellationToken = default)
    {
        if (assessment.DecidedAt is not { } decidedAt
            || assessment.Status is not (AssessmentStatus.Approved or AssessmentStatus.ApprovedWithConditions or AssessmentStatus.Rejected))
            return;
        var vendor = db.Vendors.Local.FirstOrDefault(v => v.Id == assessment.VendorId)
            ?? await db.Vendors.SingleAsync(v => v.Id == assessment.VendorId, cancellationToken);
        vendor.RecordDecision(assessment.Id, assessment.Status, decidedAt, assessment.ResidualLikelihood, assessment.ResidualImpact);
    }

    /// <summary>
    /// The backfill for rows decided before the vendor kept its current decision (a bulk loader that
    /// writes assessments with SQL can run it too). Picks, per vendor, the latest decided assessment and the latest decided
    /// one with a residual rating; ties on the decision time go to the larger id, as everywhere a "latest" is chosen in SQL.
    /// </summary>
    public static string BackfillSql(bool sqlServer)
    {
        var (top, limit) = sqlServer ? ("TOP 1 ", "") : ("", " LIMIT 1");
        const string decided = "a.\"Status\" IN ('Approved', 'ApprovedWithConditions', 'Rejected') AND a.\"DecidedAt\" IS NOT NULL";
        const string rated = " AND a.\"ResidualLikelihood\" IS NOT NULL AND a.\"ResidualImpact\" IS NOT NULL";
        string Latest(string column, string where) =>
            $"(SELECT {top}a.\"{column}\" FROM \"Assessments\" a WHERE a.\"VendorId\" = \"Vendors\".\"Id\" AND {where} ORDER BY a.\"DecidedAt\" DESC, a.\"Id\" DESC{limit})";
        return $"""
            UPDATE "Vendors" SET
                "DecisionAssessmentId" = {Latest("Id", decided)},
                "DecisionStatus" = {Latest("Status", decided)},
                "DecidedAt" = {Latest("DecidedAt", decided)},
                "ResidualAssessmentId" = {Latest("Id", decided + rated)},
                "ResidualLikelihood" = {Latest("ResidualLikelihood", decided + rated)},
                "ResidualImpact" = {Latest("ResidualImpact", decided + rated)},
                "ResidualDecidedAt" = {Latest("DecidedAt", decided + rated)};
            """;
    }
}
