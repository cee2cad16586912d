using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Links;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Members;

/// <summary>Why an invitation cannot be sent; <paramref name="PendingInvitationId"/> when the same one is pending and can be sent again.</summary>
public sealed record InvitationProblem(string Message, Guid? PendingInvitationId = null);

/// <summary>
/// The invitation to join the tenant entered for this scope, as a part of a unit of work: the invitation row, its e-mail (outbox,
/// with the accept link from <see cref="PublicLinks"/>) and its audit event join the caller's single save. <see cref="MemberOperations"/>
/// sends invitations on their own; an operation that invites vendor contacts as part of a larger change (sending an assessment)
/// checks and adds them here and saves once.
/// </summary>
public sealed class InvitationSender(
    AppDbContext db, TenantContext tenant, UserManager<AppUser> users, EmailOutbox outbox, AuditLog audit, TimeProvider clock, PublicLinks links)
{
    /// <summary>The roles an admin can invite colleagues to, in the order the form lists them.</summary>
    public static readonly IReadOnlyList<TenantRoles> InternalRoles =
        [TenantRoles.TenantAdmin, TenantRoles.VendorManager, TenantRoles.Reviewer, TenantRoles.CommitteeMember, TenantRoles.Auditor];

    public const int EmailMaxLength = 256;

    /// <summary>
    /// Stricter than <c>[EmailAddress]</c> (which accepts anything with an @ inside): one address, no display name, no spaces, and a
    /// domain with a dot.
    /// </summary>
    public static bool IsWellFormedEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > EmailMaxLength || email.Any(char.IsWhiteSpace)) return false;
        if (!MailAddress.TryCreate(email, out var address) || !string.Equals(address.Address, email, StringComparison.Ordinal))
            return false;
        var domain = address.Host;
        return domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.');
    }

    /// <summary>Checks an invitation before it is sent; null when it may be sent.</summary>
    public async Task<InvitationProblem?> CheckAsync(string email, TenantRoles role, Guid? vendorId, CancellationToken cancellationToken = default)
    {
        email = email.Trim();
        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            // Only this tenant's memberships are visible: the answer never tells whether the address has an account elsewhere.
            var membership = await db.Memberships.Where(m => m.UserId == existing.Id)
                .Select(m => new { m.Roles, m.IsDisabled, m.VendorId })
                .SingleOrDefaultAsync(cancellationToken);
            if (membership is not null)
            {
                if (membership.IsDisabled)
                    return new($"{email} is a member whose access is disabled. Enable them in the list of members instead.");
                if (membership.Roles.HasFlag(role) && membership.VendorId == vendorId)
                    return new($"{email} is already a member with the role {role.DisplayName()}.");
                if (membership.Roles == TenantRoles.VendorContact || role == TenantRoles.VendorContact)
                    return new($"{email} is a vendor contact of this organisation; vendor contacts cannot also hold internal roles.");
            }
        }

        var pending = await PendingAsync(email, role, vendorId, cancellationToken);
        return pending is null ? null
            : new($"{email} already has a pending invitation as {role.DisplayName()}. You can send it again instead.", pending);
    }

    /// <summary>The pending invitation of <paramref name="email"/> (any case) to <paramref name="role"/>, if there is one.</summary>
    public async Task<Guid?> PendingAsync(string email, TenantRoles role, Guid? vendorId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var pending = await db.Invitations
            .Where(i => i.Role == role && i.VendorId == vendorId && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .Select(i => new { i.Id, i.Email })
            .ToListAsync(cancellationToken);
        return pending.FirstOrDefault(i => string.Equals(i.Email, email.Trim(), StringComparison.OrdinalIgnoreCase))?.Id;
    }

    /// <summary>
    /// Adds the invitation, its e-mail and its audit event to the unit of work. The caller saves, then calls
    /// <see cref="EmailOutbox.NudgeDelivery"/>.
    /// </summary>
    public async Task<Invitation> AddAsync(string email, TenantRoles role, Guid? vendorId, Guid? resentFrom = null, CancellationToken cancellationToken = default)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("Invitations are sent inside a tenant.");
        var inviterId = tenant.UserId ?? throw new InvalidOperationException("Invitations are sent by a member.");
        var inviterName = await db.Users.Where(u => u.Id == inviterId).Select(u => u.DisplayName).SingleAsync(cancellationToken);

        var (invitation, token) = Invitation.Create(tenantId, email.Trim(), role, inviterId, clock.GetUtcNow(), vendorId);
        db.Invitations.Add(invitation);

        var content = EmailTemplates.Invitation(tenant.TenantName ?? "", inviterName, role.DisplayName(), links.InvitationAccept(token), invitation.ExpiresAt);
        outbox.Enqueue(content, invitation.Email, null, "invitation", tenantId, deduplicationKey: $"invitation:{invitation.Id:N}");

        audit.Record(AuditActions.InvitationSent, nameof(Invitation), invitation.Id,
            new { email = invitation.Email, role = role.ToString(), vendorId, expiresAt = invitation.ExpiresAt, resentFrom });
        return invitation;
    }
}
