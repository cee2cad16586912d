using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Web.Pages.Account.Manage;

/// <summary>The state of the signed-in user's two-factor sign-in, and the ways to change it.</summary>
public sealed class TwoFactorModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AuditLog audit, AppDbContext db) : PageModel
{
    public const string InvalidCodeMessage = "That code is not valid. Enter the 6-digit code your authenticator app shows now.";

    public bool IsEnabled { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public bool IsMachineRemembered { get; private set; }

    [BindProperty]
    public DisableInputModel Input { get; set; } = new();

    public sealed class DisableInputModel
    {
        [Required(ErrorMessage = "Enter the code from your authenticator app to turn two-factor sign-in off.")]
        [StringLength(12, ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
        [Display(Name = "Current authentication code")]
        public string Code { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostGenerateRecoveryCodesAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            TempData["Status"] = "Turn on two-factor sign-in first; recovery codes come with it.";
            return RedirectToPage();
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, TwoFactorCodes.RecoveryCodeCount))?.ToList() ?? [];
        audit.Record(AuditActions.RecoveryCodesGenerated, "User", user.Id, new { count = codes.Count });
        await db.SaveChangesAsync();
        await transaction.CommitAsync();

        TempData[TwoFactorCodes.RecoveryCodesTempDataKey] = string.Join('\n', codes);
        return RedirectToPage("./RecoveryCodes");
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            TempData["Status"] = "Two-factor sign-in is already off.";
            return RedirectToPage();
        }
        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }

        var code = TwoFactorCodes.NormalizeAuthenticatorCode(Input.Code);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            // Counted like a wrong password: a stolen session cannot guess its way through the codes.
            await users.AccessFailedAsync(user);
            ModelState.AddModelError("Input.Code", InvalidCodeMessage);
            await LoadAsync(user);
            return Page();
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        await users.SetTwoFactorEnabledAsync(user, false);
        // A new key (and security stamp): the old app and other sessions stop working; turning it on again starts afresh.
        await users.ResetAuthenticatorKeyAsync(user);
        await users.ResetAccessFailedCountAsync(user);
        audit.Record(AuditActions.TwoFactorDisabled, "User", user.Id);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();

        await signIn.ForgetTwoFactorClientAsync();
        await signIn.RefreshSignInAsync(user);
        TempData["Status"] = "Two-factor sign-in is off. Your recovery codes no longer work.";
        return RedirectToPage();
    }

    private async Task LoadAsync(AppUser user)
    {
        IsEnabled = await users.GetTwoFactorEnabledAsync(user);
        RecoveryCodesLeft = IsEnabled ? await users.CountRecoveryCodesAsync(user) : 0;
        IsMachineRemembered = await signIn.IsTwoFactorClientRememberedAsync(user);
    }
}
