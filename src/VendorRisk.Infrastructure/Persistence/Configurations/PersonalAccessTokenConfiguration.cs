using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VendorRisk.Domain.Api;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Identity;

namespace VendorRisk.Infrastructure.Persistence.Configurations;

internal sealed class PersonalAccessTokenConfiguration : IEntityTypeConfiguration<PersonalAccessToken>
{
    public void Configure(EntityTypeBuilder<PersonalAccessToken> b)
    {
        b.HasKey(t => t.Id);
        b.Property(t => t.Name).HasMaxLength(PersonalAccessToken.NameMaxLength).IsRequired();
        b.Property(t => t.Scope).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.TokenHash).HasMaxLength(PersonalAccessToken.HashLength).IsRequired();
        b.Property(t => t.DisplayPrefix).HasMaxLength(PersonalAccessToken.DisplayPrefixLength).IsRequired();
        // Every API request looks its token up by hash.
        b.HasIndex(t => t.TokenHash).IsUnique();
        b.HasIndex(t => new { t.TenantId, t.UserId });
        b.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
