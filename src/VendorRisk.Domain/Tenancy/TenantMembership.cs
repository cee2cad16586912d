using VendorRisk.Domain.Common;

namespace VendorRisk.Domain.Tenancy;

/// <summary>
/// A person's place in one tenant: their roles there, and for a vendor contact the vendor they speak for.
/// One person may hold memberships in several tenants; each is separate.
/// </summary>
public sealed class TenantMembership : ITenantOwned, IVersioned
{
    private TenantMembership() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid UserId { get; private set; }
    public TenantRoles Roles { get; private set; }
    /// <summary>Set only for vendor contacts: the one vendor of this tenant they may see.</summary>
    public Guid? VendorId { get; private set; }
    public bool IsDisabled { get; private set; }
    /// <summary>Reviewer specialisms; they count only while the membership holds the Reviewer role.</summary>
    public ReviewerSpecialisms Specialisms { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; set; }

    public static TenantMembership Create(Guid tenantId, Guid userId, TenantRoles roles, DateTimeOffset now, Guid? vendorId = null)
    {
        EnsureValid(roles, vendorId);
        return new TenantMembership
        {
            Id = Ids.New(), TenantId = tenantId, UserId = userId, Roles = roles, VendorId = vendorId, CreatedAt = now,
        };
    }

    public void ChangeRoles(TenantRoles roles)
    {
        EnsureValid(roles, VendorId);
        Roles = roles;
    }

    /// <summary>Adds a role to an existing membership (a second invitation to the same tenant).</summary>
    public void Grant(TenantRoles role, Guid? vendorId)
    {
        if (role == TenantRoles.VendorContact || Roles == TenantRoles.VendorContact)
        {
            if (Roles != role || VendorId != vendorId)
                throw new DomainException("A vendor contact cannot hold internal roles or speak for a second vendor in the same organisation.");
            return;
        }
        ChangeRoles(Roles | role);
    }

    /// <summary>Sets what this member reviews (security, privacy, AI governance). Vendor contacts have none.</summary>
    public void ChangeSpecialisms(ReviewerSpecialisms specialisms)
    {
        if ((specialisms & ~ReviewerSpecialismsExtensions.All) != 0) throw new DomainException("Choose among the listed specialisms.");
        if (Roles == TenantRoles.VendorContact && specialisms != ReviewerSpecialisms.None)
            throw new DomainException("A vendor contact is external and cannot hold reviewer specialisms.");
        Specialisms = specialisms;
    }

    public void Disable()
    {
        if (IsDisabled) throw new DomainException("This user is already disabled.");
        IsDisabled = true;
    }

    public void Enable()
    {
        if (!IsDisabled) throw new DomainException("This user is already active.");
        IsDisabled = false;
    }

    private static void EnsureValid(TenantRoles roles, Guid? vendorId)
    {
        if (roles == TenantRoles.None) throw new DomainException("Choose at least one role.");
        if (roles.HasFlag(TenantRoles.VendorContact))
        {
            if (roles != TenantRoles.VendorContact)
                throw new DomainException("A vendor contact is external and cannot hold internal roles.");
            if (vendorId is null) throw new DomainException("A vendor contact must be bound to a vendor.");
        }
        else if (vendorId is not null)
        {
            throw new DomainException("Only vendor contacts are bound to a vendor.");
        }
    }
}
