using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Vendors;

public enum VendorStatus
{
    Prospect,
    Onboarding,
    Active,
    Offboarded,
}

/// <summary>A third party that supplies AI systems to the tenant.</summary>
public sealed class Vendor : ITenantOwned, IVersioned
{
    public const int LegalNameMaxLength = 200;
    public const int WebsiteMaxLength = 300;
    public const int DescriptionMaxLength = 4000;

    private Vendor() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public string LegalName { get; private set; } = "";
    public string? Website { get; private set; }
    /// <summary>ISO 3166-1 alpha-2.</summary>
    public string? Country { get; private set; }
    public string? Description { get; private set; }
    public VendorStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public int Version { get; set; }

    public static Vendor Create(string legalName, string? website, string? country, string? description, DateTimeOffset now)
    {
        var vendor = new Vendor { Id = Ids.New(), Status = VendorStatus.Prospect, CreatedAt = now };
        vendor.UpdateDetails(legalName, website, country, description);
        return vendor;
    }

    public void UpdateDetails(string legalName, string? website, string? country, string? description)
    {
        if (string.IsNullOrWhiteSpace(legalName) || legalName.Length > LegalNameMaxLength)
            throw new DomainException($"The legal name must have 1 to {LegalNameMaxLength} characters.");
        if (country is not null && (country.Length != 2 || !country.All(char.IsAsciiLetterUpper)))
            throw new DomainException("The country must be a two-letter ISO code, such as DE or US.");
        LegalName = legalName.Trim();
        Website = string.IsNullOrWhiteSpace(website) ? null : website.Trim();
        Country = country;
        Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
    }

    public void StartOnboarding() => Move(VendorStatus.Onboarding, from: VendorStatus.Prospect);

    public void Activate() => Move(VendorStatus.Active, from: VendorStatus.Onboarding);

    public void Offboard()
    {
        if (Status == VendorStatus.Offboarded) throw new DomainException("This vendor is already offboarded.");
        Status = VendorStatus.Offboarded;
    }

    private void Move(VendorStatus to, VendorStatus from)
    {
        if (Status != from)
            throw new DomainException($"A vendor can move to {to} only from {from}; this one is {Status}.");
        Status = to;
    }
}
