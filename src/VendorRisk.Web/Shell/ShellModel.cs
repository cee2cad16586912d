using System.Security.Claims;
using VendorRisk.Application.Tenancy;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Shell;

/// <summary>What the layout needs: who is signed in, which tenants they can switch to, and the current one.</summary>
public sealed class ShellModel(TenantDoor door, TenantContext tenant, IHttpContextAccessor http)
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
        return _memberships = await door.MembershipsOfAsync(userId, http.HttpContext!.RequestAborted);
    }
}
