using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Accounts;
using VendorRisk.Application.Common;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Account;

/// <summary>
/// Sign-up, second step, from the e-mailed link (<see cref="SignUpOperations.CompleteAsync"/>): choose a password (or confirm with the
/// existing account's), then the organisation is created and its admin signed in.
/// </summary>
public sealed class CompleteSignUpModel(SignUpOperations signUps, UserManager<AppUser> users, SignInManager<AppUser> signIn) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public PendingSignUp? Pending { get; private set; }

    public sealed class InputModel
    {
        public string? Slug { get; set; }
        public string? Password { get; set; }
    }

    public async Task OnGetAsync()
    {
        Response.Headers.CacheControl = "no-store";
        var opened = await signUps.OpenAsync(Code);
        Pending = opened.Value;
        Input.Slug = Pending?.Slug;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        Pending = (await signUps.OpenAsync(Code)).Value;
        if (Pending is null) return Page();
        var completed = await signUps.CompleteAsync(Code, Input.Slug, Input.Password, cancellationToken);
        if (completed.Status == OutcomeStatus.NotFound)
        {
            Pending = null;
            return Page();
        }
        if (!completed.Succeeded) return this.Failure(completed) ?? Page();
        var user = await users.FindByIdAsync(completed.Value!.UserId.ToString()) ?? throw new InvalidOperationException("The new admin disappeared.");
        await signIn.SignInAsync(user, isPersistent: false);
        return Redirect($"/t/{completed.Value.Slug}/dashboard");
    }
}
