namespace VendorRisk.Domain.Tenancy;

/// <summary>
/// Marks an entity that belongs to exactly one tenant. The data layer filters every query on it by the
/// current tenant and refuses to save it under any other tenant.
/// </summary>
public interface ITenantOwned
{
    Guid TenantId { get; }
}
