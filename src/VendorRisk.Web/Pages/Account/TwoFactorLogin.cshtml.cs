using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Accounts;
using VendorRisk.Infrastructure.Identity;

namespace VendorRisk.Web.Pages.Account;

/// <summary>Second step of sign-in for users with two-factor on: the code from their authenticator app.</summary>
public sealed class TwoFactorLoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, AccountOperations accounts) : PageModel
{
    /// <summary>The same message for a wrong code and for a locked account.</summary>
    public const string FailureMessage =
        "Verification failed. Enter the code your authenticator app shows now. After 5 failed attempts an account is locked for 15 minutes.";

    /// <summary>Shown when the password step is missing or has expired (it is valid for a few minutes).</summary>
    public const string StartAgainMessage = "Your sign-in has expired. Sign in again with your e-mail and password.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool RememberMe { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
        [StringLength(12, ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
        [Display(Name = "Authentication code")]
        public string TwoFactorCode { get; set; } = "";

        [Display(Name = "Do not ask for a code on this device for 14 days")]
        public bool RememberMachine { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await signIn.GetTwoFactorAuthenticationUserAsync() is null) return StartAgain();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null) return StartAgain();
        if (!ModelState.IsValid) return Page();

        var code = TwoFactorCodes.NormalizeAuthenticatorCode(Input.TwoFactorCode);
        // Counts a wrong code towards lockout, like a wrong password.
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, RememberMe, Input.RememberMachine);
        if (result.Succeeded)
        {
            await accounts.SignedInAsync(user, "authenticator", cancellationToken);
            return LocalRedirect(LoginModel.SafeReturnUrl(ReturnUrl));
        }

        // The attempt that reaches the limit answers "failed"; the account is locked from then on.
        var lockedOut = result.IsLockedOut || await users.IsLockedOutAsync(user);
        await accounts.SecondFactorFailedAsync(user, "authenticator", lockedOut, cancellationToken);
        ModelState.AddModelError(string.Empty, FailureMessage);
        return Page();
    }

    private RedirectResult StartAgain()
    {
        TempData["Status"] = StartAgainMessage;
        return Redirect("/account/login" + (string.IsNullOrEmpty(ReturnUrl) ? "" : "?returnUrl=" + Uri.EscapeDataString(ReturnUrl)));
    }
}
