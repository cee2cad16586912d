using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Reassessments;

/// <summary>An internal person to e-mail.</summary>
public sealed record Recipient(Guid UserId, string Email, string Name);

/// <summary>Who hears about a vendor: its business owner (while an active member), and the tenant admins when asked or when there is no owner.</summary>
public static class Recipients
{
    public static async Task<IReadOnlyList<Recipient>> ForVendorAsync(AppDbContext db, Guid vendorId, bool alsoAdmins, CancellationToken cancellationToken)
    {
        var ownerId = await db.Vendors.Where(v => v.Id == vendorId).Select(v => v.BusinessOwnerUserId).SingleOrDefaultAsync(cancellationToken);
        var members = await db.Memberships.Where(m => !m.IsDisabled)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.UserId, m.Roles, u.Email, u.DisplayName })
            .ToListAsync(cancellationToken);
        var owner = members.FirstOrDefault(m => m.UserId == ownerId && m.Roles.HasAny(TenantRolesExtensions.Internal));
        var chosen = members.Where(m => m.Email is not null
                && ((owner is not null && m.UserId == owner.UserId)
                    || ((alsoAdmins || owner is null) && m.Roles.HasFlag(TenantRoles.TenantAdmin))))
            .OrderBy(m => m.Email, StringComparer.OrdinalIgnoreCase)
            .Select(m => new Recipient(m.UserId, m.Email!, m.DisplayName))
            .ToList();
        return chosen;
    }
}
