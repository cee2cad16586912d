using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Application.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Accounts;

/// <summary>A session just started: its id goes into the cookie.</summary>
public sealed record StartedSession(Guid Id, DateTimeOffset ExpiresAt);

/// <summary>A live session as a request sees it.</summary>
public sealed record SessionState(Guid Id, DateTimeOffset AuthenticatedAt, bool MfaEnrolmentRequired);

/// <summary>A live session as its owner sees it on the account page.</summary>
public sealed record SessionView(Guid Id, string UserAgent, string IpAddress, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt);

/// <summary>
/// Server-side sessions (issue 16; ADR-035): a row per sign-in, checked on every request beside the security stamp, listed on the
/// account page, ended one by one or all at once; and re-authentication, which renews the proof of who is at the keyboard that
/// sensitive actions (enrolling an authenticator, new recovery codes, API tokens, roles, the security policy) need to be recent.
/// Everything here acts for the person the cookie proves, on their own rows, outside any tenant.
/// </summary>
public sealed class SessionOperations(AppDbContext db, UserManager<AppUser> users, TenantDoor door, AuditLog audit, TimeProvider clock)
{
    /// <summary>How often the last-seen time is written: not on every request.</summary>
    public static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

    public const string WrongProofMessage =
        "That did not match. Enter your password, or the code your authenticator app shows now. After 5 failed attempts the account is locked for 15 minutes.";

    /// <summary>
    /// Starts a session for <paramref name="userId"/> at sign-in. It ends at <paramref name="platformLifetime"/> or the shortest
    /// session lifetime any of the person's organisations sets, whichever comes first; it is marked for enrolment when an
    /// organisation requires two-factor sign-in the person has not set up.
    /// </summary>
    public async Task<StartedSession> StartAsync(Guid userId, string? userAgent, string? ipAddress, TimeSpan platformLifetime, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var requirements = await door.SignInRequirementsOfAsync(userId, cancellationToken);
        var lifetime = requirements.SessionLifetimeMinutes is { } minutes && TimeSpan.FromMinutes(minutes) < platformLifetime
            ? TimeSpan.FromMinutes(minutes) : platformLifetime;
        var user = await db.Users.Where(u => u.Id == userId).Select(u => new { u.TwoFactorEnabled, u.SecurityStamp }).SingleAsync(cancellationToken);
        var session = new UserSession
        {
            Id = Guid.CreateVersion7(now),
            UserId = userId,
            CreatedAt = now,
            LastSeenAt = now,
            AuthenticatedAt = now,
            ExpiresAt = now + lifetime,
            UserAgent = Clip(userAgent, UserSession.UserAgentMaxLength),
            IpAddress = Clip(ipAddress, UserSession.AddressMaxLength),
            SecurityStamp = user.SecurityStamp ?? "",
            // Required by an organisation, or owed after a tenant admin reset the person's authenticator (ADR-049).
            MfaEnrolmentRequired = !user.TwoFactorEnabled
                && (requirements.MfaRequired || await Members.AssistedRecovery.MustEnrolAgainAsync(db, userId, cancellationToken)),
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return new StartedSession(session.Id, session.ExpiresAt);
    }

    private static string Clip(string? value, int max)
    {
        var clean = new string((value ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length <= max ? clean : clean[..max];
    }

    /// <summary>
    /// The session if it is <paramref name="userId"/>'s, not ended, not expired, and the cookie's security stamp
    /// (<paramref name="cookieStamp"/>) is still the person's: null otherwise. Notes the request's time. One query: the cookie's stamp
    /// equals the session's, and <see cref="Live"/> holds the session's stamp to the person's current one, so this is the security-stamp
    /// check too (it used to be a second read of the whole user row on every request, ADR-043).
    /// </summary>
    public async Task<SessionState?> CheckAsync(Guid sessionId, Guid userId, string? cookieStamp, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(cookieStamp)) return null;
        var now = clock.GetUtcNow();
        var session = await Live(db.UserSessions.Where(s => s.Id == sessionId && s.UserId == userId && s.SecurityStamp == cookieStamp))
            .Select(s => new { s.ExpiresAt, s.LastSeenAt, s.AuthenticatedAt, s.MfaEnrolmentRequired })
            .SingleOrDefaultAsync(cancellationToken);
        if (session is null || session.ExpiresAt <= now) return null;
        if (now - session.LastSeenAt >= LastSeenResolution)
            await db.UserSessions.Where(s => s.Id == sessionId).ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now), cancellationToken);
        return new SessionState(sessionId, session.AuthenticatedAt, session.MfaEnrolmentRequired);
    }

    /// <summary>Sessions not ended and issued under their person's current security stamp (expiry is checked by the caller's clock).</summary>
    private IQueryable<UserSession> Live(IQueryable<UserSession> sessions) =>
        sessions.AsNoTracking().Where(s => s.EndedAt == null && db.Users.Any(u => u.Id == s.UserId && u.SecurityStamp == s.SecurityStamp));

