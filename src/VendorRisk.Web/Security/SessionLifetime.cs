using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using VendorRisk.Application.Accounts;

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

    /// <summary>The server-side session (<see cref="UserSession"/>) the cookie belongs to, in its protected properties (ADR-035).</summary>
    public const string SessionKey = ".vr.session";

    /// <summary>Where the request keeps its checked session for the enrolment gate and the re-authentication filter.</summary>
    private const string CurrentSessionItem = "vr.session";

    /// <summary>The session this request's cookie belongs to, as checked at the start of the request; null without a sign-in cookie.</summary>
    public static SessionState? CurrentSession(HttpContext context) => context.Items[CurrentSessionItem] as SessionState;

    public static void Configure(CookieAuthenticationOptions options, IConfiguration configuration)
    {
        var absolute = configuration.GetValue("Security:AbsoluteSessionLifetime", TimeSpan.FromHours(8));
        options.ExpireTimeSpan = configuration.GetValue("Security:IdleSessionTimeout", TimeSpan.FromHours(1));
        options.SlidingExpiration = true;
        options.Events.OnSigningIn = async context =>
        {
            if (!context.Properties.Items.ContainsKey(SignedInAtKey))
                context.Properties.Items[SignedInAtKey] = context.Options.TimeProvider!.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!Guid.TryParse(context.Principal?.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value, out var userId)) return;
            var sessions = context.HttpContext.RequestServices.GetRequiredService<SessionOperations>();
            var http = context.HttpContext;
            // A refresh of the cookie within a session (after enrolling an authenticator, say) keeps the session and its new stamp; a
            // sign-in starts a session.
            if (context.Properties.Items.TryGetValue(SessionKey, out var existing) && Guid.TryParse(existing, out var sessionId)
                && await sessions.RenewAsync(sessionId, userId, http.RequestAborted))
            {
                return;
            }
            var started = await sessions.StartAsync(userId, http.Request.Headers.UserAgent.ToString(), http.Connection.RemoteIpAddress?.ToString(),
                absolute, http.RequestAborted);
            context.Properties.Items[SessionKey] = started.Id.ToString();
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
            // The session row, on every request (not once per validation interval, and independent of clocks): ended on its own (the
            // account page), everywhere, or past its lifetime (the organisation's may be shorter than the platform's); and the stamp in
            // the cookie against the person's stamp in the database, in the same query, so a renewed stamp ends every copy of every
            // session of the person at once. A cookie without a session was issued before sessions were stored: it ends too.
            var principal = context.Principal;
            var claims = context.HttpContext.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
            var session = principal is not null
                && context.Properties.Items.TryGetValue(SessionKey, out var id) && Guid.TryParse(id, out var sessionId)
                && Guid.TryParse(principal.FindFirstValue(claims.UserIdClaimType), out var userId)
                ? await context.HttpContext.RequestServices.GetRequiredService<SessionOperations>()
                    .CheckAsync(sessionId, userId, principal.FindFirstValue(claims.SecurityStampClaimType), context.HttpContext.RequestAborted)
                : null;
            if (session is null)
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                return;
            }
            context.HttpContext.Items[CurrentSessionItem] = session;
        };
    }
}
