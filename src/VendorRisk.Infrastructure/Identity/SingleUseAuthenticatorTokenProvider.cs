using System.Globalization;
using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace VendorRisk.Infrastructure.Identity;

/// <summary>
/// Authenticator-app (TOTP) codes, checked against the app's <see cref="TimeProvider"/> and accepted once: Identity's
/// own provider accepts the same code again for as long as it stays inside its tolerance window, so a code seen over
/// someone's shoulder could be replayed within that minute and a half. The last accepted time step is kept as a user
/// token; a code of that step or an earlier one is refused. Saving it goes through the user's concurrency stamp, so of
/// two simultaneous uses of one code only one succeeds.
/// </summary>
public sealed class SingleUseAuthenticatorTokenProvider(TimeProvider clock) : IUserTwoFactorTokenProvider<AppUser>
{
    private const string StoreProvider = "[VendorRisk]";
    private const string LastAcceptedStep = "AuthenticatorLastAcceptedStep";

    /// <summary>Two steps (60 s) either side, as Identity allows, for phones whose clocks drift.</summary>
    private static readonly VerificationWindow ClockDriftTolerance = new(previous: 2, future: 2);

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<AppUser> manager, AppUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>Codes come from the person's app, never from the server.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<AppUser> manager, AppUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key) || token.Length != 6 || !token.All(char.IsAsciiDigit)) return false;

        var totp = new Totp(Base32Encoding.ToBytes(key));
        if (!totp.VerifyTotp(clock.GetUtcNow().UtcDateTime, token, out var step, ClockDriftTolerance)) return false;

        var last = await manager.GetAuthenticationTokenAsync(user, StoreProvider, LastAcceptedStep);
        if (long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var lastStep) && step <= lastStep) return false;

        var saved = await manager.SetAuthenticationTokenAsync(user, StoreProvider, LastAcceptedStep, step.ToString(CultureInfo.InvariantCulture));
        return saved.Succeeded;
    }
}
