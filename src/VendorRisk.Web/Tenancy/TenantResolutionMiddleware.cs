using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Tenancy;

/// <summary>
/// Resolves <c>/t/{tenant}/...</c> against the signed-in user's memberships. A tenant that does not exist and
/// one the user does not belong to (or is disabled in) answer the same 404, so the URL is no existence oracle.
/// Anonymous requests pass through: authorisation then sends them to sign in, whatever the slug.
/// </summary>
public sealed class TenantResolutionMiddleware(RequestDelegate next)
{
    public const string RouteKey = "tenant";

    public async Task InvokeAsync(HttpContext context, AppDbContext db, TenantContext tenant)
    {
        if (context.GetRouteValue(RouteKey) is string slug && context.User.Identity?.IsAuthenticated == true
            && Guid.TryParse(context.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            // Memberships are tenant-owned and no tenant is set yet: this is the one place that looks across
            // tenants, and only for the signed-in user's own membership.
            var membership = await db.Memberships.IgnoreQueryFilters()
                .Where(m => m.UserId == userId && !m.IsDisabled)
                .Join(db.Tenants.Where(t => t.Slug == slug), m => m.TenantId, t => t.Id,
                    (m, t) => new { t.Id, t.Slug, t.Name, MembershipId = m.Id, m.Roles, m.VendorId })
                .SingleOrDefaultAsync(context.RequestAborted);
            if (membership is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            tenant.EnterAsMember(membership.Id, membership.Slug, membership.Name, userId, membership.MembershipId, membership.Roles, membership.VendorId);
        }
        await next(context);
    }
}
