using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Identity;

namespace VendorRisk.Infrastructure.Persistence.Configurations;

internal sealed class TenantSecurityPolicyConfiguration : IEntityTypeConfiguration<TenantSecurityPolicy>
{
    public void Configure(EntityTypeBuilder<TenantSecurityPolicy> b)
    {
        b.HasKey(p => p.Id);
        b.Property(p => p.Mfa).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.AllowedInvitationDomains).HasMaxLength(TenantSecurityPolicy.DomainsMaxLength).IsRequired();
        b.Ignore(p => p.Domains);
        b.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => p.TenantId).IsUnique();
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> b)
    {
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.UserAgent).HasMaxLength(UserSession.UserAgentMaxLength).IsRequired();
        b.Property(s => s.IpAddress).HasMaxLength(UserSession.AddressMaxLength).IsRequired();
        b.Property(s => s.EndReason).HasMaxLength(40);
        b.Property(s => s.SecurityStamp).HasMaxLength(UserSession.StampMaxLength).IsRequired();
        b.HasOne<AppUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.UserId, s.EndedAt });
    }
}
