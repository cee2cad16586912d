using VendorRisk.Domain.Common;
using VendorRisk.Domain.Vendors;

namespace VendorRisk.Domain.Tests.Vendors;

public class VendorTests
{
    private static Vendor NewVendor() => Vendor.Create("Lumen AI Ltd", "https://lumen.example", "GB", null, DateTimeOffset.UnixEpoch);

    [Fact]
    public void A_vendor_moves_from_prospect_through_onboarding_to_active()
    {
        var v = NewVendor();
        Assert.Equal(VendorStatus.Prospect, v.Status);
        v.StartOnboarding();
        v.Activate();
        Assert.Equal(VendorStatus.Active, v.Status);
    }

    [Fact]
    public void Illegal_transitions_are_refused_with_a_message_naming_the_states()
    {
        var v = NewVendor();
        var error = Assert.Throws<DomainException>(v.Activate);
        Assert.Contains("Onboarding", error.Message, StringComparison.Ordinal);
        v.Offboard();
        Assert.Throws<DomainException>(v.Offboard);
        Assert.Throws<DomainException>(v.StartOnboarding);
    }

    [Theory]
    [InlineData("", "GB")]
    [InlineData("Valid Ltd", "gb")]
    [InlineData("Valid Ltd", "GBR")]
    public void Invalid_details_are_refused(string legalName, string country) =>
        Assert.Throws<DomainException>(() => Vendor.Create(legalName, null, country, null, DateTimeOffset.UnixEpoch));
}
