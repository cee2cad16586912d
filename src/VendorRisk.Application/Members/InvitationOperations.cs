using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Application.Tenancy;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Members;

/// <summary>Where a visitor holding an invitation link stands.</summary>
public enum InvitationStep
{
    /// <summary>The token matches no invitation (or is no token at all).</summary>
    InvalidLink,
    /// <summary>The invitation was used, withdrawn or has expired; <see cref="InvitationView.Problem"/> says which.</summary>
    Unusable,
    /// <summary>Nobody is signed in and the invited address has no account: the visitor creates it and joins.</summary>
    CreateAccount,
    /// <summary>The person signed in has the invited address: they join with one click.</summary>
    Join,
    /// <summary>The invited address has an account, and nobody is signed in: sign in first, then come back.</summary>
    SignIn,
    /// <summary>Someone with another address is signed in.</summary>
    WrongAccount,
}

/// <summary>An invitation as its link shows it.</summary>
public sealed record InvitationView(InvitationStep Step, string? Problem, string TenantName, string RoleName, string InvitedEmail, string? SignedInEmail);

/// <summary>An accepted invitation: who joined which organisation, as what.</summary>
public sealed record InvitationAccepted(Guid UserId, string TenantSlug, string TenantName, TenantRoles Role);

/// <summary>The account a visitor creates to accept an invitation.</summary>
public sealed record NewAccount(string? DisplayName, string? Password);

