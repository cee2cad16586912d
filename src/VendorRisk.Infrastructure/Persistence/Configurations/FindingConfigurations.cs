using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Findings;
using VendorRisk.Infrastructure.Identity;

namespace VendorRisk.Infrastructure.Persistence.Configurations;

internal sealed class ReviewFindingConfiguration : IEntityTypeConfiguration<ReviewFinding>
{
    public void Configure(EntityTypeBuilder<ReviewFinding> b)
    {
        b.HasKey(f => f.Id);
        b.Property(f => f.Severity).HasConversion<string>().HasMaxLength(20);
        b.Property(f => f.Treatment).HasConversion<string>().HasMaxLength(20);
        b.Property(f => f.OwnerKind).HasConversion<string>().HasMaxLength(20);
        b.Property(f => f.Status).HasConversion<string>().HasMaxLength(30);
        b.Property(f => f.Title).HasMaxLength(ReviewFinding.TitleMaxLength).IsRequired();
        b.Property(f => f.Description).HasMaxLength(ReviewFinding.TextMaxLength);
        b.Property(f => f.TreatmentPlan).HasMaxLength(ReviewFinding.TextMaxLength);
        b.Property(f => f.RemediationPlan).HasMaxLength(ReviewFinding.TextMaxLength);
        b.Property(f => f.ResolutionNote).HasMaxLength(ReviewFinding.NoteMaxLength);
        b.Property(f => f.LinkedItemIdsJson).HasMaxLength(8000).IsRequired();
        b.Ignore(f => f.LinkedItemIds);
        b.Ignore(f => f.IsOpen);
        b.Ignore(f => f.OwnedByVendor);
        b.Ignore(f => f.VendorMayAnswer);
        b.HasOne<Assessment>().WithMany().HasForeignKey(f => f.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(f => f.RaisedByUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(f => f.OwnerUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(f => new { f.TenantId, f.AssessmentId, f.Status });
        b.HasIndex(f => new { f.TenantId, f.OwnerUserId, f.Status });
        b.HasIndex(f => f.InstanceId);
        b.HasIndex(f => new { f.TenantId, f.Status, f.DueOn });
    }
}
