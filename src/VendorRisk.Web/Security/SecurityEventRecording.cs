using Microsoft.AspNetCore.Diagnostics;
using VendorRisk.Application.Security;
using VendorRisk.Application.Tenancy;
using VendorRisk.Infrastructure.Api;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Api;

namespace VendorRisk.Web.Security;

/// <summary>
/// Watches each response on its way out for a refusal worth an audit event (ADR-049): 403 (or the sign-in cookie's redirect to the
/// 403 page) for a member or token inside an organisation, and 429 from any rate limit. Runs outside the rate limiter so that its
/// refusals pass through here; the status-code page's second pass is not counted again. What is written, and how often, is
/// <see cref="SecurityEvents"/>'s business.
/// </summary>
public sealed class SecurityEventRecording(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, TenantContext tenant, SecurityEvents events)
    {
        await next(context);
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null) return;
        var status = context.Response.StatusCode;
        var request = context.Request;
        var path = (request.PathBase + request.Path).ToString();
        // The response is written; the event must not turn a refusal into a failure, nor wait for a client that has gone.
        var cancellation = CancellationToken.None;
        if (status == StatusCodes.Status429TooManyRequests)
        {
            string? header = request.Headers.Authorization;
            var secret = header is { Length: > 7 } && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
            if (request.Path.StartsWithSegments(ApiServiceCollectionExtensions.Prefix) && ApiTokenSecrets.LooksLikeToken(secret)
                // Resolved here, not per request: only a refused token's organisation needs the door (and its database context).
                && await context.RequestServices.GetRequiredService<TenantDoor>().TenantOfApiTokenAsync(ApiTokenSecrets.Hash(secret!), cancellation) is { } tokenTenant)
            {
                await events.RateLimitedAsync(tokenTenant, "token:" + ApiTokenSecrets.Hash(secret!), "api-token", request.Method, path, cancellation);
                return;
            }
            var limit = request.Path.StartsWithSegments(ApiServiceCollectionExtensions.Prefix) ? "api-address" : "sign-in-and-sign-up";
            await events.RateLimitedAsync(null, "address:" + InvalidTokenThrottle.AddressOf(context), limit, request.Method, path, cancellation);
            return;
        }
        if (tenant is { TenantId: { } tenantId, UserId: { } userId } && IsAccessDenied(context))
        {
            var channel = request.Path.StartsWithSegments(ApiServiceCollectionExtensions.Prefix) ? "api" : "pages";
            await events.AccessDeniedAsync(tenantId, userId, request.Method, path, channel, cancellation);
        }
    }

    /// <summary>A 403, or the sign-in cookie's redirect to the 403 page (its address is absolute: the handler builds it so).</summary>
    private static bool IsAccessDenied(HttpContext context) =>
        context.Response.StatusCode == StatusCodes.Status403Forbidden
        || (context.Response.StatusCode == StatusCodes.Status302Found
            && Uri.TryCreate(new Uri("http://localhost"), context.Response.Headers.Location.ToString(), out var location)
            && location.AbsolutePath == AccessDeniedPath);

    public const string AccessDeniedPath = "/errors/403";
}
