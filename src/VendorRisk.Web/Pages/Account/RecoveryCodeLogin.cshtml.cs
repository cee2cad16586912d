using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Accounts;
using VendorRisk.Infrastructure.Identity;

namespace VendorRisk.Web.Pages.Account;

/// <summary>Second step of sign-in with one of the user's single-use recovery codes, in place of the app.</summary>
public sealed class RecoveryCodeLoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, AccountOperations accounts) : PageModel
{
    public const string FailureMessage =
        "That recovery code is not valid. Each code works only once; check that you typed it as saved.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter one of your recovery codes.")]
        [StringLength(24, ErrorMessage = "Enter a recovery code as saved, such as ABCDE-12345.")]
        [Display(Name = "Recovery code")]
        public string RecoveryCode { get; set; } = "";
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

        // Redeeming removes the code: it can never sign in a second time.
        var result = await signIn.TwoFactorRecoveryCodeSignInAsync(TwoFactorCodes.NormalizeRecoveryCode(Input.RecoveryCode));
        if (result.Succeeded)
        {
            var left = await users.CountRecoveryCodesAsync(user);
            await accounts.SignedInWithRecoveryCodeAsync(user, left, cancellationToken);
            TempData["Status"] = left switch
            {
                0 => "You used your last recovery code. Generate new ones now under Two-factor authentication.",
                <= 3 => $"You have {left} recovery codes left. Generate new ones under Two-factor authentication.",
                _ => $"Signed in with a recovery code. You have {left} left.",
            };
            return LocalRedirect(LoginModel.SafeReturnUrl(ReturnUrl));
        }

        var lockedOut = result.IsLockedOut || await users.IsLockedOutAsync(user);
        await accounts.SecondFactorFailedAsync(user, "recovery-code", lockedOut, cancellationToken);
        ModelState.AddModelError(string.Empty, FailureMessage);
        return Page();
    }

    private RedirectResult StartAgain()
    {
        TempData["Status"] = TwoFactorLoginModel.StartAgainMessage;
        return Redirect("/account/login" + (string.IsNullOrEmpty(ReturnUrl) ? "" : "?returnUrl=" + Uri.EscapeDataString(ReturnUrl)));
    }
}
