using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Api;

public enum ApiTokenScope
{
    /// <summary>GET requests only.</summary>
    Read,
    /// <summary>Reads and writes, within what the owner's roles allow.</summary>
    ReadWrite,
}

/// <summary>
/// A personal access token for the REST API: one user, one tenant, read or read-write. Only the SHA-256 hash of
/// the secret is stored; the secret is shown once, at creation. The token acts as its user with the roles that
/// user's membership holds at request time, so a role change or a disabled membership applies at once.
/// </summary>
public sealed class PersonalAccessToken : ITenantOwned
{
    public const int NameMaxLength = 100;
    public const int HashLength = 64;
    public const int DisplayPrefixLength = 12;
    /// <summary>The longest lifetime a token may be given.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);

    private PersonalAccessToken() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid UserId { get; private set; }
    public string Name { get; private set; } = "";
    public ApiTokenScope Scope { get; private set; }
    /// <summary>Hex SHA-256 of the whole secret (prefix included).</summary>
    public string TokenHash { get; private set; } = "";
    /// <summary>The first characters of the secret, so its owner can recognise it in a list.</summary>
    public string DisplayPrefix { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>
    /// When the token stops working. Every new token has one (at most <see cref="MaxLifetime"/> ahead); null only on tokens minted
    /// before expiry was required, which are refused at use (ADR-037) and shown as to be replaced.
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; private set; }
    public DateTimeOffset? LastUsedAt { get; private set; }
    public DateTimeOffset? RevokedAt { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Past its expiry, or without one (a token from before expiry was required: no longer accepted).</summary>
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is not { } expires || expires <= now;

    public bool IsUsable(DateTimeOffset now) => !IsRevoked && !IsExpired(now);

    public static PersonalAccessToken Create(Guid userId, string name, ApiTokenScope scope, string tokenHash, string displayPrefix,
        DateTimeOffset now, DateTimeOffset expiresAt)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > NameMaxLength)
            throw new DomainException($"The name must have 1 to {NameMaxLength} characters.");
        if (!Enum.IsDefined(scope)) throw new DomainException("Choose read or read-write.");
        if (tokenHash.Length != HashLength) throw new DomainException("A token is stored as its SHA-256 hash.");
        if (expiresAt <= now) throw new DomainException("The expiry date must be in the future.");
        if (expiresAt - now > MaxLifetime) throw new DomainException($"A token may live at most {MaxLifetime.TotalDays:0} days.");
        return new PersonalAccessToken
        {
            Id = Ids.New(), UserId = userId, Name = name.Trim(), Scope = scope, TokenHash = tokenHash,
            DisplayPrefix = displayPrefix.Length > DisplayPrefixLength ? displayPrefix[..DisplayPrefixLength] : displayPrefix,
            CreatedAt = now, ExpiresAt = expiresAt,
        };
    }

    public void Revoke(DateTimeOffset now)
    {
        if (IsRevoked) throw new DomainException("This token is already revoked.");
        RevokedAt = now;
    }
}
