using System.Security.Claims;
using VendorRisk.Application.Tenancy;

namespace VendorRisk.Web.Tenancy;

/// <summary>
/// Resolves <c>/t/{tenant}/...</c> against the signed-in user's memberships through the tenant door. A tenant that does not exist
/// and one the user does not belong to (or is disabled in) answer the same 404, so the URL is no existence oracle. Anonymous
/// requests pass through: authorisation then sends them to sign in, whatever the slug.
/// </summary>
public sealed class TenantResolutionMiddleware(RequestDelegate next)
{
    public const string RouteKey = "tenant";

    public async Task InvokeAsync(HttpContext context, TenantDoor door)
    {
        if (context.GetRouteValue(RouteKey) is string slug && context.User.Identity?.IsAuthenticated == true
            && Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)
            && !await door.EnterAsMemberAsync(slug, userId, context.RequestAborted))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        await next(context);
    }
}
