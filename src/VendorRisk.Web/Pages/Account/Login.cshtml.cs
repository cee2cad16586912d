using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Accounts;
using VendorRisk.Infrastructure.Identity;

namespace VendorRisk.Web.Pages.Account;

/// <summary>The password step of signing in; its audit events go through <see cref="AccountOperations"/>.</summary>
public sealed class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, AccountOperations accounts) : PageModel
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

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
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
            await accounts.SignedInAsync(user!, "password", cancellationToken);
            return LocalRedirect(SafeReturnUrl(ReturnUrl));
        }
        if (result.RequiresTwoFactor)
            return RedirectToPage("./TwoFactorLogin", new { ReturnUrl, Input.RememberMe });

        await accounts.PasswordSignInFailedAsync(Input.Email, user, result.IsLockedOut, cancellationToken);
        ModelState.AddModelError(string.Empty, FailureMessage);
        return Page();
    }

    /// <summary>
    /// Only local paths: a crafted link cannot send a freshly signed-in user to another site. Control characters are refused too:
    /// browsers drop a tab or line break inside a URL, so <c>/%09/evil.example</c> would become <c>//evil.example</c> (and
    /// <c>LocalRedirect</c> threw on it: issue 16, V10). Never throws.
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.Length <= 2048 && returnUrl[0] == '/'
        && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
        && !returnUrl.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))
            ? returnUrl
            : "/tenants";
}

/// <summary>A password hash nobody can match, checked when an e-mail has no account.</summary>
internal static class TimingDecoy
{
    public static readonly AppUser User = new() { UserName = "timing-decoy" };
    public static readonly string Hash = new PasswordHasher<AppUser>().HashPassword(User, Guid.NewGuid().ToString("N"));
}
