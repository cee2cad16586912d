using System.ComponentModel.DataAnnotations;
using VendorRisk.Domain.Vendors;

namespace VendorRisk.Web.Pages.Vendors;

/// <summary>The fields of a vendor, shared by the create and edit pages.</summary>
public sealed class VendorInput
{
    [Required(ErrorMessage = "Enter the vendor's legal name.")]
    [StringLength(Vendor.LegalNameMaxLength, ErrorMessage = "Use at most {1} characters.")]
    [Display(Name = "Legal name")]
    public string LegalName { get; set; } = "";

    [StringLength(Vendor.WebsiteMaxLength, ErrorMessage = "Use at most {1} characters.")]
    [Url(ErrorMessage = "Enter a full address starting with https://.")]
    public string? Website { get; set; }

    [RegularExpression("^[A-Za-z]{2}$", ErrorMessage = "Use the two-letter country code, such as DE or US.")]
    public string? Country { get; set; }

    [StringLength(Vendor.DescriptionMaxLength, ErrorMessage = "Use at most {1} characters.")]
    public string? Description { get; set; }

    [Display(Name = "Business owner")]
    public Guid? BusinessOwnerUserId { get; set; }

    public BusinessCriticality Criticality { get; set; } = BusinessCriticality.Medium;

    public string? CountryCode => string.IsNullOrWhiteSpace(Country) ? null : Country.Trim().ToUpperInvariant();
}