/// <summary>
/// Accepting an invitation by the link in its e-mail. No member is signed in to the tenant yet: the token (by its hash) names the
/// tenant, which is entered through the <see cref="TenantDoor"/> as the system. Acceptance claims the invitation with a conditional
/// update inside the transaction that creates the membership, so of two submits exactly one joins.
/// </summary>
public sealed class InvitationOperations(AppDbContext db, TenantDoor door, UserManager<AppUser> users, AuditLog audit, TimeProvider clock,
    PasswordContext passwordContext)
{
    public const string InvalidLinkMessage =
        "This invitation link is not valid. Check that you opened the whole link from the e-mail, or ask for a new invitation.";

    public const string UsedMessage = "This invitation has already been used. Sign in instead, or ask for a new one.";

    public const int PasswordMaxLength = 200;

    private sealed record Found(Invitation Invitation, string TenantName, string TenantSlug);

    /// <summary>What the link offers the visitor: <paramref name="signedInUserId"/> is whoever is signed in, if anyone.</summary>
    public async Task<InvitationView> OpenAsync(string? token, Guid? signedInUserId, CancellationToken cancellationToken)
    {
        var found = await FindAsync(token, cancellationToken);
        if (found is null) return new(InvitationStep.InvalidLink, InvalidLinkMessage, "", "", "", null);
        var invitation = found.Invitation;
        InvitationView View(InvitationStep step, string? problem = null, string? signedInEmail = null) =>
            new(step, problem, found.TenantName, invitation.Role.DisplayName(), invitation.Email, signedInEmail);

        if (invitation.WhyUnusable(clock.GetUtcNow()) is { } why) return View(InvitationStep.Unusable, why);
        var signedIn = signedInUserId is { } id ? await users.FindByIdAsync(id.ToString()) : null;
        if (signedIn is not null)
        {
            return string.Equals(signedIn.Email, invitation.Email, StringComparison.OrdinalIgnoreCase)
                ? View(InvitationStep.Join, signedInEmail: signedIn.Email)
                : View(InvitationStep.WrongAccount, signedInEmail: signedIn.Email);
        }
        return View(await users.FindByEmailAsync(invitation.Email) is null ? InvitationStep.CreateAccount : InvitationStep.SignIn);
    }

    /// <summary>
    /// Creates the account of the invited address (confirmed: the token reached it) and its membership. Conflict when the invitation
    /// can no longer be used or an account for the address appeared meanwhile; the caller then shows the invitation as it now is.
    /// </summary>
    public async Task<Outcome<InvitationAccepted>> AcceptWithNewAccountAsync(string? token, NewAccount account, CancellationToken cancellationToken)
    {
        var found = await FindAsync(token, cancellationToken);
        if (found is null) return Fail.NotFound(InvalidLinkMessage);
        var invitation = found.Invitation;
        if (invitation.WhyUnusable(clock.GetUtcNow()) is { } why) return Fail.Conflict(why);
        if (await users.FindByEmailAsync(invitation.Email) is not null)
            return Fail.Conflict("There is already an account for this e-mail address. Sign in with it to accept the invitation.");

        var user = new AppUser
        {
            Id = Ids.New(),
            UserName = invitation.Email,
            Email = invitation.Email,
            EmailConfirmed = true,
            DisplayName = account.DisplayName?.Trim() ?? "",
            CreatedAt = clock.GetUtcNow(),
        };
        var errors = new List<FieldError>();
        if (user.DisplayName.Length == 0) errors.Add(new(nameof(NewAccount.DisplayName), "Enter your name."));
        else if (user.DisplayName.Length > AppUser.DisplayNameMaxLength)
            errors.Add(new(nameof(NewAccount.DisplayName), $"Use at most {AppUser.DisplayNameMaxLength} characters."));
        // The organisation being joined is a word the new password must not be built on.
        passwordContext.AddOrganisation(found.TenantName);
        passwordContext.AddOrganisation(found.TenantSlug);
        errors.AddRange(await PasswordErrorsAsync(users, user, account.Password));
        if (errors.Count > 0) return Fail.Invalid(errors);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await ClaimAsync(invitation, user.Id, user.Email, cancellationToken) is { } claimProblem) return Fail.Conflict(claimProblem);

        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, account.Password!);
        }
        catch (DbUpdateException)
        {
            created = IdentityResult.Failed(new IdentityError { Code = "DuplicateEmail" });
        }
        if (!created.Succeeded)
        {
            await transaction.RollbackAsync(cancellationToken);
            // An account for this address appeared since the check: the invitation stays unused, and the visitor signs in to accept it.
            if (created.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName"))
                return Fail.Conflict("There is already an account for this e-mail address. Sign in with it to accept the invitation.");
            return Fail.Invalid([.. created.Errors.Select(e => new FieldError("", e.Description))]);
        }

        db.Memberships.Add(TenantMembership.Create(invitation.TenantId, user.Id, invitation.Role, clock.GetUtcNow(), invitation.VendorId));
        audit.Record(AuditActions.InvitationAccepted, nameof(Invitation), invitation.Id,
            new { email = invitation.Email, role = invitation.Role.ToString(), newAccount = true },
            actorUserId: user.Id, actorName: user.Email);
        // A vendor contact sees the assessments sent to this address at once.
        if (invitation.VendorId is { } invitedVendor) await AssessmentContactBinding.BindAsync(db, invitedVendor, invitation.Email, user.Id, cancellationToken);
        return await CommitAsync(transaction, found, user.Id, cancellationToken);
    }

    /// <summary>
    /// Joins with the signed-in account <paramref name="userId"/>, which must have the invited address: a new membership, or the role
    /// added to the one the person has. Forbidden for another address or a disabled membership.
    /// </summary>
    public async Task<Outcome<InvitationAccepted>> AcceptAsync(string? token, Guid userId, CancellationToken cancellationToken)
    {
        var found = await FindAsync(token, cancellationToken);
        if (found is null) return Fail.NotFound(InvalidLinkMessage);
        var invitation = found.Invitation;
        if (invitation.WhyUnusable(clock.GetUtcNow()) is { } why) return Fail.Conflict(why);
        var user = await users.FindByIdAsync(userId.ToString());
        if (user is null || !string.Equals(user.Email, invitation.Email, StringComparison.OrdinalIgnoreCase))
            return Fail.Forbidden("This invitation was sent to another e-mail address. Sign out, then open the link from the e-mail again.");

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await ClaimAsync(invitation, user.Id, user.Email ?? "", cancellationToken) is { } claimProblem) return Fail.Conflict(claimProblem);

        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.UserId == user.Id, cancellationToken);
        try
        {
            if (membership is null)
            {
                db.Memberships.Add(TenantMembership.Create(invitation.TenantId, user.Id, invitation.Role, clock.GetUtcNow(), invitation.VendorId));
            }
            else if (membership.IsDisabled)
            {
                return Fail.Forbidden(
                    $"Your access to {found.TenantName} is disabled, so this invitation cannot be used. Ask a tenant admin of {found.TenantName} to enable it.");
            }
            else
            {
                membership.Grant(invitation.Role, invitation.VendorId);
            }
        }
        catch (DomainException e)
        {
            return Fail.Invalid("", e.Message);
        }
        audit.Record(AuditActions.InvitationAccepted, nameof(Invitation), invitation.Id,
            new { email = invitation.Email, role = invitation.Role.ToString(), newAccount = false, existingMembership = membership is not null },
            actorUserId: user.Id, actorName: user.Email);
        if (invitation.VendorId is { } joinedVendor) await AssessmentContactBinding.BindAsync(db, joinedVendor, invitation.Email, user.Id, cancellationToken);
        return await CommitAsync(transaction, found, user.Id, cancellationToken);
    }

    /// <summary>The rules of a new password (length, then Identity's validators), as messages for the Password field.</summary>
    internal static async Task<List<FieldError>> PasswordErrorsAsync(UserManager<AppUser> users, AppUser user, string? password, string field = "Password")
    {
        if (string.IsNullOrEmpty(password)) return [new(field, "Choose a password.")];
        if (password.Length > PasswordMaxLength) return [new(field, $"Use at most {PasswordMaxLength} characters.")];
        var errors = new List<FieldError>();
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, user, password);
            errors.AddRange(check.Errors.Select(e => new FieldError(field, e.Description)));
        }
        return errors;
    }

    private async Task<Outcome<InvitationAccepted>> CommitAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, Found found,
        Guid userId, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A second submit created the membership (unique tenant + user) or changed it (version) first.
            await transaction.RollbackAsync(cancellationToken);
            return Fail.Conflict(UsedMessage);
        }
        await transaction.CommitAsync(cancellationToken);
        return new InvitationAccepted(userId, found.TenantSlug, found.TenantName, found.Invitation.Role);
    }

    /// <summary>
    /// Marks the invitation accepted only if nobody else has (nor withdrawn it) in the meantime: of two concurrent submits, exactly one
    /// gets a row back. Returns why it could not, or null.
    /// </summary>
    private async Task<string?> ClaimAsync(Invitation invitation, Guid userId, string userEmail, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        try
        {
            // The domain rules (expiry, state, address) on the copy read before the transaction...
            invitation.Accept(userId, userEmail, now);
        }
        catch (DomainException e)
        {
            return e.Message;
        }
        // ...and an atomic claim of the row, which a concurrent accept or withdrawal may have changed since.
        var claimed = await db.Invitations
            .Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now).SetProperty(i => i.AcceptedByUserId, userId), cancellationToken);
        return claimed == 1 ? null : UsedMessage;
    }

    /// <summary>The invitation of <paramref name="token"/>, read inside its tenant, which this scope enters as the system.</summary>
    private async Task<Found?> FindAsync(string? token, CancellationToken cancellationToken)
    {
        // A token is 43 base64url characters; anything else cannot match and is not worth hashing.
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100) return null;
        var hash = Invitation.HashToken(token.Trim());
        if (await door.TenantOfInvitationAsync(hash, cancellationToken) is not { } tenantId) return null;
        door.EnterAsSystem(tenantId);
        var row = await db.Invitations.AsNoTracking()
            .Where(i => i.TokenHash == hash)
            .Join(db.Tenants, i => i.TenantId, t => t.Id, (i, t) => new { Invitation = i, t.Name, t.Slug })
            .SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : new Found(row.Invitation, row.Name, row.Slug);
    }
}
