using System.Security.Cryptography;
using System.Text;
using VendorRisk.Domain.Common;

namespace VendorRisk.Domain.Tenancy;

/// <summary>
/// An invitation to join a tenant with one role. The link carries a random 256-bit token; only its
/// SHA-256 hash is stored, and the token works once, for this tenant, e-mail and role, until it expires.
/// (Identity's data-protection tokens stay valid until the security stamp changes, so they could be replayed.)
/// </summary>
public sealed class Invitation : ITenantOwned
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private Invitation() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public string Email { get; private set; } = "";
    public TenantRoles Role { get; private set; }
    public Guid? VendorId { get; private set; }
    public string TokenHash { get; private set; } = "";
    public Guid InvitedByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? AcceptedAt { get; private set; }
    public Guid? AcceptedByUserId { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>Creates the invitation and returns the token to put in the link (shown nowhere else).</summary>
    public static (Invitation Invitation, string Token) Create(
        Guid tenantId, string email, TenantRoles role, Guid invitedBy, DateTimeOffset now, Guid? vendorId = null)
    {
        if (role == TenantRoles.None || role.Each().Count() != 1) throw new DomainException("An invitation grants exactly one role.");
        if ((role == TenantRoles.VendorContact) != (vendorId is not null))
            throw new DomainException("Vendor contacts are invited for a vendor; internal roles are not.");
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var invitation = new Invitation
        {
            Id = Ids.New(),
            TenantId = tenantId,
            Email = email.Trim(),
            Role = role,
            VendorId = vendorId,
            TokenHash = HashToken(token),
            InvitedByUserId = invitedBy,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
        return (invitation, token);
    }

    public static string HashToken(string token) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public string? WhyUnusable(DateTimeOffset now) =>
        RevokedAt is not null ? "This invitation was withdrawn. Ask for a new one."
        : AcceptedAt is not null ? "This invitation has already been used. Sign in instead, or ask for a new one."
        : now >= ExpiresAt ? "This invitation has expired. Ask for a new one."
        : null;

    public void Accept(Guid userId, string userEmail, DateTimeOffset now)
    {
        var problem = WhyUnusable(now);
        if (problem is not null) throw new DomainException(problem);
        if (!string.Equals(userEmail.Trim(), Email, StringComparison.OrdinalIgnoreCase))
            throw new DomainException("This invitation was sent to another e-mail address. Sign in with that address.");
        AcceptedAt = now;
        AcceptedByUserId = userId;
    }

    public void Revoke(DateTimeOffset now)
    {
        if (AcceptedAt is not null) throw new DomainException("An accepted invitation cannot be withdrawn.");
        RevokedAt ??= now;
    }
}
