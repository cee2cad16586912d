using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Shell;

public sealed record MembershipLink(string Slug, string TenantName, TenantRoles Roles);

/// <summary>What the layout needs: who is signed in, which tenants they can switch to, and the current one.</summary>
public sealed class ShellModel(AppDbContext db, TenantContext tenant, IHttpContextAccessor http)
{
    private IReadOnlyList<MembershipLink>? _memberships;

    public TenantContext Tenant => tenant;

    public bool IsSignedIn => http.HttpContext?.User.Identity?.IsAuthenticated == true;

    public string? UserName => http.HttpContext?.User.Identity?.Name;

    public bool IsOperator(string role) => http.HttpContext?.User.IsInRole(role) == true;

    /// <summary>The signed-in user's own active memberships, across tenants, for the switcher.</summary>
    public async Task<IReadOnlyList<MembershipLink>> MembershipsAsync()
    {
        if (_memberships is not null) return _memberships;
        if (!Guid.TryParse(http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
            return _memberships = [];
        _memberships = await db.Memberships.IgnoreQueryFilters()
            .Where(m => m.UserId == userId && !m.IsDisabled)
            .Join(db.Tenants, m => m.TenantId, t => t.Id, (m, t) => new { t.Slug, t.Name, m.Roles })
            .OrderBy(l => l.Name)
            .Select(l => new MembershipLink(l.Slug, l.Name, l.Roles))
            .ToListAsync();
        return _memberships;
    }
}
