using VendorRisk.Application.Vendors;
using VendorRisk.Domain.Vendors;

namespace VendorRisk.Web.Pages.Vendors;

/// <summary>The fields of a vendor, shared by the create and edit pages. The rules live in <see cref="VendorOperations"/>.</summary>
public sealed class VendorInput
{
    public string? LegalName { get; set; }
    public string? Website { get; set; }
    public string? Country { get; set; }
    public string? Description { get; set; }
    public Guid? BusinessOwnerUserId { get; set; }
    public BusinessCriticality Criticality { get; set; } = BusinessCriticality.Medium;

    public VendorDetails ToDetails() => new(LegalName, Website, Country, Description, BusinessOwnerUserId, Criticality);

    public static VendorInput From(VendorDto vendor) => new()
    {
        LegalName = vendor.LegalName, Website = vendor.Website, Country = vendor.Country, Description = vendor.Description,
        BusinessOwnerUserId = vendor.BusinessOwnerUserId, Criticality = vendor.Criticality,
    };
}
