using Microsoft.EntityFrameworkCore;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Members;

/// <summary>
/// The mark a tenant admin's reset of a member's authenticator leaves on the account (ASVS 5.0 6.4.4; ADR-049): a row in Identity's
/// user-token table, so no schema change. While it is there and the person has no authenticator, every sign-in is held at the
/// enrolment page (<c>SessionOperations.StartAsync</c>, the enrolment gate of ADR-035); enrolling removes it.
/// </summary>
public static class AssistedRecovery
{
    public const string LoginProvider = "VendorRisk";
    public const string TokenName = "AuthenticatorResetByAdmin";

    /// <summary>Whether <paramref name="userId"/>'s authenticator was reset by an admin and not enrolled again since.</summary>
    public static Task<bool> MustEnrolAgainAsync(AppDbContext db, Guid userId, CancellationToken cancellationToken) =>
        db.UserTokens.AnyAsync(t => t.UserId == userId && t.LoginProvider == LoginProvider && t.Name == TokenName, cancellationToken);
}
