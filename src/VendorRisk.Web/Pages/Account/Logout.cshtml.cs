using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Web.Pages.Account;

public sealed class LogoutModel(SignInManager<AppUser> signIn, AuditLog audit, AppDbContext db) : PageModel
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            audit.Record(AuditActions.SignedOut);
            await db.SaveChangesAsync();
        }
        await signIn.SignOutAsync();
        TempData["Status"] = "You are signed out.";
        return Redirect("/account/login");
    }
}
