using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Invitations;

/// <summary>
/// The link in an invitation e-mail. Whoever holds the token may: create an account for the invited address
/// and join, join with the account they are signed in with (same address), or learn that they should sign
/// in first. Nothing is written until the token has been checked, and acceptance claims the invitation with
/// a conditional update inside the same transaction as the membership, so it works exactly once.
/// </summary>
public sealed class AcceptModel(
    AppDbContext db, UserManager<AppUser> users, SignInManager<AppUser> signIn, TenantContext tenantContext,
    AuditLog audit, TimeProvider clock) : PageModel
{
    public const string InvalidLinkMessage =
        "This invitation link is not valid. Check that you opened the whole link from the e-mail, or ask for a new invitation.";

    public const string UsedMessage = "This invitation has already been used. Sign in instead, or ask for a new one.";

    public enum Step
    {
        /// <summary>The token cannot be used; <see cref="Problem"/> says why.</summary>
        Unusable,
        CreateAccount,
        Join,
        SignIn,
        WrongAccount,
    }

    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your name.")]
        [StringLength(AppUser.DisplayNameMaxLength, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "Your name")]
        public string DisplayName { get; set; } = "";

        [Required(ErrorMessage = "Choose a password.")]
        [DataType(DataType.Password)]
        [StringLength(200, ErrorMessage = "Use at most {1} characters.")]
        public string Password { get; set; } = "";
    }

    public Step Current { get; private set; }
    public string? Problem { get; private set; }
    public string TenantName { get; private set; } = "";
    public string RoleName { get; private set; } = "";
    public string InvitedEmail { get; private set; } = "";
    public string? SignedInEmail { get; private set; }

    public string ThisPage => "/invitations/accept?token=" + Uri.EscapeDataString(Token ?? "");
    public string SignInUrl => "/account/login?returnUrl=" + Uri.EscapeDataString(ThisPage);

    private sealed record Found(Invitation Invitation, string TenantName, string TenantSlug);

    public async Task<IActionResult> OnGetAsync()
    {
        await PrepareAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        var found = await PrepareAsync();
        if (found is null || Current != Step.CreateAccount)
        {
            ModelState.Clear();
            return Page();
        }
        var invitation = found.Invitation;
        var user = new AppUser
        {
            Id = Ids.New(),
            UserName = invitation.Email,
            Email = invitation.Email,
            // The token reached this address: it is confirmed.
            EmailConfirmed = true,
            DisplayName = Input.DisplayName?.Trim() ?? "",
            CreatedAt = clock.GetUtcNow(),
        };
        if (ModelState.GetFieldValidationState("Input.Password") == Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Valid)
        {
            foreach (var validator in users.PasswordValidators)
            {
                var check = await validator.ValidateAsync(users, user, Input.Password);
                foreach (var error in check.Errors) ModelState.AddModelError("Input.Password", error.Description);
            }
        }
        if (!ModelState.IsValid) return Page();

        await using var transaction = await db.Database.BeginTransactionAsync();
        tenantContext.EnterAsSystem(invitation.TenantId);
        if (await ClaimAsync(invitation, user.Id, user.Email) is { } claimProblem) return Refuse(StatusCodes.Status410Gone, claimProblem);

        IdentityResult created;
        try
        {
            created = await users.CreateAsync(user, Input.Password);
        }
        catch (DbUpdateException)
        {
            created = IdentityResult.Failed(new IdentityError { Code = "DuplicateEmail" });
        }
        if (!created.Succeeded)
        {
            await transaction.RollbackAsync();
            if (created.Errors.Any(e => e.Code is "DuplicateEmail" or "DuplicateUserName"))
            {
                // An account for this address appeared since the page was shown: the invitation stays
                // unused, and the visitor signs in to accept it.
                ModelState.Clear();
                Current = Step.SignIn;
                return Page();
            }
            foreach (var error in created.Errors) ModelState.AddModelError(string.Empty, error.Description);
            return Page();
        }

        db.Memberships.Add(TenantMembership.Create(invitation.TenantId, user.Id, invitation.Role, clock.GetUtcNow(), invitation.VendorId));
        audit.Record(AuditActions.InvitationAccepted, nameof(Invitation), invitation.Id,
            new { email = invitation.Email, role = invitation.Role.ToString(), newAccount = true },
            actorUserId: user.Id, actorName: user.Email);
        // A vendor contact sees the assessments sent to this address at once.
        if (invitation.VendorId is { } invitedVendor) await Application.Assessments.AssessmentContactBinding.BindAsync(db, invitedVendor, invitation.Email, user.Id);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync();
            return Used();
        }
        await transaction.CommitAsync();

        await signIn.SignInAsync(user, isPersistent: false);
        TempData["Status"] = $"Welcome to {found.TenantName}. You joined as {invitation.Role.DisplayName()}.";
        return Redirect(Destination(found, invitation.Role));
    }

    public async Task<IActionResult> OnPostJoinAsync()
    {
        ModelState.Clear(); // The account form is not part of this step.
        var found = await PrepareAsync();
        if (found is null || Current != Step.Join) return Page();
        var invitation = found.Invitation;
        var user = (await users.GetUserAsync(User))!;

        await using var transaction = await db.Database.BeginTransactionAsync();
        tenantContext.EnterAsSystem(invitation.TenantId);
        if (await ClaimAsync(invitation, user.Id, user.Email ?? "") is { } claimProblem) return Refuse(StatusCodes.Status410Gone, claimProblem);

        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.UserId == user.Id);
        try
        {
            if (membership is null)
            {
                db.Memberships.Add(TenantMembership.Create(invitation.TenantId, user.Id, invitation.Role, clock.GetUtcNow(), invitation.VendorId));
            }
            else if (membership.IsDisabled)
            {
                await transaction.RollbackAsync();
                return Refuse(StatusCodes.Status403Forbidden,
                    $"Your access to {found.TenantName} is disabled, so this invitation cannot be used. Ask a tenant admin of {found.TenantName} to enable it.");
            }
            else
            {
                membership.Grant(invitation.Role, invitation.VendorId);
            }
        }
        catch (DomainException e)
        {
            await transaction.RollbackAsync();
            return Refuse(StatusCodes.Status409Conflict, e.Message);
        }
        audit.Record(AuditActions.InvitationAccepted, nameof(Invitation), invitation.Id,
            new { email = invitation.Email, role = invitation.Role.ToString(), newAccount = false, existingMembership = membership is not null },
            actorUserId: user.Id, actorName: user.Email);
        if (invitation.VendorId is { } joinedVendor) await Application.Assessments.AssessmentContactBinding.BindAsync(db, joinedVendor, invitation.Email, user.Id);
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException)
        {
            // A second submit created the membership (unique tenant + user) or changed it (version) first.
            await transaction.RollbackAsync();
            return Used();
        }
        await transaction.CommitAsync();

        TempData["Status"] = $"Welcome to {found.TenantName}. You joined as {invitation.Role.DisplayName()}.";
        return Redirect(Destination(found, invitation.Role));
    }

    /// <summary>
    /// Marks the invitation accepted only if nobody else has (nor withdrawn it) in the meantime: of two
    /// concurrent submits, exactly one gets a row back. Returns why it could not, or null.
    /// </summary>
    private async Task<string?> ClaimAsync(Invitation invitation, Guid userId, string userEmail)
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
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now).SetProperty(i => i.AcceptedByUserId, userId));
        return claimed == 1 ? null : UsedMessage;
    }

    private static string Destination(Found found, TenantRoles role) =>
        role == TenantRoles.VendorContact ? "/portal" : $"/t/{found.TenantSlug}/dashboard";

    private PageResult Used()
    {
        ModelState.Clear();
        return Refuse(StatusCodes.Status410Gone, UsedMessage);
    }

    private PageResult Refuse(int status, string message)
    {
        Current = Step.Unusable;
        Problem = message;
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>Reads the invitation for the token and decides which step this visitor is at.</summary>
    private async Task<Found?> PrepareAsync()
    {
        var found = await FindAsync();
        if (found is null)
        {
            Refuse(StatusCodes.Status400BadRequest, InvalidLinkMessage);
            return null;
        }
        var invitation = found.Invitation;
        TenantName = found.TenantName;
        RoleName = invitation.Role.DisplayName();
        InvitedEmail = invitation.Email;
        if (invitation.WhyUnusable(clock.GetUtcNow()) is { } why)
        {
            Refuse(StatusCodes.Status410Gone, why);
            return null;
        }

        var signedIn = User.Identity?.IsAuthenticated == true ? await users.GetUserAsync(User) : null;
        if (signedIn is not null)
        {
            SignedInEmail = signedIn.Email;
            if (string.Equals(signedIn.Email, invitation.Email, StringComparison.OrdinalIgnoreCase))
            {
                Current = Step.Join;
            }
            else
            {
                Current = Step.WrongAccount;
                Response.StatusCode = StatusCodes.Status403Forbidden;
            }
            return found;
        }
        Current = await users.FindByEmailAsync(invitation.Email) is null ? Step.CreateAccount : Step.SignIn;
        return found;
    }

    private async Task<Found?> FindAsync()
    {
        // A token is 43 base64url characters; anything else cannot match and is not worth hashing.
        if (string.IsNullOrWhiteSpace(Token) || Token.Length > 100) return null;
        var hash = Invitation.HashToken(Token.Trim());
        // No tenant is chosen yet: this lookup crosses tenants, by the unguessable token's hash only.
        var row = await db.Invitations.IgnoreQueryFilters().AsNoTracking()
            .Where(i => i.TokenHash == hash)
            .Join(db.Tenants, i => i.TenantId, t => t.Id, (i, t) => new { Invitation = i, t.Name, t.Slug })
            .SingleOrDefaultAsync();
        return row is null ? null : new Found(row.Invitation, row.Name, row.Slug);
    }
}
