using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Reviews;

namespace VendorRisk.Infrastructure.Persistence.Configurations;

internal sealed class WorkflowInstanceConfiguration : IEntityTypeConfiguration<WorkflowInstance>
{
    public void Configure(EntityTypeBuilder<WorkflowInstance> b)
    {
        b.HasKey(i => i.Id);
        b.Property(i => i.DefinitionId).HasMaxLength(WorkflowInstance.DefinitionIdMaxLength).IsRequired();
        b.Property(i => i.DefinitionHash).HasMaxLength(WorkflowInstance.HashMaxLength).IsRequired();
        b.Property(i => i.StateJson).IsRequired();
        b.Property(i => i.Status).HasMaxLength(20).IsRequired();
        b.Property(i => i.CurrentActivityId).HasMaxLength(WorkflowTask.ActivityIdMaxLength);
        b.Property(i => i.Result).HasMaxLength(30);
        b.Property(i => i.ResidualRisk).HasMaxLength(20);
        b.HasOne<Assessment>().WithMany().HasForeignKey(i => i.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        // One review per assessment: two concurrent "start review" clicks cannot both insert.
        b.HasIndex(i => i.AssessmentId).IsUnique();
    }
}

internal sealed class WorkflowTaskConfiguration : IEntityTypeConfiguration<WorkflowTask>
{
    public void Configure(EntityTypeBuilder<WorkflowTask> b)
    {
        b.HasKey(t => t.Id);
        b.Property(t => t.TaskId).HasMaxLength(WorkflowTask.TaskIdMaxLength).IsRequired();
        b.Property(t => t.ActivityId).HasMaxLength(WorkflowTask.ActivityIdMaxLength).IsRequired();
        b.Property(t => t.Kind).HasMaxLength(20).IsRequired();
        b.Property(t => t.Title).HasMaxLength(WorkflowTask.TitleMaxLength).IsRequired();
        b.Property(t => t.Note).HasMaxLength(2000);
        b.Property(t => t.AssigneeRole).HasMaxLength(WorkflowTask.RoleMaxLength);
        b.Property(t => t.EscalatedToRole).HasMaxLength(WorkflowTask.RoleMaxLength);
        b.Property(t => t.Outcome).HasMaxLength(60);
        b.Property(t => t.IdempotencyKey).HasMaxLength(100);
        b.Property(t => t.Comment).HasMaxLength(4000);
        b.Ignore(t => t.IsOpen);
        b.HasOne<WorkflowInstance>().WithMany().HasForeignKey(t => t.InstanceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => new { t.InstanceId, t.TaskId }).IsUnique();
        b.HasIndex(t => new { t.TenantId, t.AssigneeUserId, t.Outcome });
        // Reviewer selection at a review's start: open load per assignee, and the newest task of an activity (round robin).
        b.HasIndex(t => new { t.TenantId, t.Outcome, t.AssigneeUserId });
        b.HasIndex(t => new { t.TenantId, t.ActivityId, t.CreatedAt });
    }
}

internal sealed class WorkflowVoteConfiguration : IEntityTypeConfiguration<WorkflowVote>
{
    public void Configure(EntityTypeBuilder<WorkflowVote> b)
    {
        b.HasKey(v => v.Id);
        b.Property(v => v.Vote).HasMaxLength(30).IsRequired();
        b.Property(v => v.Conditions).HasMaxLength(WorkflowVote.TextMaxLength);
        b.Property(v => v.ConditionsOwner).HasMaxLength(200);
        b.Property(v => v.Reason).HasMaxLength(WorkflowVote.TextMaxLength);
        b.HasOne<WorkflowTask>().WithMany().HasForeignKey(v => v.WorkflowTaskId).OnDelete(DeleteBehavior.Cascade);
        // Each member votes once per vote, also when two submissions race.
        b.HasIndex(v => new { v.WorkflowTaskId, v.VoterUserId }).IsUnique();
    }
}

internal sealed class WorkflowTimerConfiguration : IEntityTypeConfiguration<WorkflowTimer>
{
    public void Configure(EntityTypeBuilder<WorkflowTimer> b)
    {
        b.HasKey(t => t.Id);
        b.Property(t => t.TimerId).HasMaxLength(WorkflowTask.TaskIdMaxLength).IsRequired();
        b.Property(t => t.TaskId).HasMaxLength(WorkflowTask.TaskIdMaxLength).IsRequired();
        b.Property(t => t.Purpose).HasMaxLength(30).IsRequired();
        b.Ignore(t => t.IsPending);
        b.HasOne<WorkflowInstance>().WithMany().HasForeignKey(t => t.InstanceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => new { t.InstanceId, t.TimerId }).IsUnique();
        b.HasIndex(t => new { t.FiredAt, t.CancelledAt, t.DueAt });
    }
}

internal sealed class WorkflowJournalEntryConfiguration : IEntityTypeConfiguration<WorkflowJournalEntry>
{
    public void Configure(EntityTypeBuilder<WorkflowJournalEntry> b)
    {
        b.HasKey(j => j.Id);
        b.Property(j => j.FromActivityId).HasMaxLength(WorkflowTask.ActivityIdMaxLength);
        b.Property(j => j.ToActivityId).HasMaxLength(WorkflowTask.ActivityIdMaxLength);
        b.Property(j => j.Outcome).HasMaxLength(60).IsRequired();
        b.HasOne<WorkflowInstance>().WithMany().HasForeignKey(j => j.InstanceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(j => new { j.InstanceId, j.Sequence }).IsUnique();
    }
}

internal sealed class ReviewHandOverConfiguration : IEntityTypeConfiguration<ReviewHandOver>
{
    public void Configure(EntityTypeBuilder<ReviewHandOver> b)
    {
        b.ToTable("ReviewHandOvers");
        b.HasKey(h => h.Id);
        b.Property(h => h.Kind).HasConversion<string>().HasMaxLength(40);
        b.Property(h => h.Outcome).HasMaxLength(ReviewHandOver.OutcomeMaxLength);
        // The engine delivers an assessment's pending hand-overs, oldest first; the sweeper finds every pending one.
        b.HasIndex(h => new { h.AssessmentId, h.DeliveredAt, h.CreatedAt });
        b.HasIndex(h => new { h.TenantId, h.DeliveredAt, h.CreatedAt });
    }
}
