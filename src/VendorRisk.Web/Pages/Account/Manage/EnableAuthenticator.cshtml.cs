using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;
using VendorRisk.Application.Accounts;
using VendorRisk.Application.Common;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Web.Forms;
using VendorRisk.Web.Security;

namespace VendorRisk.Web.Pages.Account.Manage;

/// <summary>
/// Enrolment of an authenticator app: a shared key shown as a QR code and as text, confirmed by one code from the app before
/// two-factor sign-in is switched on (<see cref="AccountOperations.EnableAuthenticatorAsync"/>).
/// </summary>
[RequiresRecentSignIn]
public sealed class EnableAuthenticatorModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AccountOperations accounts) : PageModel
{
    public const string Issuer = "VendorRisk";

    public bool AlreadyEnabled { get; private set; }
    /// <summary>An organisation's policy holds this session here until the person is enrolled (ADR-035).</summary>
    public bool Required => SessionLifetime.CurrentSession(HttpContext)?.MfaEnrolmentRequired == true;
    public string SharedKey { get; private set; } = "";
    public string FormattedKey { get; private set; } = "";
    public string QrCodeSvg { get; private set; } = "";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        public string? Code { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        Response.Headers.CacheControl = "no-store";
        if (await users.GetTwoFactorEnabledAsync(user))
        {
            // Never show the key of an app in use: moving to a new app goes through turning 2FA off.
            AlreadyEnabled = true;
            return Page();
        }
        await LoadSharedKeyAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        Response.Headers.CacheControl = "no-store";
        var enabled = await accounts.EnableAuthenticatorAsync(user.Id, Input.Code, cancellationToken);
        if (enabled.Status == OutcomeStatus.Conflict)
        {
            TempData["Status"] = enabled.Message;
            return RedirectToPage("./TwoFactor");
        }
        if (!enabled.Succeeded)
        {
            if (this.Failure(enabled) is { } refused) return refused;
            await LoadSharedKeyAsync(user);
            return Page();
        }

        // This session carries the new stamp and stays signed in.
        await signIn.RefreshSignInAsync((await users.FindByIdAsync(user.Id.ToString()))!);
        TempData[TwoFactorCodes.RecoveryCodesTempDataKey] = string.Join('\n', enabled.Value!);
        TempData["Status"] = "Two-factor sign-in is on.";
        return RedirectToPage("./RecoveryCodes");
    }

    private async Task LoadSharedKeyAsync(AppUser user)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key after reset.");
            // Resetting the key changed the security stamp: re-issue this session's cookie so it is not ended.
            await signIn.RefreshSignInAsync(user);
        }
        SharedKey = key;
        FormattedKey = FormatKey(key);
        QrCodeSvg = RenderQrCode(AuthenticatorUri(user.Email ?? user.UserName ?? "", key));
    }

    public static string AuthenticatorUri(string email, string key) =>
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(email)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";

    /// <summary>Groups of four lower-case characters: easier to type into an app by hand.</summary>
    public static string FormatKey(string key)
    {
        var result = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0) result.Append(' ');
            result.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }
        return result.ToString().ToLowerInvariant();
    }

    /// <summary>Server-side SVG, so no script and no third-party service ever sees the secret.</summary>
    private static string RenderQrCode(string payload)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.Q);
        return new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
