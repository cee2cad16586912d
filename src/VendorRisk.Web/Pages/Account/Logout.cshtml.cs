using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Accounts;
using VendorRisk.Infrastructure.Identity;

namespace VendorRisk.Web.Pages.Account;

public sealed class LogoutModel(SignInManager<AppUser> signIn, AccountOperations accounts) : PageModel
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (User.Identity?.IsAuthenticated == true) await accounts.SignedOutAsync(cancellationToken);
        await signIn.SignOutAsync();
        TempData["Status"] = "You are signed out.";
        return Redirect("/account/login");
    }
}
