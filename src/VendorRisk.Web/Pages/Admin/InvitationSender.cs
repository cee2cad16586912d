using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Admin;

/// <summary>Why an invitation cannot be sent, with the field the message belongs to.</summary>
public sealed record InvitationProblem(string Message, Guid? PendingInvitationId = null);

/// <summary>
/// Sends invitations to join the current tenant: the invitation row, its e-mail (outbox) and the audit event
/// are added to the unit of work, so the caller's single SaveChanges writes all three or none. Used by the
/// users page for internal roles and, with a vendor id, for vendor contacts.
/// </summary>
public sealed class InvitationSender(
    AppDbContext db, TenantContext tenant, UserManager<AppUser> users, EmailOutbox outbox, AuditLog audit,
    TimeProvider clock, IConfiguration configuration)
{
    /// <summary>The roles an admin can invite colleagues to, in the order the form lists them.</summary>
    public static readonly IReadOnlyList<TenantRoles> InternalRoles =
        [TenantRoles.TenantAdmin, TenantRoles.VendorManager, TenantRoles.Reviewer, TenantRoles.CommitteeMember, TenantRoles.Auditor];

    /// <summary>
    /// Stricter than <c>[EmailAddress]</c> (which accepts anything with an @ inside): one address, no display
    /// name, no spaces, and a domain with a dot.
    /// </summary>
    public static bool IsWellFormedEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > 256 || email.Any(char.IsWhiteSpace)) return false;
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
            // Only this tenant's memberships are visible: the answer never tells whether the address has an
            // account elsewhere on the platform.
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

        var now = clock.GetUtcNow();
        var pending = await db.Invitations
            .Where(i => i.Role == role && i.VendorId == vendorId && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .Select(i => new { i.Id, i.Email })
            .ToListAsync(cancellationToken);
        var duplicate = pending.FirstOrDefault(i => string.Equals(i.Email, email, StringComparison.OrdinalIgnoreCase));
        if (duplicate is not null)
            return new($"{email} already has a pending invitation as {role.DisplayName()}. You can send it again instead.", duplicate.Id);
        return null;
    }

    /// <summary>
    /// Adds the invitation, its e-mail and its audit event to the unit of work. The caller saves, then calls
    /// <see cref="EmailOutbox.NudgeDelivery"/>.
    /// </summary>
    public async Task<Invitation> AddAsync(string email, TenantRoles role, Guid? vendorId, HttpRequest request,
        Guid? resentFrom = null, CancellationToken cancellationToken = default)
    {
        var tenantId = tenant.TenantId ?? throw new InvalidOperationException("Invitations are sent inside a tenant.");
        var inviterId = tenant.UserId ?? throw new InvalidOperationException("Invitations are sent by a member.");
        var inviterName = await db.Users.Where(u => u.Id == inviterId).Select(u => u.DisplayName).SingleAsync(cancellationToken);

        var (invitation, token) = Invitation.Create(tenantId, email.Trim(), role, inviterId, clock.GetUtcNow(), vendorId);
        db.Invitations.Add(invitation);

        var link = AcceptLink(request, token);
        var content = EmailTemplates.Invitation(tenant.TenantName ?? "", inviterName, role.DisplayName(), link, invitation.ExpiresAt);
        outbox.Enqueue(content, invitation.Email, null, "invitation", tenantId, deduplicationKey: $"invitation:{invitation.Id:N}");

        audit.Record(AuditActions.InvitationSent, nameof(Invitation), invitation.Id,
            new { email = invitation.Email, role = role.ToString(), vendorId, expiresAt = invitation.ExpiresAt, resentFrom });
        return invitation;
    }

    /// <summary>
    /// The absolute link in the e-mail. <c>App:PublicBaseUrl</c> (e.g. https://risk.example.com) wins over the
    /// request's host, so a forged Host header cannot send invitees elsewhere behind a permissive proxy.
    /// </summary>
    public string AcceptLink(HttpRequest request, string token)
    {
        var configured = configuration["App:PublicBaseUrl"];
        var origin = string.IsNullOrWhiteSpace(configured)
            ? $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}"
            : configured.TrimEnd('/');
        return $"{origin}/invitations/accept?token={Uri.EscapeDataString(token)}";
    }
}
