using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Accounts;
using VendorRisk.Application.Common;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Account;

/// <summary>
/// Chooses a new password from an e-mailed link (<see cref="AccountOperations.ResetPasswordAsync"/>). The link carries an Identity
/// reset token tied to the account's security stamp: once used (or once the password changes otherwise) it stops working.
/// </summary>
public sealed class ResetPasswordModel(AccountOperations accounts) : PageModel
{
    public const string InvalidLinkMessage = AccountOperations.InvalidResetLinkMessage;
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
        public string? Password { get; set; }
        public string? ConfirmPassword { get; set; }
    }

    public async Task OnGetAsync()
    {
        Response.Headers.CacheControl = "no-store";
        // Checked up front, so nobody types a new password into a form that cannot work.
        LinkIsValid = await accounts.ResetLinkWorksAsync(UserId, Code);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        var reset = await accounts.ResetPasswordAsync(UserId, Code, Input.Password, Input.ConfirmPassword, cancellationToken);
        if (reset.Status == OutcomeStatus.NotFound)
        {
            LinkIsValid = false;
            return Page();
        }
        if (!reset.Succeeded) return this.Failure(reset) ?? Page();
        TempData["Status"] = SuccessMessage;
        return Redirect("/account/login");
    }
}
