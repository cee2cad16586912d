namespace VendorRisk.Infrastructure.Identity;

/// <summary>
/// One sign-in of a person on one device (issue 16; ADR-035). The auth cookie carries the id; every request checks that the row
/// exists, is not ended and has not passed <see cref="ExpiresAt"/>, so ending the row ends every copy of that cookie. The person
/// sees their sessions on the account page and can end any of them. <see cref="AuthenticatedAt"/> is the last time the person proved
/// who they are in this session (sign-in, or re-authentication with a password or code): sensitive actions need it recent.
/// </summary>
public sealed class UserSession
{
    public const int UserAgentMaxLength = 300;
    public const int AddressMaxLength = 64;
    public const int StampMaxLength = 256;

    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset AuthenticatedAt { get; set; }
    public string UserAgent { get; set; } = "";
    public string IpAddress { get; set; } = "";
    /// <summary>
    /// The person's security stamp when the session was issued or last refreshed by itself: a new stamp (password change, a role
    /// removed, access disabled, sign-out everywhere) leaves the session behind, and it no longer counts or shows.
    /// </summary>
    public string SecurityStamp { get; set; } = "";
    /// <summary>Set at sign-in when a policy of one of the person's organisations requires two-factor sign-in they have not set up.</summary>
    public bool MfaEnrolmentRequired { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    /// <summary>Why it ended (signed-out, signed-out-elsewhere, signed-out-everywhere).</summary>
    public string? EndReason { get; set; }

    public bool IsLive(DateTimeOffset now) => EndedAt is null && now < ExpiresAt;
}
