using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VendorRisk.Domain.Coverage;
using VendorRisk.Domain.Vendors;

namespace VendorRisk.Infrastructure.Persistence.Configurations;

internal sealed class CoverageSnapshotConfiguration : IEntityTypeConfiguration<CoverageSnapshot>
{
    public void Configure(EntityTypeBuilder<CoverageSnapshot> b)
    {
        b.ToTable("CoverageSnapshots");
        b.HasKey(s => s.Id);
        b.Property(s => s.Stamp).HasMaxLength(CoverageSnapshot.StampMaxLength);
        b.HasOne<Vendor>().WithMany().HasForeignKey(s => s.VendorId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.TenantId, s.VendorId }).IsUnique();
    }
}

internal sealed class CoverageEntryConfiguration : IEntityTypeConfiguration<CoverageEntry>
{
    public void Configure(EntityTypeBuilder<CoverageEntry> b)
    {
        b.ToTable("CoverageEntries");
        b.HasKey(e => e.Id);
        b.Property(e => e.ControlId).HasMaxLength(CoverageEntry.ControlIdMaxLength);
        b.Property(e => e.Framework).HasMaxLength(CoverageEntry.ControlIdMaxLength);
        b.HasOne<Vendor>().WithMany().HasForeignKey(e => e.VendorId).OnDelete(DeleteBehavior.Cascade);
        // The portfolio counts per control and status; a vendor's rows are replaced as a whole.
        b.HasIndex(e => new { e.TenantId, e.ControlId, e.Status });
        b.HasIndex(e => new { e.TenantId, e.VendorId, e.ControlId }).IsUnique();
    }
}
