using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using VendorRisk.Domain.Api;
using VendorRisk.Infrastructure.Api;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Application.Tenancy;

namespace VendorRisk.Web.Api;

public static class ApiTokenDefaults
{
    public const string Scheme = "ApiToken";
    public const string TokenIdClaim = "vrk:token";
    public const string ScopeClaim = "vrk:scope";
}

/// <summary>
/// <c>Authorization: Bearer vrk_...</c> for <c>/api/v1</c>, and nothing else: API endpoints name only this scheme,
/// so a browser's sign-in cookie never authenticates an API call (no CSRF exposure), and the cookie scheme never
/// sees a token. A valid token enters its tenant for this request, as the tenant middleware does for a page: the
/// user's current membership and roles, so a disabled membership or a revoked or expired token answers 401 at once.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    TenantDoor door, AuditLog audit, TimeProvider clock, InvalidTokenThrottle throttle)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("Only bearer tokens are accepted.");
        var secret = header[BearerPrefix.Length..].Trim();
        if (!ApiTokenSecrets.LooksLikeToken(secret)) return AuthenticateResult.Fail("Not a VendorRisk token.");

        // Guessing tokens is limited per client address, not per guessed token (issue 16, V11).
        var address = InvalidTokenThrottle.AddressOf(Context);
        if (throttle.IsSpent(address)) return Throttled();
        var found = await door.EnterWithApiTokenAsync(ApiTokenSecrets.Hash(secret), clock.GetUtcNow(), Context.RequestAborted);
        if (found is null)
        {
            if (!throttle.CountFailure(address)) return Throttled();
            return AuthenticateResult.Fail("The token is unknown, expired or revoked, or its user no longer has access.");
        }

        // Every change this request makes is traced to the token that made it.
        audit.Annotate("via", "api");
        audit.Annotate("token", found.TokenId);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, found.UserId.ToString()),
            new Claim(ClaimTypes.Name, found.UserName ?? found.UserId.ToString()),
            new Claim(ApiTokenDefaults.TokenIdClaim, found.TokenId.ToString()),
            new Claim(ApiTokenDefaults.ScopeClaim, found.Scope.ToString()),
        ], ApiTokenDefaults.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiTokenDefaults.Scheme));
    }

    private AuthenticateResult Throttled()
    {
        Context.Items[InvalidTokenThrottle.ThrottledItem] = true;
        return AuthenticateResult.Fail("Too many invalid tokens from this address.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(InvalidTokenThrottle.ThrottledItem))
        {
            Response.Headers.RetryAfter = "60";
            await ApiProblems.Write(Context, StatusCodes.Status429TooManyRequests, "Too many requests",
                $"Too many invalid tokens from your address: at most {throttle.PerMinute} a minute. Retry after 60 seconds.");
            return;
        }
        Response.Headers.WWWAuthenticate = Request.Headers.Authorization.Count == 0
            ? "Bearer"
            : "Bearer error=\"invalid_token\"";
        await ApiProblems.Write(Context, StatusCodes.Status401Unauthorized, "Authentication required",
            Request.Headers.Authorization.Count == 0
                ? "Send a personal access token: Authorization: Bearer vrk_..."
                : "The token is unknown, expired or revoked, or its user no longer has access to the organisation.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var readOnly = Context.User.FindFirstValue(ApiTokenDefaults.ScopeClaim) == nameof(ApiTokenScope.Read)
            && !HttpMethods.IsGet(Request.Method) && !HttpMethods.IsHead(Request.Method);
        await ApiProblems.Write(Context, StatusCodes.Status403Forbidden, "Forbidden", readOnly
            ? "This token is read-only. Create a read-write token to change data."
            : "Your roles in this organisation do not allow this request.");
    }
}
