using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
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

/// <summary>A new organisation and its first admin, as the sign-up form gives them (the password comes with the e-mailed link).</summary>
public sealed record OrganisationSignUp(string? OrganisationName, string? Slug, string? DisplayName, string? Email);

/// <summary>The organisation just created, and its admin (to sign in).</summary>
public sealed record NewOrganisation(Guid TenantId, string Slug, Guid UserId);

/// <summary>
/// A sign-up link as its holder sees it: the organisation asked for, and whether the address already has an account (then the
/// holder confirms with that account's password instead of choosing one).
/// </summary>
public sealed record PendingSignUp(string OrganisationName, string Slug, string DisplayName, string Email, bool HasAccount);

/// <summary>
/// Signing up an organisation in two steps (issue 16, V8; ADR-037). The form asks only for the organisation, a name and an address,
/// and always answers "check your inbox": nothing is written and the answer is the same whether or not the address has an account.
/// The mail carries a Data-Protection-protected, expiring link holding the sign-up; only whoever opens it (so controls the mailbox)
/// creates the account, with <see cref="AppUser"/>.EmailConfirmed set, and the organisation. An address that already has an account
/// gets the same link, and completing it asks for that account's password. No account exists without proof of its mailbox, so a
/// colleague's address cannot be taken before they are invited.
/// </summary>
public sealed class SignUpOperations(
    AppDbContext db, UserManager<AppUser> users, TenantDoor door, EmailOutbox outbox, AuditLog audit, PublicLinks links,
    IDataProtectionProvider protection, TimeProvider clock, PasswordContext passwordContext)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);
    public const string MailKind = "sign-up";
    public const string InvalidLinkMessage =
        "This sign-up link is not valid: it may have expired or be incomplete. Sign up again to get a new link.";
    public const string WrongPasswordMessage = "That is not the password of the account with this address.";
    private const string SlugTakenMessage = "This short name is taken. Choose another.";

    /// <summary>What the protected link holds; the expiry is checked against <see cref="TimeProvider"/>, not the machine's clock.</summary>
    private sealed record Ticket(string OrganisationName, string Slug, string DisplayName, string Email, DateTimeOffset ExpiresAt);

    private IDataProtector Protector => protection.CreateProtector("VendorRisk.SignUp.v1");

    /// <summary>
    /// Checks the form and mails the sign-up link to the address. Succeeds the same way whether or not the address has an account;
    /// nothing but the mail is written.
    /// </summary>
    public async Task<Outcome> RequestAsync(OrganisationSignUp signUp, CancellationToken cancellationToken)
    {
        var slug = signUp.Slug?.Trim().ToLowerInvariant() ?? "";
        var name = signUp.OrganisationName?.Trim() ?? "";
        var displayName = signUp.DisplayName?.Trim() ?? "";
        var email = signUp.Email?.Trim() ?? "";
        var errors = new List<FieldError>();
        if (name.Length == 0) errors.Add(new(nameof(signUp.OrganisationName), "Enter the name of your organisation."));
        else if (name.Length > Tenant.NameMaxLength) errors.Add(new(nameof(signUp.OrganisationName), $"Use at most {Tenant.NameMaxLength} characters."));
        if (await SlugErrorAsync(slug, cancellationToken) is { } slugError) errors.Add(new(nameof(signUp.Slug), slugError));
        if (displayName.Length == 0) errors.Add(new(nameof(signUp.DisplayName), "Enter your name."));
        else if (displayName.Length > AppUser.DisplayNameMaxLength) errors.Add(new(nameof(signUp.DisplayName), $"Use at most {AppUser.DisplayNameMaxLength} characters."));
        if (email.Length == 0) errors.Add(new(nameof(signUp.Email), "Enter your e-mail address."));
        else if (email.Length > 256 || !InvitationSender.IsWellFormedEmail(email))
            errors.Add(new(nameof(signUp.Email), "Enter a valid e-mail address, such as name@example.com."));
        if (errors.Count > 0) return Fail.Invalid(errors);

        // Looked up either way, and a mail queued either way: the answer and its cost do not depend on the account.
        var existing = await users.FindByEmailAsync(email);
        var ticket = new Ticket(name, slug, displayName, existing?.Email ?? email, clock.GetUtcNow() + LinkLifetime);
        var link = links.SignUp(Protector.Protect(JsonSerializer.Serialize(ticket)));
        var content = existing is null
            ? EmailTemplates.SignUpVerification(name, link, ticket.ExpiresAt)
            : EmailTemplates.SignUpWithExistingAccount(name, link, ticket.ExpiresAt);
        outbox.Enqueue(content, ticket.Email, displayName, MailKind);
        await db.SaveChangesAsync(cancellationToken);
        outbox.NudgeDelivery();
        return Outcome.Ok();
    }

    /// <summary>The sign-up a link holds, or NotFound when the link is altered, incomplete or expired.</summary>
    public async Task<Outcome<PendingSignUp>> OpenAsync(string? code)
    {
        if (Read(code) is not { } ticket) return Fail.NotFound(InvalidLinkMessage);
        var hasAccount = await users.FindByEmailAsync(ticket.Email) is not null;
        return new PendingSignUp(ticket.OrganisationName, ticket.Slug, ticket.DisplayName, ticket.Email, hasAccount);
    }

    /// <summary>
    /// Completes a sign-up from its link: the short name (which may have been taken meanwhile, so it can be changed here) and a new
    /// password, or the existing account's password. Creates the account (address confirmed) if there is none, the tenant, the admin
    /// membership and the audit event, in one transaction.
    /// </summary>
    public async Task<Outcome<NewOrganisation>> CompleteAsync(string? code, string? slugInput, string? password, CancellationToken cancellationToken)
    {
        if (Read(code) is not { } ticket) return Fail.NotFound(InvalidLinkMessage);
        var slug = string.IsNullOrWhiteSpace(slugInput) ? ticket.Slug : slugInput.Trim().ToLowerInvariant();
        var errors = new List<FieldError>();
        if (await SlugErrorAsync(slug, cancellationToken) is { } slugError) errors.Add(new("Slug", slugError));

        var user = await users.FindByEmailAsync(ticket.Email);
        var isNew = user is null;
        if (user is null)
        {
            user = new AppUser
            {
                UserName = ticket.Email, Email = ticket.Email, EmailConfirmed = true, DisplayName = ticket.DisplayName, CreatedAt = clock.GetUtcNow(),
            };
            // The organisation this link creates is a word the new password must not be built on.
            passwordContext.AddOrganisation(ticket.OrganisationName);
            passwordContext.AddOrganisation(slug);
            errors.AddRange(await InvitationOperations.PasswordErrorsAsync(users, user, password));
        }
        else if (string.IsNullOrEmpty(password))
        {
            errors.Add(new("Password", "Enter the password of your account."));
        }
        else if (await users.IsLockedOutAsync(user))
        {
            errors.Add(new("Password", "Your account is locked after too many wrong passwords. Try again later."));
        }
        else if (password.Length > InvitationOperations.PasswordMaxLength || !await users.CheckPasswordAsync(user, password))
        {
            await users.AccessFailedAsync(user);
            errors.Add(new("Password", WrongPasswordMessage));
        }
        if (errors.Count > 0) return Fail.Invalid(errors);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (isNew)
        {
            var created = await users.CreateAsync(user, password!);
            if (!created.Succeeded) return Fail.Invalid([.. created.Errors.Select(e => new FieldError("", e.Description))]);
        }
        else
        {
            await users.ResetAccessFailedCountAsync(user);
            if (!user.EmailConfirmed)
            {
                // An account from before verification existed: opening the link proves the mailbox.
                user.EmailConfirmed = true;
                await users.UpdateAsync(user);
            }
        }
        var tenant = Tenant.Create(slug, ticket.OrganisationName, clock.GetUtcNow());
        db.Tenants.Add(tenant);
        // The organisation was just created by this flow: its first membership and audit event are written inside it.
        door.EnterAsSystem(tenant.Id);
        db.Memberships.Add(TenantMembership.Create(tenant.Id, user.Id, TenantRoles.TenantAdmin, clock.GetUtcNow()));
        audit.Record(AuditActions.TenantCreated, "Tenant", tenant.Id, new { tenant.Slug, tenant.Name, newAccount = isNew }, user.Id, user.Email);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another sign-up took the slug between the check and this insert.
            return Fail.Invalid("Slug", SlugTakenMessage);
        }
        await transaction.CommitAsync(cancellationToken);
        return new NewOrganisation(tenant.Id, tenant.Slug, user.Id);
    }

    private async Task<string?> SlugErrorAsync(string slug, CancellationToken cancellationToken)
    {
        if (slug.Length == 0) return "Choose a short name for the address of your organisation.";
        if (Tenant.ValidateSlug(slug) is { } error) return error;
        return await db.Tenants.AnyAsync(t => t.Slug == slug, cancellationToken) ? SlugTakenMessage : null;
    }

    private Ticket? Read(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 4096) return null;
        try
        {
            var ticket = JsonSerializer.Deserialize<Ticket>(Protector.Unprotect(code));
            return ticket is not null && ticket.ExpiresAt > clock.GetUtcNow() ? ticket : null;
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException)
        {
            return null;
        }
    }
}
