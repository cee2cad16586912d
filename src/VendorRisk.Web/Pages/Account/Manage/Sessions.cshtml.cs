using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Accounts;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Web.Security;

namespace VendorRisk.Web.Pages.Account.Manage;

/// <summary>
/// The person's signed-in sessions (ADR-035): device, address, when it started and was last used; sign one out, or sign out
/// everywhere (every session, this one included, and every copy of their cookies).
/// </summary>
public sealed class SessionsModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, SessionOperations sessions) : PageModel
{
    public IReadOnlyList<SessionView> Sessions { get; private set; } = [];
    public Guid? CurrentId { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        CurrentId = SessionLifetime.CurrentSession(HttpContext)?.Id;
        Sessions = await sessions.ListAsync(user.Id, cancellationToken);
        return Page();
    }

    /// <summary>Ending sessions needs a recent proof too (ASVS 5.0 V7.5.2): a stolen cookie cannot sign its owner out.</summary>
    [RequiresRecentSignIn]
    public async Task<IActionResult> OnPostEndAsync(Guid id, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        var ended = await sessions.EndAsync(user.Id, id, cancellationToken);
        if (id == SessionLifetime.CurrentSession(HttpContext)?.Id && ended.Succeeded)
        {
            await signIn.SignOutAsync();
            TempData["Status"] = "You are signed out.";
            return Redirect("/account/login");
        }
        TempData["Status"] = ended.Succeeded ? "That session is signed out." : ended.Message;
        return RedirectToPage();
    }

    [RequiresRecentSignIn]
    public async Task<IActionResult> OnPostEverywhereAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        await sessions.EndEverywhereAsync(user.Id, cancellationToken);
        await signIn.SignOutAsync();
        TempData["Status"] = "You are signed out everywhere.";
        return Redirect("/account/login");
    }

    /// <summary>A short name for a browser from its user agent: enough to recognise one's own devices.</summary>
    public static string Device(string userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent)) return "Unknown device";
        string Browser() =>
            userAgent.Contains("Edg/", StringComparison.Ordinal) ? "Edge"
            : userAgent.Contains("Firefox/", StringComparison.Ordinal) ? "Firefox"
            : userAgent.Contains("Chrome/", StringComparison.Ordinal) || userAgent.Contains("Chromium/", StringComparison.Ordinal) ? "Chrome"
            : userAgent.Contains("Safari/", StringComparison.Ordinal) ? "Safari"
            : "Browser";
        string System() =>
            userAgent.Contains("Android", StringComparison.Ordinal) ? "Android"
            : userAgent.Contains("iPhone", StringComparison.Ordinal) || userAgent.Contains("iPad", StringComparison.Ordinal) ? "iOS"
            : userAgent.Contains("Windows", StringComparison.Ordinal) ? "Windows"
            : userAgent.Contains("Mac OS X", StringComparison.Ordinal) ? "macOS"
            : userAgent.Contains("Linux", StringComparison.Ordinal) ? "Linux"
            : "unknown system";
        return userAgent.Contains("Mozilla/", StringComparison.Ordinal) ? $"{Browser()} on {System()}" : userAgent;
    }
}
