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
        [StringLength(256, ErrorMessage = "Use at most {1} characters.")]
        [Display(Name = "E-mail")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        [StringLength(200, ErrorMessage = "Use at most {1} characters.")]
        public string Password { get; set; } = "";

        public bool RememberMe { get; set; }
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();

        var user = await users.FindByEmailAsync(Input.Email);
        Microsoft.AspNetCore.Identity.SignInResult result;
        if (user is null)
        {
            // Spend the time of a real password check, so response times do not tell which e-mails have accounts.
            users.PasswordHasher.VerifyHashedPassword(TimingDecoy.User, TimingDecoy.Hash, Input.Password);
            result = Microsoft.AspNetCore.Identity.SignInResult.Failed;
        }
        else
        {
            result = await signIn.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        }
        if (result.Succeeded)
        {
            audit.Record(AuditActions.SignInSucceeded, "User", user!.Id, new { method = "password" }, user.Id, user.Email);
            await db.SaveChangesAsync();
            return LocalRedirect(SafeReturnUrl(ReturnUrl));
        }
        if (result.RequiresTwoFactor)
            return RedirectToPage("./TwoFactorLogin", new { ReturnUrl, Input.RememberMe });

        // An unknown e-mail has no user: the event then names only the address that was typed.
        audit.Record(result.IsLockedOut ? AuditActions.LockedOut : AuditActions.SignInFailed, "User", user?.Id,
            details: new { email = Input.Email, knownAccount = user is not null }, actorUserId: user?.Id, actorName: Input.Email);
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

/// <summary>A password hash nobody can match, checked when an e-mail has no account.</summary>
internal static class TimingDecoy
{
    public static readonly AppUser User = new() { UserName = "timing-decoy" };
    public static readonly string Hash = new PasswordHasher<AppUser>().HashPassword(User, Guid.NewGuid().ToString("N"));
}
