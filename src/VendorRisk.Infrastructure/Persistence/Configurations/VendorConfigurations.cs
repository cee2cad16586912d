using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;

namespace VendorRisk.Infrastructure.Persistence.Configurations;

internal sealed class VendorConfiguration : IEntityTypeConfiguration<Vendor>
{
    public void Configure(EntityTypeBuilder<Vendor> b)
    {
        b.HasKey(v => v.Id);
        b.Property(v => v.LegalName).HasMaxLength(Vendor.LegalNameMaxLength).IsRequired();
        b.Property(v => v.Website).HasMaxLength(Vendor.WebsiteMaxLength);
        b.Property(v => v.Country).HasMaxLength(2);
        b.Property(v => v.Description).HasMaxLength(Vendor.DescriptionMaxLength);
        b.Property(v => v.Status).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(v => new { v.TenantId, v.LegalName }).IsUnique();
        b.HasOne<Tenant>().WithMany().HasForeignKey(v => v.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
