using System.Security.Cryptography;
using System.Text;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Contracts;

/// <summary>
/// The secret in a person's iCalendar feed address. Only its SHA-256 is stored: the address is shown once, when it is
/// created, and a leaked database does not reveal it. Rotating revokes the old one; a revoked token opens nothing.
/// </summary>
public sealed class CalendarFeedToken : ITenantOwned
{
    public const int HashLength = 64;

    private CalendarFeedToken() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid UserId { get; private set; }
    public string TokenHash { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsActive => RevokedAt is null;

    /// <summary>A new token and its plain text (shown to its owner once, never stored).</summary>
    public static (CalendarFeedToken Token, string Secret) Issue(Guid userId, DateTimeOffset now)
    {
        var secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (new CalendarFeedToken { Id = Ids.New(), UserId = userId, TokenHash = Hash(secret), CreatedAt = now }, secret);
    }

    public void Revoke(DateTimeOffset now)
    {
        if (RevokedAt is not null) throw new DomainException("This calendar address is already revoked.");
        RevokedAt = now;
    }

    public static string Hash(string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret ?? "")));
}
