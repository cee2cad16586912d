using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VendorRisk.Domain.Incidents;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;

namespace VendorRisk.Infrastructure.Persistence.Configurations;

internal sealed class ReassessmentPolicyConfiguration : IEntityTypeConfiguration<ReassessmentPolicy>
{
    public void Configure(EntityTypeBuilder<ReassessmentPolicy> b)
    {
        b.HasKey(p => p.Id);
        b.Property(p => p.Mode).HasConversion<string>().HasMaxLength(30);
        b.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => p.TenantId).IsUnique();
    }
}

internal sealed class ReassessmentScheduleConfiguration : IEntityTypeConfiguration<ReassessmentSchedule>
{
    public void Configure(EntityTypeBuilder<ReassessmentSchedule> b)
    {
        b.HasKey(s => s.Id);
        b.Property(s => s.Tier).HasConversion<string>().HasMaxLength(20);
        b.Ignore(s => s.DueToAcceptanceExpiry);
        b.HasOne<Vendor>().WithMany().HasForeignKey(s => s.VendorId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => s.VendorId).IsUnique();
        // The dashboard counts schedules due in the next 90 days per vendor status: the vendor id comes from the index.
        b.HasIndex(s => new { s.TenantId, s.DueOn, s.VendorId });
    }
}

internal sealed class ReassessmentOccurrenceConfiguration : IEntityTypeConfiguration<ReassessmentOccurrence>
{
    public void Configure(EntityTypeBuilder<ReassessmentOccurrence> b)
    {
        b.HasKey(o => o.Id);
        b.Property(o => o.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.Note).HasMaxLength(ReassessmentOccurrence.NoteMaxLength);
        b.HasOne<Vendor>().WithMany().HasForeignKey(o => o.VendorId).OnDelete(DeleteBehavior.Cascade);
        // Exactly once per vendor and due date, whatever runs concurrently.
        b.HasIndex(o => new { o.TenantId, o.VendorId, o.DueOn }).IsUnique();
    }
}

internal sealed class ReviewProposalConfiguration : IEntityTypeConfiguration<ReviewProposal>
{
    public void Configure(EntityTypeBuilder<ReviewProposal> b)
    {
        b.HasKey(p => p.Id);
        b.Property(p => p.Trigger).HasConversion<string>().HasMaxLength(30);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.SourceKey).HasMaxLength(ReviewProposal.SourceKeyMaxLength).IsRequired();
        b.Property(p => p.Reason).HasMaxLength(ReviewProposal.ReasonMaxLength).IsRequired();
        b.Property(p => p.DismissalReason).HasMaxLength(ReviewProposal.DismissalReasonMaxLength);
        b.HasOne<Vendor>().WithMany().HasForeignKey(p => p.VendorId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.TenantId, p.VendorId, p.Trigger, p.SourceKey }).IsUnique();
        b.HasIndex(p => new { p.TenantId, p.Status, p.CreatedAt });
    }
}

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> b)
    {
        b.HasKey(i => i.Id);
        b.Property(i => i.Type).HasConversion<string>().HasMaxLength(30);
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.Title).HasMaxLength(Incident.TitleMaxLength).IsRequired();
        b.Property(i => i.Description).HasMaxLength(Incident.TextMaxLength);
        b.Property(i => i.DataAffected).HasMaxLength(Incident.TextMaxLength);
        b.Property(i => i.ActionsTaken).HasMaxLength(Incident.TextMaxLength);
        b.Property(i => i.LessonsLearned).HasMaxLength(Incident.TextMaxLength);
        b.Property(i => i.AiSystemIdsJson).HasMaxLength(4000).IsRequired();
        b.Property(i => i.NotificationWindowSource).HasMaxLength(Incident.WindowSourceMaxLength).IsRequired();
        b.Ignore(i => i.AiSystemIds);
        b.Ignore(i => i.NotificationDelay);
        b.Ignore(i => i.ReportedLate);
        b.Ignore(i => i.HoursLate);
        b.HasOne<Vendor>().WithMany().HasForeignKey(i => i.VendorId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(i => new { i.TenantId, i.Status, i.ReportedAt });
        b.HasIndex(i => new { i.TenantId, i.VendorId, i.ReportedAt });
    }
}
