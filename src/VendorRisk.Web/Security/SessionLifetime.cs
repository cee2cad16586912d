using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using VendorRisk.Infrastructure.Identity;

namespace VendorRisk.Web.Security;

/// <summary>
/// How long a sign-in lasts (issue 16, V3). Three limits: the cookie slides while the person is active and lapses after
/// <c>Security:IdleSessionTimeout</c> (default 1 hour) without a request; whatever the activity, a session ends
/// <c>Security:AbsoluteSessionLifetime</c> (default 8 hours) after the sign-in; and every request checks the security stamp, so
/// signing out, a password change or reset, or a new stamp set by an admin ends every copy of the cookie at once.
/// </summary>
public static class SessionLifetime
{
    /// <summary>When the person signed in: kept in the cookie's properties, which survive sliding renewal and stamp refreshes.</summary>
    public const string SignedInAtKey = ".vr.signed-in-at";

    public static void Configure(CookieAuthenticationOptions options, IConfiguration configuration)
    {
        var absolute = configuration.GetValue("Security:AbsoluteSessionLifetime", TimeSpan.FromHours(8));
        options.ExpireTimeSpan = configuration.GetValue("Security:IdleSessionTimeout", TimeSpan.FromHours(1));
        options.SlidingExpiration = true;
        options.Events.OnSigningIn = context =>
        {
            if (!context.Properties.Items.ContainsKey(SignedInAtKey))
                context.Properties.Items[SignedInAtKey] = context.Options.TimeProvider!.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        };
        options.Events.OnValidatePrincipal = async context =>
        {
            var now = context.Options.TimeProvider!.GetUtcNow();
            if (!context.Properties.Items.TryGetValue(SignedInAtKey, out var value) || !long.TryParse(value, out var seconds)
                || DateTimeOffset.FromUnixTimeSeconds(seconds) + absolute <= now)
            {
                // A cookie without a sign-in time was issued before this rule: it ends too.
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                return;
            }
            // The stamp in the cookie against the stamp in the database, on every request (not once per validation interval,
            // and independent of clocks): a renewed stamp ends every copy of every session of the person at once.
            var signIn = context.HttpContext.RequestServices.GetRequiredService<SignInManager<AppUser>>();
            if (context.Principal is null || await signIn.ValidateSecurityStampAsync(context.Principal) is null)
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            }
        };
    }
}
