using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Accounts;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Web.Forms;
using VendorRisk.Web.Security;

namespace VendorRisk.Web.Pages.Account.Manage;

/// <summary>
/// The signed-in person changes their password with the current one (<see cref="AccountOperations.ChangePasswordAsync"/>, ASVS 5.0
/// 6.2.2, 6.2.3). The change renews the security stamp, so this session re-issues its cookie and stays signed in; the others end.
/// </summary>
public sealed class ChangePasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AccountOperations accounts) : PageModel
{
    public const string SuccessMessage = "Your password is changed. Your other sessions are signed out, and we sent you an e-mail about the change.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        public string? CurrentPassword { get; set; }
        public string? NewPassword { get; set; }
        public string? ConfirmPassword { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is null) return Challenge();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var changed = await accounts.ChangePasswordAsync(user.Id, SessionLifetime.CurrentSession(HttpContext)?.Id,
            Input.CurrentPassword, Input.NewPassword, Input.ConfirmPassword, cancellationToken);
        Input = new();
        if (!changed.Succeeded)
        {
            if (this.Failure(changed) is { } refused) return refused;
            return Page();
        }

        // This session carries the new stamp and stays signed in.
        await signIn.RefreshSignInAsync((await users.FindByIdAsync(user.Id.ToString()))!);
        TempData["Status"] = SuccessMessage;
        return RedirectToPage();
    }
}
