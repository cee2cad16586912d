using System.Globalization;
using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace VendorRisk.Infrastructure.Identity;

/// <summary>
/// Authenticator-app (TOTP) codes, checked against the app's <see cref="TimeProvider"/>, accepted only in their own 30-second
/// step and only once (ASVS 5.0 6.5.5 and 6.5.1, ADR-048). Identity's own provider accepts two steps either side and the same
/// code again inside that window, so a code seen over someone's shoulder stayed good for two and a half minutes.
/// Here a code lives at most 30 seconds: a code typed as its step ends is refused, and the person types the app's next one. The
/// last accepted time step is kept as a user token; a code of that step or an earlier one is refused. Saving it goes through the
/// user's concurrency stamp, so of two simultaneous uses of one code only one succeeds.
/// </summary>
public sealed class SingleUseAuthenticatorTokenProvider(TimeProvider clock) : IUserTwoFactorTokenProvider<AppUser>
{
    private const string StoreProvider = "[VendorRisk]";
    private const string LastAcceptedStep = "AuthenticatorLastAcceptedStep";

    /// <summary>The current step only: no neighbouring step for clock drift (authenticator apps keep network time).</summary>
    private static readonly VerificationWindow CurrentStepOnly = new(previous: 0, future: 0);

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<AppUser> manager, AppUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>Codes come from the person's app, never from the server.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<AppUser> manager, AppUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key) || token.Length != 6 || !token.All(char.IsAsciiDigit)) return false;

        var totp = new Totp(Base32Encoding.ToBytes(key));
        if (!totp.VerifyTotp(clock.GetUtcNow().UtcDateTime, token, out var step, CurrentStepOnly)) return false;

        var last = await manager.GetAuthenticationTokenAsync(user, StoreProvider, LastAcceptedStep);
        if (long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var lastStep) && step <= lastStep) return false;

        var saved = await manager.SetAuthenticationTokenAsync(user, StoreProvider, LastAcceptedStep, step.ToString(CultureInfo.InvariantCulture));
        return saved.Succeeded;
    }
}