    /// <summary>
    /// The session refreshed its own cookie after a change that renewed the person's security stamp (enrolling an authenticator): it
    /// carries the new stamp; the person's other sessions stay behind and end.
    /// </summary>
    public async Task<bool> RenewAsync(Guid sessionId, Guid userId, CancellationToken cancellationToken)
    {
        var stamp = await db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return stamp is not null && await db.UserSessions.Where(s => s.Id == sessionId && s.UserId == userId && s.EndedAt == null && s.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.SecurityStamp, stamp), cancellationToken) == 1;
    }

    /// <summary>The person's live sessions, the most recently used first.</summary>
    public async Task<IReadOnlyList<SessionView>> ListAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var sessions = await Live(db.UserSessions.Where(s => s.UserId == userId))
            .Select(s => new SessionView(s.Id, s.UserAgent, s.IpAddress, s.CreatedAt, s.LastSeenAt, s.ExpiresAt))
            .ToListAsync(cancellationToken);
        return [.. sessions.Where(s => s.ExpiresAt > now).OrderByDescending(s => s.LastSeenAt).ThenByDescending(s => s.CreatedAt)];
    }

    /// <summary>Ends one of the person's own sessions (another person's id reads as unknown).</summary>
    public async Task<Outcome> EndAsync(Guid userId, Guid sessionId, CancellationToken cancellationToken)
    {
        var stamp = await db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleOrDefaultAsync(cancellationToken);
        var session = await db.UserSessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId, cancellationToken);
        if (session is null || !session.IsLive(clock.GetUtcNow()) || session.SecurityStamp != stamp) return Fail.NotFound("That session has already ended.");
        session.EndedAt = clock.GetUtcNow();
        session.EndReason = "signed-out-by-owner";
        audit.Record(AuditActions.SessionEnded, "User", userId, new { session = sessionId, session.UserAgent, session.IpAddress }, actorUserId: userId);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok();
    }

    /// <summary>The current session ends (signing out); <see cref="EndEverywhereAsync"/> ends the others.</summary>
    public Task EndCurrentAsync(Guid? sessionId, CancellationToken cancellationToken) =>
        sessionId is { } id
            ? db.UserSessions.Where(s => s.Id == id && s.EndedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, clock.GetUtcNow()).SetProperty(s => s.EndReason, "signed-out"), cancellationToken)
            : Task.CompletedTask;

    /// <summary>
    /// Ends every session of the person, on every device, and renews the security stamp, so a cookie of any of them is refused on its
    /// next request.
    /// </summary>
    public async Task<int> EndEverywhereAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ended = await EndAllRowsAsync(userId, "signed-out-everywhere", cancellationToken);
        if (await users.FindByIdAsync(userId.ToString()) is { } user) await users.UpdateSecurityStampAsync(user);
        audit.Record(AuditActions.SignedOutEverywhere, "User", userId, new { sessions = ended }, actorUserId: userId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ended;
    }

    /// <summary>Marks every live session row of the person ended (the caller renews the stamp and saves).</summary>
    internal Task<int> EndAllRowsAsync(Guid userId, string reason, CancellationToken cancellationToken) =>
        db.UserSessions.Where(s => s.UserId == userId && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, clock.GetUtcNow()).SetProperty(s => s.EndReason, reason), cancellationToken);

    /// <summary>
    /// Re-authentication in the current session: the password, or (for a person with two-factor sign-in) a current authenticator code.
    /// A wrong one counts towards lockout like a failed sign-in; a locked account is refused with the same message.
    /// </summary>
    public async Task<Outcome> ReauthenticateAsync(Guid userId, Guid sessionId, string? password, string? code, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null) return Fail.NotFound("There is no such account.");
        var typedCode = TwoFactorCodes.NormalizeAuthenticatorCode(code);
        if (string.IsNullOrEmpty(password) && typedCode.Length == 0)
            return Fail.Invalid("Password", "Enter your password, or a code from your authenticator app.");
        if (password?.Length > Members.InvitationOperations.PasswordMaxLength) return Fail.Invalid("Password", WrongProofMessage);

        var proven = false;
        var method = "password";
        if (!await users.IsLockedOutAsync(user))
        {
            if (!string.IsNullOrEmpty(password))
            {
                proven = await users.CheckPasswordAsync(user, password);
            }
            else if (await users.GetTwoFactorEnabledAsync(user) && typedCode.Length <= 12)
            {
                method = "authenticator";
                proven = await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, typedCode);
            }
        }
        if (!proven)
        {
            if (!await users.IsLockedOutAsync(user)) await users.AccessFailedAsync(user);
            audit.Record(AuditActions.ReauthenticationFailed, "User", userId, new { method }, actorUserId: userId, actorName: user.Email);
            await db.SaveChangesAsync(cancellationToken);
            return Fail.Invalid(method == "password" ? "Password" : "Code", WrongProofMessage);
        }

        var now = clock.GetUtcNow();
        var updated = await db.UserSessions.Where(s => s.Id == sessionId && s.UserId == userId && s.EndedAt == null && s.ExpiresAt > now)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.AuthenticatedAt, now), cancellationToken);
        if (updated == 0) return Fail.NotFound("Your session has ended. Sign in again.");
        await users.ResetAccessFailedCountAsync(user);
        audit.Record(AuditActions.Reauthenticated, "User", userId, new { method }, actorUserId: userId, actorName: user.Email);
        await db.SaveChangesAsync(cancellationToken);
        return Outcome.Ok();
    }
}
