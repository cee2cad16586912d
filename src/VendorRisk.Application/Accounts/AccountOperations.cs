using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Application.Members;
using VendorRisk.Application.Tenancy;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Links;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Accounts;

/// <summary>
/// What people do with their own account (signing up an organisation is <see cref="SignUpOperations"/>): reset or change a password, switch two-factor sign-in on and off,
/// and the audit trail of signing in and out. Every password change is audited as such (<see cref="AuditActions.PasswordChanged"/>). The person is proven by the caller (the sign-in cookie, a reset link, the password
/// step of a sign-in), not by a tenant role: these run before or outside any tenant, on the platform's audit chain.
/// </summary>
public sealed class AccountOperations(
    AppDbContext db, UserManager<AppUser> users, EmailOutbox outbox, AuditLog audit, PublicLinks links, TenantDoor door, TimeProvider clock)
{
    public const string InvalidResetLinkMessage =
        "This reset link is not valid: it may have been used already, have expired, or be incomplete. Ask for a new link.";

    /// <summary>
    /// Mails a password-reset link to <paramref name="email"/> if it has an account. Succeeds the same way whether or not it has one,
    /// so the answer never tells who uses VendorRisk.
    /// </summary>
    public async Task<Outcome> RequestPasswordResetAsync(string? email, CancellationToken cancellationToken)
    {
        email = email?.Trim() ?? "";
        if (email.Length == 0) return Fail.Invalid("Email", "Enter your e-mail address.");
        if (!InvitationSender.IsWellFormedEmail(email)) return Fail.Invalid("Email", "Enter a valid e-mail address, such as name@example.com.");

        var user = await users.FindByEmailAsync(email);
        if (user?.Email is not { } address) return Outcome.Ok();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        outbox.Enqueue(EmailTemplates.PasswordReset(links.PasswordReset(user.Id, code)), address, user.DisplayName, "password-reset");
        // The requester is whoever typed the address: recorded without an actor.
        audit.Record(AuditActions.PasswordResetRequested, "User", user.Id);
        await db.SaveChangesAsync(cancellationToken);
        outbox.NudgeDelivery();
        return Outcome.Ok();
    }

    /// <summary>Whether a reset link (its user id and code) can still set a password: checked before anyone types one.</summary>
    public async Task<bool> ResetLinkWorksAsync(string? userId, string? code)
    {
        var (user, token) = await ReadResetLinkAsync(userId, code);
        return user is not null && token is not null && await users.VerifyUserTokenAsync(
            user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<AppUser>.ResetPasswordTokenPurpose, token);
    }

    /// <summary>
    /// Sets a new password from a reset link. NotFound when the link is incomplete, used or expired. A success changes the security
    /// stamp (every other session ends, the link stops working) and lifts a lockout: proving control of the mailbox is proof enough.
    /// </summary>
    public async Task<Outcome> ResetPasswordAsync(string? userId, string? code, string? password, string? confirmPassword, CancellationToken cancellationToken)
    {
        var (user, token) = await ReadResetLinkAsync(userId, code);
        if (user is null || token is null) return Fail.NotFound(InvalidResetLinkMessage);
        var errors = NewPasswordErrors(password, confirmPassword);
        if (errors.Count > 0) return Fail.Invalid(errors);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Checks the token first, then the password rules.
        var result = await users.ResetPasswordAsync(user, token, password!);
        if (!result.Succeeded)
        {
            var invalidToken = users.ErrorDescriber.InvalidToken().Code;
            if (result.Errors.Any(e => e.Code == invalidToken)) return Fail.NotFound(InvalidResetLinkMessage);
            return Fail.Invalid([.. result.Errors.Select(e => new FieldError("Password", e.Description))]);
        }
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        audit.Record(AuditActions.PasswordReset, "User", user.Id, actorUserId: user.Id, actorName: user.Email);
        RecordPasswordChanged(user, "reset-link");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome.Ok();
    }

    public const string WrongCurrentPasswordMessage =
        "That is not your current password. After 5 failed attempts the account is locked for 15 minutes.";

    /// <summary>
    /// The signed-in person changes their password (ASVS 5.0 6.2.2, 6.2.3): the current one, then the new one twice, held to the platform's
    /// password rules. A wrong current password counts towards lockout like a failed sign-in (a locked account is refused the same way,
    /// without checking it). A success renews the security stamp, so every other session of the person ends (their rows are marked
    /// ended too); <paramref name="currentSessionId"/> is kept for the caller to re-issue its cookie. The holder is told by mail.
    /// </summary>
    public async Task<Outcome> ChangePasswordAsync(Guid userId, Guid? currentSessionId, string? currentPassword, string? newPassword, string? confirmPassword,
        CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null) return Fail.NotFound("There is no such account.");
        var errors = NewPasswordErrors(newPassword, confirmPassword, "NewPassword");
        if (string.IsNullOrEmpty(currentPassword)) errors.Insert(0, new("CurrentPassword", "Enter your current password."));
        if (errors.Count > 0) return Fail.Invalid(errors);

        var proven = currentPassword!.Length <= InvitationOperations.PasswordMaxLength
            && !await users.IsLockedOutAsync(user) && await users.CheckPasswordAsync(user, currentPassword);
        if (!proven)
        {
            if (!await users.IsLockedOutAsync(user)) await users.AccessFailedAsync(user);
            audit.Record(AuditActions.ReauthenticationFailed, "User", user.Id, new { method = "password", purpose = "change-password" },
                actorUserId: user.Id, actorName: user.Email);
            await db.SaveChangesAsync(cancellationToken);
            return Fail.Invalid("CurrentPassword", WrongCurrentPasswordMessage);
        }
        if (string.Equals(currentPassword, newPassword, StringComparison.Ordinal))
            return Fail.Invalid("NewPassword", "Choose a password different from your current one.");

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Checks the current password again, then the password rules; renews the security stamp.
        var result = await users.ChangePasswordAsync(user, currentPassword, newPassword!);
        if (!result.Succeeded) return Fail.Invalid([.. result.Errors.Select(e => new FieldError("NewPassword", e.Description))]);
        await users.ResetAccessFailedCountAsync(user);
        var now = clock.GetUtcNow();
        var ended = await db.UserSessions.Where(s => s.UserId == user.Id && s.EndedAt == null && s.Id != currentSessionId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, "password-changed"), cancellationToken);
        audit.Record(AuditActions.PasswordChanged, "User", user.Id, new { how = "change-page", otherSessionsEnded = ended },
            actorUserId: user.Id, actorName: user.Email);
        if (user.Email is { } address)
            outbox.Enqueue(EmailTemplates.PasswordChanged(now, links.ForgotPassword()), address, user.DisplayName, "password-changed");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        outbox.NudgeDelivery();
        return Outcome.Ok();
    }

    private void RecordPasswordChanged(AppUser user, string how) =>
        audit.Record(AuditActions.PasswordChanged, "User", user.Id, new { how }, actorUserId: user.Id, actorName: user.Email);

    /// <summary>The new password and its confirmation; the password rules themselves are Identity's, checked when it is set.</summary>
    private static List<FieldError> NewPasswordErrors(string? password, string? confirm, string field = "Password")
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrEmpty(password)) errors.Add(new(field, "Choose a new password."));
        else if (password.Length > InvitationOperations.PasswordMaxLength)
            errors.Add(new(field, $"Use at most {InvitationOperations.PasswordMaxLength} characters."));
        if (string.IsNullOrEmpty(confirm)) errors.Add(new("ConfirmPassword", "Type the new password again."));
        else if (!string.Equals(password, confirm, StringComparison.Ordinal)) errors.Add(new("ConfirmPassword", "The two passwords do not match."));
        return errors;
    }

    private async Task<(AppUser? User, string? Token)> ReadResetLinkAsync(string? userId, string? code)
    {
        if (!Guid.TryParse(userId, out var id) || string.IsNullOrEmpty(code)) return (null, null);
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return (null, null);
        }
        return (await users.FindByIdAsync(id.ToString()), token);
    }

    /// <summary>
    /// Switches two-factor sign-in on once <paramref name="code"/> from the authenticator app matches the shared key: new recovery codes,
    /// a new security stamp (sessions signed in with the password alone end), one audit event. The recovery codes, on success.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<string>>> EnableAuthenticatorAsync(Guid userId, string? code, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null) return Fail.NotFound("There is no such account.");
        if (await users.GetTwoFactorEnabledAsync(user)) return Fail.Conflict("Two-factor sign-in is already on.");
        var normalized = TwoFactorCodes.NormalizeAuthenticatorCode(code);
        if (normalized.Length == 0) return Fail.Invalid("Code", "Enter the 6-digit code your authenticator app shows.");
        if (normalized.Length > 12 || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, normalized))
        {
            return Fail.Invalid("Code",
                "That code is not valid. Enter the code your app shows now; if it keeps failing, check that the time on your phone is set automatically.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await users.SetTwoFactorEnabledAsync(user, true);
        // Enrolled again after an admin's reset (ADR-049): nothing is owed any longer.
        await users.RemoveAuthenticationTokenAsync(user, Members.AssistedRecovery.LoginProvider, Members.AssistedRecovery.TokenName);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, TwoFactorCodes.RecoveryCodeCount))?.ToList() ?? [];
        await users.UpdateSecurityStampAsync(user);
        // Enrolled: no session of the person is held at the enrolment page any longer (ADR-035).
        await db.UserSessions.Where(s => s.UserId == user.Id && s.MfaEnrolmentRequired)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.MfaEnrolmentRequired, false), cancellationToken);
        audit.Record(AuditActions.TwoFactorEnabled, "User", user.Id, new { method = "authenticator", recoveryCodes = codes.Count });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return codes;
    }

    /// <summary>New recovery codes in place of the old ones (which stop working), for a person with two-factor sign-in on.</summary>
    public async Task<Outcome<IReadOnlyList<string>>> GenerateRecoveryCodesAsync(Guid userId, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null) return Fail.NotFound("There is no such account.");
        if (!await users.GetTwoFactorEnabledAsync(user)) return Fail.Conflict("Turn on two-factor sign-in first; recovery codes come with it.");

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, TwoFactorCodes.RecoveryCodeCount))?.ToList() ?? [];
        audit.Record(AuditActions.RecoveryCodesGenerated, "User", user.Id, new { count = codes.Count });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return codes;
    }

    /// <summary>
    /// Switches two-factor sign-in off, proven by a current code (a wrong one counts towards lockout, like a wrong password). The key is
    /// replaced, so the old app and the recovery codes stop working and turning it on again starts afresh.
    /// </summary>
    public async Task<Outcome> DisableTwoFactorAsync(Guid userId, string? code, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null) return Fail.NotFound("There is no such account.");
        if (!await users.GetTwoFactorEnabledAsync(user)) return Fail.Conflict("Two-factor sign-in is already off.");
        var requirements = await door.SignInRequirementsOfAsync(user.Id, cancellationToken);
        if (requirements.MfaRequired)
        {
            return Fail.Conflict($"Two-factor sign-in stays on: {string.Join(", ", requirements.MfaRequiredBy)} requires it for your role.");
        }
        var normalized = TwoFactorCodes.NormalizeAuthenticatorCode(code);
        if (normalized.Length == 0) return Fail.Invalid("Code", "Enter the code from your authenticator app to turn two-factor sign-in off.");
        if (normalized.Length > 12 || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, normalized))
        {
            await users.AccessFailedAsync(user);
            return Fail.Invalid("Code", TwoFactorCodes.InvalidCodeMessage);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.ResetAccessFailedCountAsync(user);
        audit.Record(AuditActions.TwoFactorDisabled, "User", user.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome.Ok();
    }

    /// <summary>A completed sign-in by <paramref name="method"/> (password, authenticator).</summary>
    public Task SignedInAsync(AppUser user, string method, CancellationToken cancellationToken)
    {
        audit.Record(AuditActions.SignInSucceeded, "User", user.Id, new { method }, user.Id, user.Email);
        return db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A sign-in with a recovery code, which that code can never repeat; <paramref name="codesLeft"/> after it.</summary>
    public Task SignedInWithRecoveryCodeAsync(AppUser user, int codesLeft, CancellationToken cancellationToken)
    {
        audit.Record(AuditActions.RecoveryCodeUsed, "User", user.Id, new { codesLeft }, user.Id, user.Email);
        audit.Record(AuditActions.SignInSucceeded, "User", user.Id, new { method = "recovery-code" }, user.Id, user.Email);
        return db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A failed password step. An unknown e-mail has no user: the event then names only the address that was typed.</summary>
    public Task PasswordSignInFailedAsync(string typedEmail, AppUser? user, bool lockedOut, CancellationToken cancellationToken)
    {
        audit.Record(lockedOut ? AuditActions.LockedOut : AuditActions.SignInFailed, "User", user?.Id,
            details: new { email = typedEmail, knownAccount = user is not null }, actorUserId: user?.Id, actorName: typedEmail);
        return db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A failed second step (authenticator code, recovery code).</summary>
    public Task SecondFactorFailedAsync(AppUser user, string method, bool lockedOut, CancellationToken cancellationToken)
    {
        audit.Record(lockedOut ? AuditActions.LockedOut : AuditActions.SignInFailed, "User", user.Id, new { method }, user.Id, user.Email);
        return db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The signed-in person signs out (the caller then deletes the cookie). A new security stamp ends the session on the server too:
    /// a copy of the cookie replayed after sign-out is refused on its next request, as are the person's sessions elsewhere
    /// (issue 16, V3; sessions are checked against the stamp on every request).
    /// </summary>
    public async Task SignedOutAsync(Guid? userId, CancellationToken cancellationToken)
    {
        if (userId is { } id && await users.FindByIdAsync(id.ToString()) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
            await db.UserSessions.Where(s => s.UserId == id && s.EndedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, clock.GetUtcNow()).SetProperty(s => s.EndReason, "signed-out"), cancellationToken);
        }
        audit.Record(AuditActions.SignedOut);
        await db.SaveChangesAsync(cancellationToken);
    }
}
