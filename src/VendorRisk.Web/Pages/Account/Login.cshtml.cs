using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Web.Pages.Account;

public sealed class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, AuditLog audit, AppDbContext db) : PageModel
{
    /// <summary>
    /// One message for every failure, lockout included: the page never tells whether an e-mail has an account.
    /// </summary>
    public const string FailureMessage =
        "Sign-in failed. Check your e-mail and password. After 5 failed attempts an account is locked for 15 minutes.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "Enter a valid e-mail address, such as name@example.com.")]
        [Display(Name = "E-mail")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();

        var result = await signIn.PasswordSignInAsync(Input.Email, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        var user = await users.FindByEmailAsync(Input.Email);
        if (result.Succeeded)
        {
            audit.Record(AuditActions.SignInSucceeded, "User", user?.Id, actorUserId: user?.Id, actorName: user?.Email);
            await db.SaveChangesAsync();
            return LocalRedirect(SafeReturnUrl(ReturnUrl));
        }
        if (result.RequiresTwoFactor)
            return RedirectToPage("./TwoFactorLogin", new { ReturnUrl, Input.RememberMe });

        audit.Record(result.IsLockedOut ? AuditActions.LockedOut : AuditActions.SignInFailed, "User", user?.Id,
            details: new { email = Input.Email }, actorUserId: user?.Id, actorName: Input.Email);
        await db.SaveChangesAsync();
        ModelState.AddModelError(string.Empty, FailureMessage);
        return Page();
    }

    /// <summary>Only local paths: a crafted link cannot send a freshly signed-in user to another site.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
        && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/tenants";
}
