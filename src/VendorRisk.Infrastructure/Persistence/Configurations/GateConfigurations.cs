using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Identity;

namespace VendorRisk.Infrastructure.Persistence.Configurations;

internal sealed class DecisionGatePolicyConfiguration : IEntityTypeConfiguration<DecisionGatePolicy>
{
    public void Configure(EntityTypeBuilder<DecisionGatePolicy> b)
    {
        b.HasKey(p => p.Id);
        b.Property(p => p.BlockingSeverity).HasConversion<string>().HasMaxLength(20);
        b.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => p.TenantId).IsUnique();
    }
}

internal sealed class DecisionConditionConfiguration : IEntityTypeConfiguration<DecisionCondition>
{
    public void Configure(EntityTypeBuilder<DecisionCondition> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.OwnerKind).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(30);
        b.Property(c => c.Text).HasMaxLength(DecisionCondition.TextMaxLength).IsRequired();
        b.Property(c => c.ClosureEvidence).HasMaxLength(DecisionCondition.NoteMaxLength);
        b.Property(c => c.VerifierNote).HasMaxLength(DecisionCondition.NoteMaxLength);
        b.Ignore(c => c.OwnedByVendor);
        b.HasOne<Assessment>().WithMany().HasForeignKey(c => c.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(c => c.OwnerUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Domain.Evidence.EvidenceRecord>().WithMany().HasForeignKey(c => c.ClosureEvidenceRecordId).OnDelete(DeleteBehavior.NoAction);
        b.HasIndex(c => new { c.TenantId, c.AssessmentId });
        b.HasIndex(c => new { c.TenantId, c.VendorId, c.Status });
        b.HasIndex(c => new { c.TenantId, c.Status, c.DueOn });
    }
}
