using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Identity;

namespace VendorRisk.Infrastructure.Persistence.Configurations;

internal sealed class ContractConfiguration : IEntityTypeConfiguration<Contract>
{
    public void Configure(EntityTypeBuilder<Contract> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.Title).HasMaxLength(Contract.TitleMaxLength).IsRequired();
        b.Property(c => c.Reference).HasMaxLength(Contract.ReferenceMaxLength);
        b.Property(c => c.Value).HasPrecision(18, 2);
        b.Property(c => c.Currency).HasMaxLength(3);
        b.Ignore(c => c.NoticeDeadline);
        b.HasOne<Vendor>().WithMany().HasForeignKey(c => c.VendorId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(c => c.OwnerUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(c => new { c.TenantId, c.VendorId, c.StartsOn });
    }
}

internal sealed class ContractFileConfiguration : IEntityTypeConfiguration<ContractFile>
{
    public void Configure(EntityTypeBuilder<ContractFile> b)
    {
        b.HasKey(f => f.Id);
        b.Property(f => f.FileName).HasMaxLength(ContractFile.FileNameMaxLength).IsRequired();
        b.Property(f => f.ContentType).HasMaxLength(100).IsRequired();
        b.Property(f => f.Sha256).HasMaxLength(64).IsRequired();
        b.Property(f => f.StorageKey).HasMaxLength(100).IsRequired();
        b.HasOne<Contract>().WithMany().HasForeignKey(f => f.ContractId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(f => new { f.ContractId, f.UploadedAt });
        b.HasIndex(f => f.OccurrenceId);
    }
}

internal sealed class ObligationTypeConfiguration : IEntityTypeConfiguration<ObligationType>
{
    public void Configure(EntityTypeBuilder<ObligationType> b)
    {
        b.HasKey(t => t.Id);
        b.Property(t => t.Key).HasMaxLength(ObligationType.KeyMaxLength).IsRequired();
        b.Property(t => t.Name).HasMaxLength(ObligationType.NameMaxLength).IsRequired();
        b.Property(t => t.Description).HasMaxLength(ObligationType.DescriptionMaxLength);
        b.Property(t => t.DefaultRecurrence).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(t => new { t.TenantId, t.Key }).IsUnique();
    }
}

internal sealed class ObligationConfiguration : IEntityTypeConfiguration<Obligation>
{
    public void Configure(EntityTypeBuilder<Obligation> b)
    {
        b.HasKey(o => o.Id);
        b.Property(o => o.TypeKey).HasMaxLength(ObligationType.KeyMaxLength).IsRequired();
        b.Property(o => o.Title).HasMaxLength(Obligation.TitleMaxLength).IsRequired();
        b.Property(o => o.ClauseReference).HasMaxLength(Obligation.ClauseMaxLength);
        b.Property(o => o.Recurrence).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.ReminderPlan).HasMaxLength(Obligation.ReminderPlanMaxLength).IsRequired();
        b.Ignore(o => o.ReminderDays);
        b.HasOne<Contract>().WithMany().HasForeignKey(o => o.ContractId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(o => o.OwnerUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(o => new { o.TenantId, o.ContractId });
        b.HasIndex(o => new { o.TenantId, o.VendorId });
        b.HasIndex(o => new { o.TenantId, o.OwnerUserId });
    }
}

internal sealed class ObligationOccurrenceConfiguration : IEntityTypeConfiguration<ObligationOccurrence>
{
    public void Configure(EntityTypeBuilder<ObligationOccurrence> b)
    {
        b.HasKey(o => o.Id);
        b.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.Note).HasMaxLength(ObligationOccurrence.NoteMaxLength);
        b.HasOne<Obligation>().WithMany().HasForeignKey(o => o.ObligationId).OnDelete(DeleteBehavior.Cascade);
        // A successor is scheduled once: two people closing the same occurrence cannot both insert number n + 1.
        b.HasIndex(o => new { o.ObligationId, o.Sequence }).IsUnique();
        // The daily scan and the deadlines view: open occurrences of a tenant by due date.
        b.HasIndex(o => new { o.TenantId, o.Status, o.DueOn });
    }
}

internal sealed class ObligationReminderConfiguration : IEntityTypeConfiguration<ObligationReminder>
{
    public void Configure(EntityTypeBuilder<ObligationReminder> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.Step).HasMaxLength(ObligationReminder.StepMaxLength).IsRequired();
        b.HasOne<ObligationOccurrence>().WithMany().HasForeignKey(r => r.OccurrenceId).OnDelete(DeleteBehavior.Cascade);
        // The key of a reminder: one per occurrence, due date revision and step, whatever runs the job and how often.
        b.HasIndex(r => new { r.OccurrenceId, r.DueRevision, r.Step }).IsUnique();
    }
}

internal sealed class ContractReminderConfiguration : IEntityTypeConfiguration<ContractReminder>
{
    public void Configure(EntityTypeBuilder<ContractReminder> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.Kind).HasMaxLength(20).IsRequired();
        b.Property(r => r.Step).HasMaxLength(ContractReminder.StepMaxLength).IsRequired();
        b.HasOne<Contract>().WithMany().HasForeignKey(r => r.ContractId).OnDelete(DeleteBehavior.Cascade);
        // The key of a contract reminder: one per contract, kind, deadline and step.
        b.HasIndex(r => new { r.ContractId, r.Kind, r.DeadlineOn, r.Step }).IsUnique();
    }
}

internal sealed class CalendarFeedTokenConfiguration : IEntityTypeConfiguration<CalendarFeedToken>
{
    public void Configure(EntityTypeBuilder<CalendarFeedToken> b)
    {
        b.HasKey(t => t.Id);
        b.Property(t => t.TokenHash).HasMaxLength(CalendarFeedToken.HashLength).IsFixedLength().IsRequired();
        b.Ignore(t => t.IsActive);
        b.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => t.TokenHash).IsUnique();
        b.HasIndex(t => new { t.TenantId, t.UserId });
    }
}
