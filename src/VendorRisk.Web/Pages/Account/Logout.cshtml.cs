using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Accounts;
using VendorRisk.Infrastructure.Identity;

namespace VendorRisk.Web.Pages.Account;

/// <summary>Signs out: ends the session on the server (<see cref="AccountOperations.SignedOutAsync"/>) and deletes the cookie.</summary>
public sealed class LogoutModel(SignInManager<AppUser> signIn, AccountOperations accounts) : PageModel
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            var userId = Guid.TryParse(signIn.UserManager.GetUserId(User), out var id) ? id : (Guid?)null;
            await accounts.SignedOutAsync(userId, cancellationToken);
        }
        await signIn.SignOutAsync();
        TempData["Status"] = "You are signed out.";
        return Redirect("/account/login");
    }
}
