using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Members;

public sealed record MemberRow(Guid MembershipId, string DisplayName, string Email, TenantRoles Roles, bool IsDisabled, bool TwoFactorEnabled,
    ReviewerSpecialisms Specialisms);

public sealed record PendingInvitationRow(Guid Id, string Email, TenantRoles Role, DateTimeOffset ExpiresAt);

/// <summary>The members of the tenant by name, and the invitations not yet accepted, withdrawn or expired (soonest to expire first).</summary>
public sealed record MemberList(IReadOnlyList<MemberRow> Members, IReadOnlyList<PendingInvitationRow> Pending);

/// <summary>One member with the version a change must name.</summary>
public sealed record MemberDto(Guid MembershipId, Guid UserId, string DisplayName, string Email, TenantRoles Roles, bool IsDisabled,
    bool TwoFactorEnabled, int Version, ReviewerSpecialisms Specialisms, Guid? VendorId);

/// <summary>What the tenant's admins read about its members and invitations.</summary>
public sealed class MemberQueries(AppDbContext db, Access access, InvitationSender invitations, TimeProvider clock)
{
    public async Task<Outcome<MemberList>> ListAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(MemberOperations.Administer) is { } forbidden) return forbidden;
        var members = await db.Memberships
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m, u })
            .OrderBy(x => x.u.DisplayName).ThenBy(x => x.u.Email)
            .Select(x => new MemberRow(x.m.Id, x.u.DisplayName, x.u.Email ?? "", x.m.Roles, x.m.IsDisabled, x.u.TwoFactorEnabled, x.m.Specialisms))
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var pending = await db.Invitations
            .Where(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .OrderBy(i => i.ExpiresAt)
            .Select(i => new PendingInvitationRow(i.Id, i.Email, i.Role, i.ExpiresAt))
            .ToListAsync(cancellationToken);
        return new MemberList(members, pending);
    }

    public async Task<Outcome<MemberDto>> FindAsync(Guid membershipId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(MemberOperations.Administer) is { } forbidden) return forbidden;
        var member = await db.Memberships.Where(m => m.Id == membershipId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m, u })
            .Select(x => new MemberDto(x.m.Id, x.u.Id, x.u.DisplayName, x.u.Email ?? "", x.m.Roles, x.m.IsDisabled,
                x.u.TwoFactorEnabled, x.m.Version, x.m.Specialisms, x.m.VendorId))
            .SingleOrDefaultAsync(cancellationToken);
        return member is null ? Fail.NotFound("There is no such member of this organisation.") : member;
    }

    /// <summary>The pending invitation of a colleague to <paramref name="role"/> (a role name), which can be sent again; null if none.</summary>
    public async Task<Guid?> PendingInvitationAsync(string? email, string? role, CancellationToken cancellationToken) =>
        !string.IsNullOrWhiteSpace(email) && MemberOperations.InternalRole(role) is { } chosen && await access.AllowsAsync(MemberOperations.Administer)
            ? await invitations.PendingAsync(email, chosen, vendorId: null, cancellationToken)
            : null;
}
