namespace VendorRisk.Domain.Tenancy;

/// <summary>What a person may do inside one tenant. A membership holds one or more of these.</summary>
[Flags]
public enum TenantRoles
{
    None = 0,
    TenantAdmin = 1,
    VendorManager = 2,
    Reviewer = 4,
    CommitteeMember = 8,
    /// <summary>Read-only access to everything in the tenant, for internal and external auditors.</summary>
    Auditor = 16,
    /// <summary>External: a vendor's staff member, bound to exactly one vendor of the tenant.</summary>
    VendorContact = 32,
}

public static class TenantRolesExtensions
{
    public const TenantRoles Internal =
        TenantRoles.TenantAdmin | TenantRoles.VendorManager | TenantRoles.Reviewer | TenantRoles.CommitteeMember | TenantRoles.Auditor;

    public static IEnumerable<TenantRoles> Each(this TenantRoles roles) =>
        Enum.GetValues<TenantRoles>().Where(r => r != TenantRoles.None && roles.HasFlag(r));

    public static bool HasAny(this TenantRoles roles, TenantRoles anyOf) => (roles & anyOf) != 0;

    public static string DisplayName(this TenantRoles role) => role switch
    {
        TenantRoles.TenantAdmin => "Tenant admin",
        TenantRoles.VendorManager => "Vendor manager",
        TenantRoles.Reviewer => "Reviewer",
        TenantRoles.CommitteeMember => "Committee member",
        TenantRoles.Auditor => "Auditor",
        TenantRoles.VendorContact => "Vendor contact",
        _ => string.Join(", ", role.Each().Select(DisplayName)),
    };
}
