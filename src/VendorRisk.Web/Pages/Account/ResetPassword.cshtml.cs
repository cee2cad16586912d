using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Web.Pages.Account;

/// <summary>
/// Chooses a new password from an e-mailed link. The link carries an Identity reset token tied to the
/// account's security stamp: once used (or once the password changes otherwise) it stops working.
/// </summary>
public sealed class ResetPasswordModel(UserManager<AppUser> users, AuditLog audit, AppDbContext db) : PageModel
{
    public const string InvalidLinkMessage =
        "This reset link is not valid: it may have been used already, have expired, or be incomplete. Ask for a new link.";
    public const string SuccessMessage = "Your password has been changed. Sign in with your new password.";

    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>False when the link is incomplete, used or expired: the page then offers a new link instead of a form.</summary>
    public bool LinkIsValid { get; private set; } = true;

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Choose a new password.")]
        [DataType(DataType.Password)]
        [StringLength(200, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "New password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type the new password again.")]
        [DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "The two passwords do not match.")]
        [Display(Name = "Confirm new password")]
        public string ConfirmPassword { get; set; } = "";
    }

    public async Task OnGetAsync()
    {
        Response.Headers.CacheControl = "no-store";
        // Checked up front, so nobody types a new password into a form that cannot work.
        var (user, token) = await ReadLinkAsync();
        LinkIsValid = user is not null && token is not null && await users.VerifyUserTokenAsync(
            user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<AppUser>.ResetPasswordTokenPurpose, token);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Response.Headers.CacheControl = "no-store";
        var (user, token) = await ReadLinkAsync();
        if (user is null || token is null)
        {
            LinkIsValid = false;
            return Page();
        }
        if (!ModelState.IsValid) return Page();

        await using var transaction = await db.Database.BeginTransactionAsync();
        // Checks the token first, then the password rules; a success also changes the security stamp,
        // which ends every other session and voids the link.
        var result = await users.ResetPasswordAsync(user, token, Input.Password);
        if (!result.Succeeded)
        {
            var invalidToken = users.ErrorDescriber.InvalidToken().Code;
            LinkIsValid = result.Errors.All(e => e.Code != invalidToken);
            foreach (var error in result.Errors.Where(e => e.Code != invalidToken))
                ModelState.AddModelError("Input.Password", error.Description);
            return Page();
        }
        // Proving control of the mailbox is proof enough to lift a lockout.
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        audit.Record(AuditActions.PasswordReset, "User", user.Id, actorUserId: user.Id, actorName: user.Email);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();

        TempData["Status"] = SuccessMessage;
        return Redirect("/account/login");
    }

    private async Task<(AppUser? User, string? Token)> ReadLinkAsync()
    {
        if (!Guid.TryParse(UserId, out var id) || string.IsNullOrEmpty(Code)) return (null, null);
        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(Code));
        }
        catch (FormatException)
        {
            return (null, null);
        }
        return (await users.FindByIdAsync(id.ToString()), token);
    }
}
