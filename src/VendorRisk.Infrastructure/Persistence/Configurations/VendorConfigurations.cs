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
        b.Property(v => v.Criticality).HasConversion<string>().HasMaxLength(20);
        b.Property(v => v.InherentTier).HasConversion<string>().HasMaxLength(20);
        b.Property(v => v.ComputedTier).HasConversion<string>().HasMaxLength(20);
        b.Property(v => v.TierOverrideJustification).HasMaxLength(2000);
        // Status then tier: the list's status filter uses the prefix, and its status + tier filter counts from the index
        // alone instead of reading every vendor of the status (docs/benchmarks.md, "Portfolio at scale").
        b.HasIndex(v => new { v.TenantId, v.Status, v.InherentTier });
        b.HasIndex(v => new { v.TenantId, v.InherentTier });
        b.HasIndex(v => new { v.TenantId, v.BusinessOwnerUserId });
        // The portfolio dashboard and the vendor list's residual filter read the denormalised current decision (ADR-015).
        b.Property(v => v.DecisionStatus).HasConversion<string>().HasMaxLength(30);
        b.HasIndex(v => new { v.TenantId, v.ResidualLikelihood, v.ResidualImpact });
        b.HasIndex(v => new { v.TenantId, v.DecisionStatus });
        b.HasOne<Identity.AppUser>().WithMany().HasForeignKey(v => v.BusinessOwnerUserId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(v => new { v.TenantId, v.LegalName }).IsUnique();
        b.HasOne<Tenant>().WithMany().HasForeignKey(v => v.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class VendorContactConfiguration : IEntityTypeConfiguration<VendorContact>
{
    public void Configure(EntityTypeBuilder<VendorContact> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.Name).HasMaxLength(VendorContact.NameMaxLength).IsRequired();
        b.Property(c => c.Email).HasMaxLength(VendorContact.EmailMaxLength).IsRequired();
        b.Property(c => c.JobTitle).HasMaxLength(VendorContact.JobTitleMaxLength);
        b.HasOne<Vendor>().WithMany().HasForeignKey(c => c.VendorId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.VendorId, c.Email }).IsUnique();
    }
}

internal sealed class AiSystemConfiguration : IEntityTypeConfiguration<AiSystem>
{
    public void Configure(EntityTypeBuilder<AiSystem> b)
    {
        b.HasKey(s => s.Id);
        b.Property(s => s.Name).HasMaxLength(AiSystemProfile.NameMaxLength).IsRequired();
        b.Property(s => s.ProfileJson).IsRequired();
        b.Ignore(s => s.Profile);
        b.HasOne<Vendor>().WithMany().HasForeignKey(s => s.VendorId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(s => s.Revisions).WithOne().HasForeignKey(r => r.AiSystemId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(s => s.Dependencies).WithOne().HasForeignKey(d => d.AiSystemId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(s => s.Revisions).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(s => s.Dependencies).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class AiSystemRevisionConfiguration : IEntityTypeConfiguration<AiSystemRevision>
{
    public void Configure(EntityTypeBuilder<AiSystemRevision> b)
    {
        b.HasKey(r => r.Id);
        b.Ignore(r => r.Changes);
        b.HasIndex(r => new { r.AiSystemId, r.Number }).IsUnique();
        b.HasIndex(r => new { r.TenantId, r.IsMaterial, r.ChangedAt });
    }
}

internal sealed class AiSystemDependencyConfiguration : IEntityTypeConfiguration<AiSystemDependency>
{
    public void Configure(EntityTypeBuilder<AiSystemDependency> b)
    {
        b.HasKey(d => d.Id);
        b.Property(d => d.Kind).HasConversion<string>().HasMaxLength(40);
        b.Property(d => d.Name).HasMaxLength(AiSystemProfile.NameMaxLength).IsRequired();
        b.Property(d => d.NameKey).HasMaxLength(AiSystemProfile.NameMaxLength).IsRequired();
        // Recounting one party's vendors (ADR-019) reads this index alone.
        b.HasIndex(d => new { d.TenantId, d.Kind, d.NameKey, d.VendorId });
    }
}
