using System.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Application.Tenancy;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Members;

/// <summary>An invitation that was sent.</summary>
public sealed record InvitationSent(Guid Id, string Email, TenantRoles Role);

/// <summary>
/// What a change to a membership did: <paramref name="Changed"/> false when the member already was as asked. <paramref name="IsSelf"/>:
/// the member is whoever acted, whose own session the caller refreshes (their security stamp changed) or sends elsewhere.
/// </summary>
public sealed record MemberChange(bool Changed, bool IsSelf, Guid UserId, TenantRoles Roles, ReviewerSpecialisms Specialisms, bool IsDisabled);

/// <summary>
/// The tenant's members and invitations, as its admins manage them: inviting colleagues (and vendor contacts), sending an invitation
/// again or withdrawing it, changing roles and reviewer specialisms, disabling and enabling access. Each membership change is checked
/// against the version the admin saw, keeps at least one active tenant admin, and (for roles and access) renews the person's security
/// stamp in the same transaction, which ends their other sessions within a minute.
/// </summary>
public sealed class MemberOperations(
    AppDbContext db, Access access, InvitationSender invitations, UserManager<AppUser> users, EmailOutbox outbox, AuditLog audit, TimeProvider clock,
    TenantDoor door)
{
    public static readonly RolePermission Administer = new("members.administer", TenantRoles.TenantAdmin);
    /// <summary>Ending a member's sessions (ASVS 5.0 7.4.5; ADR-049).</summary>
    public static readonly RolePermission EndMemberSessions = new("members.end-sessions", TenantRoles.TenantAdmin);
    /// <summary>Assisted recovery of a lost authenticator (ASVS 5.0 6.4.4; ADR-049); the page also asks for a recent re-authentication.</summary>
    public static readonly RolePermission ResetMemberAuthenticator = new("members.reset-authenticator", TenantRoles.TenantAdmin);

    public const string OwnSessionsMessage =
        "These are your own sessions: end them on your account's Sessions page (\"Sign out everywhere\").";
    public const string OwnAuthenticatorMessage =
        "This is your own authenticator: turn two-factor sign-in off and set it up again on your account page.";
    public const string NoAuthenticatorMessage = "This person has no authenticator app set up, so there is nothing to reset.";
    public const string OtherOrganisationMessage =
        "This person also belongs to another organisation on VendorRisk, so their authenticator cannot be reset from here: the reset "
        + "would weaken their sign-in there too. They can sign in with a recovery code, or ask the VendorRisk operators for help.";
    /// <summary>Inviting a vendor's contacts to the portal goes with managing vendors.</summary>
    public static readonly RolePermission InviteVendorContacts = new("members.invite-vendor-contacts", TenantRoles.TenantAdmin | TenantRoles.VendorManager);

    public const string ConflictMessage =
        "Someone else changed this user while you were editing. The page now shows the current state; review it and try again.";
    public const string LastAdminMessage =
        "This organisation needs at least one active tenant admin. Make someone else a tenant admin first.";

    /// <summary>Invites a colleague to one of the <see cref="InvitationSender.InternalRoles"/>, by role name as a form or client sends it.</summary>
    public async Task<Outcome<InvitationSent>> InviteColleagueAsync(string? email, string? role, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Administer) is { } forbidden) return forbidden;
        var errors = new List<FieldError>();
        email = email?.Trim() ?? "";
        if (EmailError(email, "Enter the e-mail address of the person to invite.") is { } emailError) errors.Add(new("Email", emailError));
        var chosen = InternalRole(role);
        if (string.IsNullOrWhiteSpace(role)) errors.Add(new("Role", "Choose a role."));
        else if (chosen is null) errors.Add(new("Role", "Choose one of the listed roles."));
        if (errors.Count > 0) return Fail.Invalid(errors);
        // The organisation's security policy may limit colleagues to its own domains (ADR-035); vendor contacts are outside it.
        var policy = await db.TenantSecurityPolicies.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (policy is not null && !policy.AllowsInvitationTo(email))
        {
            return Fail.Invalid("Email", $"This organisation invites colleagues only from {string.Join(", ", policy.Domains)}. "
                + "Use their address at one of these domains, or ask a tenant admin to add the domain in the security policy.");
        }
        return await InviteAsync(email, chosen!.Value, vendorId: null, cancellationToken);
    }

    /// <summary>
    /// Invites <paramref name="email"/> to the vendor portal as a contact of <paramref name="vendorId"/>, on its own. An operation that
    /// invites contacts as part of a larger change uses <see cref="InvitationSender"/> inside its own unit of work instead.
    /// </summary>
    public async Task<Outcome<InvitationSent>> InviteVendorContactAsync(Guid vendorId, string? email, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(InviteVendorContacts) is { } forbidden) return forbidden;
        if (!await db.Vendors.AnyAsync(v => v.Id == vendorId, cancellationToken)) return Fail.NotFound("There is no such vendor.");
        email = email?.Trim() ?? "";
        if (EmailError(email, "Enter the e-mail address of the vendor's contact.") is { } emailError) return Fail.Invalid("Email", emailError);
        return await InviteAsync(email, TenantRoles.VendorContact, vendorId, cancellationToken);
    }

    private async Task<Outcome<InvitationSent>> InviteAsync(string email, TenantRoles role, Guid? vendorId, CancellationToken cancellationToken)
    {
        if (await invitations.CheckAsync(email, role, vendorId, cancellationToken) is { } problem) return Fail.Invalid("Email", problem.Message);
        var invitation = await invitations.AddAsync(email, role, vendorId, cancellationToken: cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        outbox.NudgeDelivery();
        return new InvitationSent(invitation.Id, invitation.Email, role);
    }

    /// <summary>Null when <paramref name="email"/> (trimmed) is one well-formed address.</summary>
    private static string? EmailError(string email, string missing) =>
        email.Length == 0 ? missing
        : email.Length > InvitationSender.EmailMaxLength ? $"Use at most {InvitationSender.EmailMaxLength} characters."
        : InvitationSender.IsWellFormedEmail(email) ? null
        : "Enter a valid e-mail address, such as name@example.com.";

    /// <summary>The internal role named <paramref name="role"/> (as in <see cref="TenantRoles"/>), or null.</summary>
    internal static TenantRoles? InternalRole(string? role) =>
        InvitationSender.InternalRoles.Select(r => (TenantRoles?)r)
            .FirstOrDefault(r => string.Equals(r.ToString(), role?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Withdraws a pending invitation and sends a fresh link (only the hash of the old one is stored).</summary>
    public async Task<Outcome<InvitationSent>> ResendInvitationAsync(Guid invitationId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Administer) is { } forbidden) return forbidden;
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == invitationId, cancellationToken);
        if (invitation is null) return Fail.NotFound("There is no such invitation.");
        if (invitation.AcceptedAt is not null || invitation.RevokedAt is not null)
            return Fail.Conflict($"The invitation to {invitation.Email} was already used or withdrawn; nothing was sent.");
        var now = clock.GetUtcNow();
        if (invitation.ExpiresAt > now)
        {
            invitation.Revoke(now);
            audit.Record(AuditActions.InvitationRevoked, nameof(Invitation), invitation.Id,
                new { email = invitation.Email, role = invitation.Role.ToString(), reason = "resent" });
        }

        var fresh = await invitations.AddAsync(invitation.Email, invitation.Role, invitation.VendorId, resentFrom: invitation.Id, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        outbox.NudgeDelivery();
        return new InvitationSent(fresh.Id, fresh.Email, fresh.Role);
    }

    /// <summary>Withdraws an invitation: its link stops working. The e-mail address it was sent to, on success.</summary>
    public async Task<Outcome<string>> WithdrawInvitationAsync(Guid invitationId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Administer) is { } forbidden) return forbidden;
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == invitationId, cancellationToken);
        if (invitation is null) return Fail.NotFound("There is no such invitation.");
        if (invitation.RevokedAt is not null) return Fail.Conflict($"The invitation to {invitation.Email} was already withdrawn.");
        try
        {
            invitation.Revoke(clock.GetUtcNow());
        }
        catch (DomainException e)
        {
            return Fail.Conflict(e.Message);
        }
        audit.Record(AuditActions.InvitationRevoked, nameof(Invitation), invitation.Id, new { email = invitation.Email, role = invitation.Role.ToString() });
        await db.SaveChangesAsync(cancellationToken);
        return invitation.Email;
    }

    /// <summary>
    /// Replaces the member's roles with <paramref name="roles"/> (internal roles only, unless the member is a vendor's contact), as of
    /// <paramref name="expectedVersion"/>. Refused when it would leave the organisation without an active tenant admin.
    /// </summary>
    public async Task<Outcome<MemberChange>> ChangeRolesAsync(Guid membershipId, IReadOnlyCollection<TenantRoles> roles, int expectedVersion,
        CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Administer) is { } forbidden) return forbidden;
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.Id == membershipId, cancellationToken);
        if (membership is null) return NoSuchMember;
        var requested = roles.Aggregate(TenantRoles.None, (all, r) => all | r);
        if (roles.Any(r => !InvitationSender.InternalRoles.Contains(r)) && membership.VendorId is null)
            return Fail.Invalid("Roles", "Choose among the listed roles.");
        if (requested == TenantRoles.None)
            return Fail.Invalid("Roles", "Choose at least one role. To remove someone's access, disable them instead.");
        var before = membership.Roles;
        if (requested == before && membership.Version == expectedVersion) return Unchanged(membership);

        // Removing a role ends the member's sessions at once (the stamp is checked on every request); only adding roles does not.
        var removesARole = (before & ~requested) != TenantRoles.None;
        return await ChangeAccessAsync(membership, expectedVersion, m => m.ChangeRoles(requested), removesARole, "Roles",
            "You are the last active tenant admin, so you cannot remove your own tenant admin role. Make someone else a tenant admin first.",
            AuditActions.RolesChanged, email => new { userId = membership.UserId, email, before = before.ToString(), after = membership.Roles.ToString() },
            cancellationToken);
    }

    /// <summary>Sets the member's reviewer specialisms: who review workflows give specialist tasks to. Their sessions go on.</summary>
    public async Task<Outcome<MemberChange>> ChangeSpecialismsAsync(Guid membershipId, IReadOnlyCollection<ReviewerSpecialisms> selected, int expectedVersion,
        CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Administer) is { } forbidden) return forbidden;
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.Id == membershipId, cancellationToken);
        if (membership is null) return NoSuchMember;
        if (selected.Any(s => s == ReviewerSpecialisms.None || (s & ~ReviewerSpecialismsExtensions.All) != 0 || s.Each().Count() != 1))
            return Fail.Invalid("Selected", "Choose among the listed specialisms.");

        var requested = selected.Aggregate(ReviewerSpecialisms.None, (all, s) => all | s);
        var before = membership.Specialisms;
        if (requested == before && membership.Version == expectedVersion) return Unchanged(membership);
        if (membership.Version != expectedVersion) return Fail.Conflict(ConflictMessage);
        try
        {
            membership.ChangeSpecialisms(requested);
        }
        catch (DomainException e)
        {
            return Fail.Invalid("Selected", e.Message);
        }
        audit.Record(AuditActions.SpecialismsChanged, "Membership", membership.Id, new
        {
            userId = membership.UserId,
            before = before.ToString(),
            after = requested.ToString(),
        });
        if (!await TrySaveAsync(membership, null, expectedVersion, cancellationToken)) return Fail.Conflict(ConflictMessage);
        return Changed(membership);
    }

    /// <summary>Ends the member's access to this organisation and all their sessions at once.</summary>
    public async Task<Outcome<MemberChange>> DisableAsync(Guid membershipId, int expectedVersion, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Administer) is { } forbidden) return forbidden;
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.Id == membershipId, cancellationToken);
        if (membership is null) return NoSuchMember;

        return await ChangeAccessAsync(membership, expectedVersion, m => m.Disable(), endSessions: true, "",
            "You are the last active tenant admin, so you cannot disable yourself. Make someone else a tenant admin first.",
            AuditActions.UserDisabled, email => new { userId = membership.UserId, email, roles = membership.Roles.ToString() }, cancellationToken);
    }

    /// <summary>
    /// A change of what the member may do (roles, access), as of <paramref name="expectedVersion"/>, in a serializable transaction:
    /// refused when it would leave no active tenant admin (<paramref name="lastAdminSelfMessage"/> when that admin is whoever acts);
    /// audited with the member's address; when <paramref name="endSessions"/>, their security stamp renewed in the same transaction,
    /// which ends their sessions at once.
    /// </summary>
    private async Task<Outcome<MemberChange>> ChangeAccessAsync(TenantMembership membership, int expectedVersion, Action<TenantMembership> change,
        bool endSessions, string field, string lastAdminSelfMessage, string auditAction, Func<string?, object> details, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        if (membership.Version != expectedVersion) return Fail.Conflict(ConflictMessage);
        try
        {
            change(membership);
        }
        catch (DomainException e)
        {
            return Fail.Invalid(field, e.Message);
        }
        try
        {
            if (!await StillHasAnActiveAdminAsync(membership, cancellationToken))
                return Fail.Invalid(field, IsSelf(membership) ? lastAdminSelfMessage : LastAdminMessage);

            var user = await users.FindByIdAsync(membership.UserId.ToString());
            audit.Record(auditAction, "Membership", membership.Id, details(user?.Email));
            if (!await TrySaveAsync(membership, endSessions ? user : null, expectedVersion, cancellationToken)) return Fail.Conflict(ConflictMessage);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e) when (DatabaseErrors.IsSerializationFailure(e))
        {
            // On a server database two admins changing each other at once both count the other as the remaining admin; the
            // database refuses one of the two transactions, which is then a conflict like any other.
            return Fail.Conflict(ConflictMessage);
        }
        return Changed(membership);
    }

    /// <summary>Gives a disabled member their access back, with the roles they had.</summary>
    public async Task<Outcome<MemberChange>> EnableAsync(Guid membershipId, int expectedVersion, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Administer) is { } forbidden) return forbidden;
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.Id == membershipId, cancellationToken);
        if (membership is null) return NoSuchMember;
        if (membership.Version != expectedVersion) return Fail.Conflict(ConflictMessage);
        try
        {
            membership.Enable();
        }
        catch (DomainException e)
        {
            return Fail.Invalid("", e.Message);
        }
        var email = await db.Users.Where(u => u.Id == membership.UserId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        audit.Record(AuditActions.UserEnabled, "Membership", membership.Id,
            new { userId = membership.UserId, email, roles = membership.Roles.ToString() });
        if (!await TrySaveAsync(membership, null, expectedVersion, cancellationToken)) return Fail.Conflict(ConflictMessage);
        return Changed(membership);
    }

    /// <summary>
    /// Ends every session of the member, on every device, at once ("Sign out everywhere" for someone else: a lost laptop, a member
    /// who left in a hurry): their security stamp is renewed and their session rows are marked ended, so a copy of any of their
    /// cookies is refused at its next request. Their access stays; they can sign in again. An account belongs to the person, not to
    /// one organisation, so their sessions end wherever they are signed in. Audited on this organisation's trail.
    /// </summary>
    public async Task<Outcome<int>> EndSessionsAsync(Guid membershipId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(EndMemberSessions) is { } forbidden) return forbidden;
        var membership = await db.Memberships.AsNoTracking().SingleOrDefaultAsync(m => m.Id == membershipId, cancellationToken);
        if (membership is null) return NoSuchMember;
        if (IsSelf(membership)) return Fail.Invalid("", OwnSessionsMessage);
        var user = await users.FindByIdAsync(membership.UserId.ToString());
        if (user is null) return NoSuchMember;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var ended = await EndSessionRowsAsync(user.Id, "ended-by-tenant-admin", cancellationToken);
        await RenewStampAsync(user);
        audit.Record(AuditActions.MemberSessionsEnded, "Membership", membership.Id, new { userId = user.Id, email = user.Email, sessions = ended });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ended;
    }

    /// <summary>
    /// Assisted recovery of a lost authenticator (ASVS 5.0 6.4.4): switches the member's two-factor sign-in off, replaces their
    /// authenticator key (the old app's codes and the recovery codes stop working), ends every session, and marks the account so
    /// that their next sign-in (password) is held at the enrolment page until they set up an app again. Only for a person whose
    /// account belongs to this organisation alone: an admin here must not weaken a sign-in that protects another organisation too.
    /// The page asks the admin for a recent re-authentication first. Audited on this organisation's trail.
    /// </summary>
    public async Task<Outcome> ResetAuthenticatorAsync(Guid membershipId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ResetMemberAuthenticator) is { } forbidden) return forbidden;
        var membership = await db.Memberships.AsNoTracking().SingleOrDefaultAsync(m => m.Id == membershipId, cancellationToken);
        if (membership is null) return NoSuchMember;
        if (IsSelf(membership)) return Fail.Invalid("", OwnAuthenticatorMessage);
        var user = await users.FindByIdAsync(membership.UserId.ToString());
        if (user is null) return NoSuchMember;
        if (!await users.GetTwoFactorEnabledAsync(user)) return Fail.Conflict(NoAuthenticatorMessage);
        var elsewhere = await door.MembershipsOfAsync(user.Id, cancellationToken);
        if (elsewhere.Any(m => m.TenantId != membership.TenantId)) return Fail.Invalid("", OtherOrganisationMessage);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await users.SetTwoFactorEnabledAsync(user, false);
        // A new key also renews the security stamp: every session of the person ends at its next request.
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetAuthenticationTokenAsync(user, AssistedRecovery.LoginProvider, AssistedRecovery.TokenName,
            clock.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        var ended = await EndSessionRowsAsync(user.Id, "authenticator-reset-by-tenant-admin", cancellationToken);
        audit.Record(AuditActions.MemberAuthenticatorReset, "Membership", membership.Id,
            new { userId = user.Id, email = user.Email, sessions = ended, mustEnrolAgain = true });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Outcome.Ok();
    }

    /// <summary>Marks every live session row of the person ended (the security stamp, renewed by the caller, ends their cookies).</summary>
    private Task<int> EndSessionRowsAsync(Guid userId, string reason, CancellationToken cancellationToken) =>
        db.UserSessions.Where(s => s.UserId == userId && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, clock.GetUtcNow()).SetProperty(s => s.EndReason, reason), cancellationToken);

    /// <summary>Renews the person's security stamp, reading them again when a concurrent write (a failed sign-in) changed their row.</summary>
    private async Task RenewStampAsync(AppUser user)
    {
        for (var attempt = 1; !(await users.UpdateSecurityStampAsync(user)).Succeeded; attempt++)
        {
            if (attempt == 3) throw new InvalidOperationException("The security stamp could not be renewed.");
            db.Entry(user).State = EntityState.Detached;
            user = await users.FindByIdAsync(user.Id.ToString()) ?? throw new InvalidOperationException("The user disappeared.");
        }
    }

    private static Failure NoSuchMember => Fail.NotFound("There is no such member of this organisation.");

    private bool IsSelf(TenantMembership membership) => membership.UserId == access.Tenant.UserId;

    private MemberChange Unchanged(TenantMembership m) => new(false, IsSelf(m), m.UserId, m.Roles, m.Specialisms, m.IsDisabled);

    private MemberChange Changed(TenantMembership m) => new(true, IsSelf(m), m.UserId, m.Roles, m.Specialisms, m.IsDisabled);

    /// <summary>
    /// Saves the membership (and the audit event already recorded) as of the version the admin saw, then renews the user's security
    /// stamp (when <paramref name="user"/> is given) in the caller's transaction. False on a concurrency conflict.
    /// </summary>
    private async Task<bool> TrySaveAsync(TenantMembership membership, AppUser? user, int seenVersion, CancellationToken cancellationToken)
    {
        // Compare against the version on the form, not the one just read: a change in between is a conflict.
        db.Entry(membership).Property(m => m.Version).OriginalValue = seenVersion;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
        if (user is not null)
        {
            // A concurrent write to the user row (a failed sign-in counting towards lockout) changes its concurrency stamp: read the
            // user again and retry.
            for (var attempt = 1; !(await users.UpdateSecurityStampAsync(user)).Succeeded; attempt++)
            {
                if (attempt == 3) throw new InvalidOperationException("The security stamp could not be renewed.");
                db.Entry(user).State = EntityState.Detached;
                user = await users.FindByIdAsync(membership.UserId.ToString()) ?? throw new InvalidOperationException("The user disappeared.");
            }
        }
        return true;
    }

    private async Task<bool> StillHasAnActiveAdminAsync(TenantMembership changed, CancellationToken cancellationToken)
    {
        var others = await db.Memberships.CountAsync(m =>
            m.Id != changed.Id && !m.IsDisabled && ((int)m.Roles & (int)TenantRoles.TenantAdmin) != 0, cancellationToken);
        var stays = !changed.IsDisabled && changed.Roles.HasFlag(TenantRoles.TenantAdmin);
        return others > 0 || stays;
    }
}
