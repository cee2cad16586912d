using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Accounts;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Account;

/// <summary>
/// Asks for a password-reset link (<see cref="AccountOperations.RequestPasswordResetAsync"/>). The answer is the same whether or not
/// the address has an account, so the page cannot be used to find out who uses VendorRisk.
/// </summary>
public sealed class ForgotPasswordModel(AccountOperations accounts) : PageModel
{
    public const string ConfirmationMessage =
        "If an account exists for that address, we have sent a link to reset its password. Check your inbox (and spam folder); the link works once.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        public string? Email { get; set; }
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var requested = await accounts.RequestPasswordResetAsync(Input.Email, cancellationToken);
        if (!requested.Succeeded) return this.Failure(requested) ?? Page();
        TempData["Status"] = ConfirmationMessage;
        return RedirectToPage();
    }
}
