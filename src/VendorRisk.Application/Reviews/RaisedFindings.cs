using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Reviews;

/// <summary>One finding as the internal pages list it, with the owner's and the people's names resolved.</summary>
public sealed record FindingRow(Guid Id, FindingSeverity Severity, string Title, string? Description, IReadOnlyList<string> ItemIds,
    FindingTreatment Treatment, string? TreatmentPlan, FindingOwnerKind OwnerKind, string Owner, DateOnly DueOn, FindingStatus Status,
    string? RemediationPlan, DateOnly? RemediationTargetOn, string? RemediationBy, DateTimeOffset? RemediationAt,
    string RaisedBy, DateTimeOffset RaisedAt, string? ResolutionNote, string? ResolvedBy, DateTimeOffset? ResolvedAt, int Version,
    DateOnly? RiskAcceptedUntil = null)
{
    public bool IsOpen => Status is FindingStatus.Open or FindingStatus.RemediationProposed;
}

/// <summary>
/// The findings reviewers raised on an assessment, as the review task and the findings pages list them (the Findings area builds on the
/// review; the review task page reads them here). Callers demand their own permission first.
/// </summary>
public static class RaisedFindings
{
    /// <summary>The findings of one assessment (this tenant's, through the filter): open first, then by severity and due date.</summary>
    public static async Task<List<FindingRow>> ForAssessmentAsync(AppDbContext db, Guid assessmentId, string vendorName, Guid? findingId = null,
        CancellationToken cancellationToken = default)
    {
        var query = db.ReviewFindings.AsNoTracking().Where(f => f.AssessmentId == assessmentId);
        if (findingId is { } id) query = query.Where(f => f.Id == id);
        var findings = await query.ToListAsync(cancellationToken);
        var people = findings.SelectMany(f => new[] { f.OwnerUserId, f.RaisedByUserId, f.RemediationByUserId, f.ResolvedByUserId })
            .OfType<Guid>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => people.Contains(u.Id))
            .Select(u => new { u.Id, Name = u.DisplayName != "" ? u.DisplayName : u.Email ?? "" })
            .ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        string Name(Guid? user) => user is { } u && names.TryGetValue(u, out var n) ? n : "a former member";
        return [.. findings
            .OrderBy(f => f.IsOpen ? 0 : 1).ThenByDescending(f => f.Severity).ThenBy(f => f.DueOn).ThenBy(f => f.RaisedAt)
            .Select(f => new FindingRow(f.Id, f.Severity, f.Title, f.Description, f.LinkedItemIds, f.Treatment, f.TreatmentPlan, f.OwnerKind,
                f.OwnedByVendor ? vendorName + " (vendor)" : Name(f.OwnerUserId), f.DueOn, f.Status, f.RemediationPlan, f.RemediationTargetOn,
                f.RemediationByUserId is null ? null : Name(f.RemediationByUserId), f.RemediationAt, Name(f.RaisedByUserId), f.RaisedAt,
                f.ResolutionNote, f.ResolvedByUserId is null ? null : Name(f.ResolvedByUserId), f.ResolvedAt, f.Version, f.RiskAcceptedUntil))];
    }
}
