using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Web.Pages.Account.Manage;

/// <summary>
/// Enrolment of an authenticator app: a shared key shown as a QR code and as text, confirmed by one code
/// from the app before two-factor sign-in is switched on.
/// </summary>
public sealed class EnableAuthenticatorModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, AuditLog audit, AppDbContext db) : PageModel
{
    public const string Issuer = "VendorRisk";

    public bool AlreadyEnabled { get; private set; }
    public string SharedKey { get; private set; } = "";
    public string FormattedKey { get; private set; } = "";
    public string QrCodeSvg { get; private set; } = "";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the 6-digit code your authenticator app shows.")]
        [StringLength(12, ErrorMessage = "Enter the 6-digit code your authenticator app shows.")]
        [Display(Name = "Verification code")]
        public string Code { get; set; } = "";
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

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        Response.Headers.CacheControl = "no-store";
        if (await users.GetTwoFactorEnabledAsync(user))
        {
            TempData["Status"] = "Two-factor sign-in is already on.";
            return RedirectToPage("./TwoFactor");
        }
        if (!ModelState.IsValid)
        {
            await LoadSharedKeyAsync(user);
            return Page();
        }

        var code = TwoFactorCodes.NormalizeAuthenticatorCode(Input.Code);
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            ModelState.AddModelError("Input.Code",
                "That code is not valid. Enter the code your app shows now; if it keeps failing, check that the time on your phone is set automatically.");
            await LoadSharedKeyAsync(user);
            return Page();
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, TwoFactorCodes.RecoveryCodeCount))?.ToList() ?? [];
        // Other sessions, signed in with the password alone, end at their next security-stamp check.
        await users.UpdateSecurityStampAsync(user);
        audit.Record(AuditActions.TwoFactorEnabled, "User", user.Id, new { method = "authenticator", recoveryCodes = codes.Count });
        await db.SaveChangesAsync();
        await transaction.CommitAsync();

        // This session carries the new stamp and stays signed in.
        await signIn.RefreshSignInAsync(user);
        TempData[TwoFactorCodes.RecoveryCodesTempDataKey] = string.Join('\n', codes);
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
