using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VendorRisk.Domain.Vendors;

namespace VendorRisk.Infrastructure.Persistence.Configurations;

internal sealed class PortfolioCounterConfiguration : IEntityTypeConfiguration<PortfolioCounter>
{
    public void Configure(EntityTypeBuilder<PortfolioCounter> b)
    {
        b.ToTable("PortfolioCounters");
        // The dashboard reads a tenant's counters by name prefix ("decisions/2026-"): a range of the key.
        b.HasKey(c => new { c.TenantId, c.Name });
        b.Property(c => c.Name).HasMaxLength(PortfolioCounter.NameMaxLength);
    }
}

internal sealed class PartyConcentrationConfiguration : IEntityTypeConfiguration<PartyConcentration>
{
    public void Configure(EntityTypeBuilder<PartyConcentration> b)
    {
        b.ToTable("PartyConcentrations");
        b.HasKey(p => new { p.TenantId, p.Kind, p.NameKey });
        b.Property(p => p.Kind).HasConversion<string>().HasMaxLength(40);
        b.Property(p => p.NameKey).HasMaxLength(AiSystemProfile.NameMaxLength);
        b.Property(p => p.Name).HasMaxLength(AiSystemProfile.NameMaxLength);
        b.HasIndex(p => new { p.TenantId, p.Kind, p.Vendors });
    }
}
