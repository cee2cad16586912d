using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Vendors;

namespace VendorRisk.Infrastructure.Persistence.Configurations;

internal sealed class VendorIntakeConfiguration : IEntityTypeConfiguration<VendorIntake>
{
    public void Configure(EntityTypeBuilder<VendorIntake> b)
    {
        b.HasKey(i => i.Id);
        b.Property(i => i.TemplateKey).HasMaxLength(QuestionnaireTemplate.TemplateKeyMaxLength).IsRequired();
        b.Property(i => i.TemplateVersion).HasMaxLength(QuestionnaireTemplate.SemanticVersionMaxLength).IsRequired();
        b.Property(i => i.ContentHash).HasMaxLength(QuestionnaireTemplate.ContentHashMaxLength).IsRequired();
        b.Property(i => i.AnswersJson).IsRequired();
        b.Property(i => i.RiskScore).HasConversion<double>();
        b.Property(i => i.ComputedTier).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.ScoreTier).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.FloorReasonsJson).IsRequired();
        b.HasOne<Vendor>().WithMany().HasForeignKey(i => i.VendorId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Identity.AppUser>().WithMany().HasForeignKey(i => i.CompletedByUserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(i => new { i.TenantId, i.VendorId, i.CompletedAt });
    }
}
