using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Accounts;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Account;

/// <summary>
/// Sign-up of a new organisation, first step (<see cref="SignUpOperations.RequestAsync"/>): the organisation, a name and an address.
/// The answer is "check your inbox" whether or not the address has an account; the organisation is created from the mailed link.
/// </summary>
public sealed class RegisterModel(SignUpOperations signUps) : PageModel
{
    public const string SentMessage =
        "Check your inbox. We sent a link to the address you gave; open it within 24 hours to create your organisation.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>After a sign-up was accepted: the page shows <see cref="SentMessage"/> instead of the form.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Sent { get; set; }

    public sealed class InputModel
    {
        public string? OrganisationName { get; set; }
        public string? Slug { get; set; }
        public string? DisplayName { get; set; }
        public string? Email { get; set; }
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Sent = false;
        var requested = await signUps.RequestAsync(
            new OrganisationSignUp(Input.OrganisationName, Input.Slug, Input.DisplayName, Input.Email), cancellationToken);
        if (!requested.Succeeded) return this.Failure(requested) ?? Page();
        return Redirect("/account/register?sent=true");
    }
}
