using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Accounts;
using VendorRisk.Application.Common;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Web.Forms;
using VendorRisk.Web.Security;

namespace VendorRisk.Web.Pages.Account.Manage;

/// <summary>The state of the signed-in user's two-factor sign-in, and the ways to change it (<see cref="AccountOperations"/>).</summary>
public sealed class TwoFactorModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AccountOperations accounts) : PageModel
{
    public const string InvalidCodeMessage = TwoFactorCodes.InvalidCodeMessage;

    public bool IsEnabled { get; private set; }
    public int RecoveryCodesLeft { get; private set; }
    public bool IsMachineRemembered { get; private set; }

    [BindProperty]
    public DisableInputModel Input { get; set; } = new();

    public sealed class DisableInputModel
    {
        public string? Code { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await LoadAsync(user);
        return Page();
    }

    [RequiresRecentSignIn]
    public async Task<IActionResult> OnPostGenerateRecoveryCodesAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var generated = await accounts.GenerateRecoveryCodesAsync(user.Id, cancellationToken);
        if (!generated.Succeeded)
        {
            TempData["Status"] = generated.Message;
            return RedirectToPage();
        }
        TempData[TwoFactorCodes.RecoveryCodesTempDataKey] = string.Join('\n', generated.Value!);
        return RedirectToPage("./RecoveryCodes");
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var disabled = await accounts.DisableTwoFactorAsync(user.Id, Input.Code, cancellationToken);
        if (disabled.Status == OutcomeStatus.Conflict)
        {
            TempData["Status"] = disabled.Message;
            return RedirectToPage();
        }
        if (!disabled.Succeeded)
        {
            if (this.Failure(disabled) is { } refused) return refused;
            await LoadAsync(user);
            return Page();
        }

        await signIn.ForgetTwoFactorClientAsync();
        await signIn.RefreshSignInAsync((await users.FindByIdAsync(user.Id.ToString()))!);
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
