using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VendorRisk.Domain.Reports;
using VendorRisk.Infrastructure.Identity;

namespace VendorRisk.Infrastructure.Persistence.Configurations;

internal sealed class ExportJobConfiguration : IEntityTypeConfiguration<ExportJob>
{
    public void Configure(EntityTypeBuilder<ExportJob> b)
    {
        b.ToTable("ExportJobs");
        b.HasKey(j => j.Id);
        b.Property(j => j.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(j => j.Format).HasConversion<string>().HasMaxLength(10);
        b.Property(j => j.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(j => j.StorageKey).HasMaxLength(100);
        b.Property(j => j.FileName).HasMaxLength(ExportJob.FileNameMaxLength);
        b.Property(j => j.Error).HasMaxLength(ExportJob.ErrorMaxLength);
        b.Ignore(j => j.IsFinished);
        b.HasOne<AppUser>().WithMany().HasForeignKey(j => j.RequestedByUserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(j => new { j.TenantId, j.RequestedByUserId, j.CreatedAt });
    }
}
