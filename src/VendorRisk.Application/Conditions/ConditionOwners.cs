using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Conditions;

/// <summary>An internal member who can own a condition of approval or a finding.</summary>
public sealed record OwnerCandidate(Guid Id, string Name);

/// <summary>
/// Who can own a condition of approval (ADR-027) or a finding: the vendor (its contacts, in the portal) or an internal member active in the tenant
/// with a working role (not an auditor only, not a vendor contact). Callers demand their own permission first.
/// </summary>
public static class ConditionOwners
{
    private const TenantRoles Owners = TenantRoles.TenantAdmin | TenantRoles.VendorManager | TenantRoles.Reviewer | TenantRoles.CommitteeMember;

    /// <summary>The internal members who can own one, by name.</summary>
    public static Task<List<OwnerCandidate>> CandidatesAsync(AppDbContext db, CancellationToken cancellationToken) =>
        db.Memberships.AsNoTracking()
            .Where(m => !m.IsDisabled && (m.Roles & Owners) != 0 && (m.Roles & TenantRoles.VendorContact) == 0)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, Name = u.DisplayName != "" ? u.DisplayName : u.Email ?? "" })
            .OrderBy(p => p.Name)
            .Select(p => new OwnerCandidate(p.Id, p.Name))
            .ToListAsync(cancellationToken);
}
