using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Identity;

namespace VendorRisk.Infrastructure.Persistence.Configurations;

internal sealed class AssessmentConfiguration : IEntityTypeConfiguration<Assessment>
{
    public void Configure(EntityTypeBuilder<Assessment> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(30);
        b.Property(a => a.Title).HasMaxLength(Assessment.TitleMaxLength).IsRequired();
        b.Property(a => a.TemplateKey).HasMaxLength(QuestionnaireTemplate.TemplateKeyMaxLength).IsRequired();
        b.Property(a => a.TemplateVersion).HasMaxLength(QuestionnaireTemplate.SemanticVersionMaxLength).IsRequired();
        b.Property(a => a.ContentHash).HasMaxLength(QuestionnaireTemplate.ContentHashMaxLength).IsRequired();
        b.Property(a => a.DecisionNote).HasMaxLength(4000);
        // Scores are 0-100 with two decimals; a double keeps ORDER BY and comparisons in SQL on SQLite too.
        b.Property(a => a.Score).HasConversion<double?>();
        b.Ignore(a => a.ReopenedItemIds);
        b.Ignore(a => a.IsFinal);
        b.HasOne<Vendor>().WithMany().HasForeignKey(a => a.VendorId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<QuestionnaireTemplate>().WithMany().HasForeignKey(a => a.TemplateId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(a => a.RequestedByUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(a => new { a.TenantId, a.Status, a.DueOn });
        b.HasIndex(a => new { a.TenantId, a.VendorId, a.CreatedAt });
        // The dashboard's residual trend counts decisions per month from this index alone (ADR-015).
        b.HasIndex(a => new { a.TenantId, a.DecidedAt, a.Status, a.ResidualLikelihood, a.ResidualImpact });
    }
}

internal sealed class AssessmentContactConfiguration : IEntityTypeConfiguration<AssessmentContact>
{
    public void Configure(EntityTypeBuilder<AssessmentContact> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.Email).HasMaxLength(256).IsRequired();
        b.HasOne<Assessment>().WithMany().HasForeignKey(c => c.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.AssessmentId, c.Email }).IsUnique();
        b.HasIndex(c => c.UserId);
    }
}

internal sealed class AssessmentAnswerConfiguration : IEntityTypeConfiguration<AssessmentAnswer>
{
    public void Configure(EntityTypeBuilder<AssessmentAnswer> b)
    {
        b.HasKey(a => a.Id);
        b.Property(a => a.ItemId).HasMaxLength(AssessmentAnswer.ItemIdMaxLength).IsRequired();
        b.Property(a => a.NotApplicableReason).HasMaxLength(AssessmentAnswer.NotApplicableReasonMaxLength);
        b.HasOne<Assessment>().WithMany().HasForeignKey(a => a.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        // One row per question: two first saves of the same answer cannot both insert.
        b.HasIndex(a => new { a.AssessmentId, a.ItemId }).IsUnique();
    }
}

internal sealed class AssessmentCommentConfiguration : IEntityTypeConfiguration<AssessmentComment>
{
    public void Configure(EntityTypeBuilder<AssessmentComment> b)
    {
        b.HasKey(c => c.Id);
        b.Property(c => c.ItemId).HasMaxLength(AssessmentAnswer.ItemIdMaxLength).IsRequired();
        b.Property(c => c.Body).HasMaxLength(AssessmentComment.BodyMaxLength).IsRequired();
        b.HasOne<Assessment>().WithMany().HasForeignKey(c => c.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.AssessmentId, c.ItemId, c.CreatedAt });
    }
}

internal sealed class ReopenedItemConfiguration : IEntityTypeConfiguration<ReopenedItem>
{
    public void Configure(EntityTypeBuilder<ReopenedItem> b)
    {
        b.HasKey(r => r.Id);
        b.Property(r => r.ItemId).HasMaxLength(AssessmentAnswer.ItemIdMaxLength).IsRequired();
        b.Property(r => r.Reason).HasMaxLength(ReopenedItem.ReasonMaxLength).IsRequired();
        b.Property(r => r.Source).HasMaxLength(ReopenedItem.SourceMaxLength).IsRequired();
        b.Property(r => r.ReplyNote).HasMaxLength(ReopenedItem.ReplyMaxLength);
        b.Ignore(r => r.IsOpen);
        b.HasOne<Assessment>().WithMany().HasForeignKey(r => r.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.AssessmentId, r.Round, r.ItemId });
    }
}

internal sealed class EvidenceFileConfiguration : IEntityTypeConfiguration<EvidenceFile>
{
    public void Configure(EntityTypeBuilder<EvidenceFile> b)
    {
        b.HasKey(e => e.Id);
        b.Property(e => e.ItemId).HasMaxLength(AssessmentAnswer.ItemIdMaxLength).IsRequired();
        b.Property(e => e.FileName).HasMaxLength(EvidenceFile.FileNameMaxLength).IsRequired();
        b.Property(e => e.ContentType).HasMaxLength(100).IsRequired();
        b.Property(e => e.Sha256).HasMaxLength(64).IsRequired();
        b.Property(e => e.StorageKey).HasMaxLength(100).IsRequired();
        b.HasOne<Assessment>().WithMany().HasForeignKey(e => e.AssessmentId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Domain.Evidence.EvidenceRecord>().WithMany().HasForeignKey(e => e.RecordId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(e => new { e.AssessmentId, e.ItemId });
        b.HasIndex(e => e.RecordId);
    }
}

internal sealed class EvidenceRecordConfiguration : IEntityTypeConfiguration<Domain.Evidence.EvidenceRecord>
{
    public void Configure(EntityTypeBuilder<Domain.Evidence.EvidenceRecord> b)
    {
        b.HasKey(e => e.Id);
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(40);
        b.Property(e => e.Review).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.FileName).HasMaxLength(Domain.Evidence.EvidenceRecord.FileNameMaxLength).IsRequired();
        b.Property(e => e.ContentType).HasMaxLength(100).IsRequired();
        b.Property(e => e.Sha256).HasMaxLength(64).IsRequired();
        b.Property(e => e.StorageKey).HasMaxLength(100).IsRequired();
        b.Property(e => e.Issuer).HasMaxLength(Domain.Evidence.EvidenceRecord.IssuerMaxLength);
        b.Property(e => e.Scope).HasMaxLength(Domain.Evidence.EvidenceRecord.ScopeMaxLength);
        b.Property(e => e.RejectionReason).HasMaxLength(Domain.Evidence.EvidenceRecord.ReasonMaxLength);
        b.HasOne<Vendor>().WithMany().HasForeignKey(e => e.VendorId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(e => new { e.TenantId, e.VendorId, e.Kind });
        b.HasIndex(e => new { e.TenantId, e.Review, e.ValidUntil });
    }
}
