using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Accounts;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Web.Forms;
using VendorRisk.Web.Security;

namespace VendorRisk.Web.Pages.Account.Manage;

/// <summary>
/// "Confirm it's you" before a sensitive action (ADR-035): the password, or a current authenticator code, renews the proof of this
/// session (<see cref="SessionOperations.ReauthenticateAsync"/>), then the person goes back where they were (a local address only).
/// </summary>
public sealed class ReauthenticateModel(UserManager<AppUser> users, SessionOperations sessions) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool HasAuthenticator { get; private set; }

    public sealed class InputModel
    {
        public string? Password { get; set; }
        public string? Code { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        HasAuthenticator = user.TwoFactorEnabled;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null || SessionLifetime.CurrentSession(HttpContext) is not { } session) return Challenge();
        HasAuthenticator = user.TwoFactorEnabled;
        var proven = await sessions.ReauthenticateAsync(user.Id, session.Id, Input.Password, Input.Code, cancellationToken);
        if (!proven.Succeeded)
        {
            if (this.Failure(proven) is { } refused) return refused;
            return Page();
        }
        return LocalRedirect(BackTo(ReturnUrl));
    }

    /// <summary>Back where the person was: a local address only, else the account's sessions page.</summary>
    private static string BackTo(string? returnUrl) =>
        string.IsNullOrEmpty(returnUrl) ? "/account/manage/sessions" : LoginModel.SafeReturnUrl(returnUrl);
}
