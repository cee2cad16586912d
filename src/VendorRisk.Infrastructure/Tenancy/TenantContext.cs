using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Infrastructure.Tenancy;

/// <summary>
/// The tenant the current request or job acts for. Set once per scope: by the tenant-resolution middleware
/// from the URL and the user's membership, or by a job from its arguments. Unset means no tenant-owned
/// row can be read or written.
/// </summary>
public sealed class TenantContext
{
    public Guid? TenantId { get; private set; }
    public string? Slug { get; private set; }
    public string? TenantName { get; private set; }
    public Guid? UserId { get; private set; }
    public Guid? MembershipId { get; private set; }
    public TenantRoles Roles { get; private set; }
    public Guid? VendorId { get; private set; }

    public bool IsSet => TenantId is not null;

    /// <summary>A job or system flow acting inside the tenant, with no person behind it.</summary>
    public bool IsSystem => TenantId is not null && UserId is null;

    public bool HasAnyRole(TenantRoles anyOf) => Roles.HasAny(anyOf);

    public void EnterAsMember(Guid tenantId, string slug, string tenantName, Guid userId, Guid membershipId, TenantRoles roles, Guid? vendorId)
    {
        EnsureUnset(tenantId);
        (TenantId, Slug, TenantName, UserId, MembershipId, Roles, VendorId) = (tenantId, slug, tenantName, userId, membershipId, roles, vendorId);
    }

    /// <summary>For background jobs and system work inside a tenant: no user, no roles.</summary>
    public void EnterAsSystem(Guid tenantId)
    {
        EnsureUnset(tenantId);
        TenantId = tenantId;
    }

    private void EnsureUnset(Guid tenantId)
    {
        if (TenantId is not null && TenantId != tenantId)
            throw new InvalidOperationException("This scope already acts for another tenant; start a new scope.");
    }
}
