using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Accounts;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Account;

/// <summary>Sign-up of a new organisation (<see cref="AccountOperations.RegisterOrganisationAsync"/>), then sign-in as its first admin.</summary>
public sealed class RegisterModel(AccountOperations accounts, UserManager<AppUser> users, SignInManager<AppUser> signIn) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        public string? OrganisationName { get; set; }
        public string? Slug { get; set; }
        public string? DisplayName { get; set; }
        public string? Email { get; set; }
        public string? Password { get; set; }
    }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var created = await accounts.RegisterOrganisationAsync(
            new OrganisationSignUp(Input.OrganisationName, Input.Slug, Input.DisplayName, Input.Email, Input.Password), cancellationToken);
        if (!created.Succeeded) return this.Failure(created) ?? Page();
        var user = await users.FindByIdAsync(created.Value!.UserId.ToString()) ?? throw new InvalidOperationException("The new admin disappeared.");
        await signIn.SignInAsync(user, isPersistent: false);
        return Redirect($"/t/{created.Value.Slug}/dashboard");
    }
}
