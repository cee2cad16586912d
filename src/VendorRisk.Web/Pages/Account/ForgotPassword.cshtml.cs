using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Web.Pages.Account;

/// <summary>
/// Asks for a password-reset link. The answer is the same whether or not the address has an account, so
/// the page cannot be used to find out who uses VendorRisk.
/// </summary>
public sealed class ForgotPasswordModel(
    UserManager<AppUser> users, EmailOutbox outbox, AuditLog audit, AppDbContext db, IConfiguration configuration) : PageModel
{
    public const string ConfirmationMessage =
        "If an account exists for that address, we have sent a link to reset its password. Check your inbox (and spam folder); the link works once.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "Enter a valid e-mail address, such as name@example.com.")]
        [StringLength(256)]
        [Display(Name = "E-mail")]
        public string Email { get; set; } = "";
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid) return Page();

        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user?.Email is { } email)
        {
            var token = await users.GeneratePasswordResetTokenAsync(user);
            var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
            var link = PublicLinks.Absolute(Request, configuration,
                $"/account/reset-password?userId={user.Id:D}&code={Uri.EscapeDataString(code)}");
            outbox.Enqueue(EmailTemplates.PasswordReset(link), email, user.DisplayName, "password-reset");
            // The requester is whoever typed the address: recorded without an actor.
            audit.Record(AuditActions.PasswordResetRequested, "User", user.Id);
            await db.SaveChangesAsync();
            outbox.NudgeDelivery();
        }

        TempData["Status"] = ConfirmationMessage;
        return RedirectToPage();
    }
}

/// <summary>Absolute links for e-mails.</summary>
public static class PublicLinks
{
    /// <summary>
    /// Uses <c>App:PublicBaseUrl</c> when configured, so a forged Host header can never point a reset link at
    /// another site; otherwise the address of the current request (set AllowedHosts in production).
    /// </summary>
    public static string Absolute(HttpRequest request, IConfiguration configuration, string pathAndQuery)
    {
        var configured = configuration["App:PublicBaseUrl"];
        var baseUrl = string.IsNullOrWhiteSpace(configured)
            ? $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}"
            : configured.TrimEnd('/');
        return baseUrl + pathAndQuery;
    }
}
