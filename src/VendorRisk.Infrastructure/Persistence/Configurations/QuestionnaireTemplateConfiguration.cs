using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Infrastructure.Persistence.Configurations;

internal sealed class QuestionnaireTemplateConfiguration : IEntityTypeConfiguration<QuestionnaireTemplate>
{
    public void Configure(EntityTypeBuilder<QuestionnaireTemplate> b)
    {
        b.HasKey(t => t.Id);
        b.Property(t => t.TemplateKey).HasMaxLength(QuestionnaireTemplate.TemplateKeyMaxLength).IsRequired();
        b.Property(t => t.SemanticVersion).HasMaxLength(QuestionnaireTemplate.SemanticVersionMaxLength).IsRequired();
        b.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.Title).HasMaxLength(QuestionnaireTemplate.TitleMaxLength).IsRequired();
        b.Property(t => t.DefinitionJson).IsRequired();
        b.Property(t => t.ContentHash).HasMaxLength(QuestionnaireTemplate.ContentHashMaxLength);
        b.Property(t => t.ClonedFrom).HasMaxLength(QuestionnaireTemplate.TemplateKeyMaxLength + QuestionnaireTemplate.SemanticVersionMaxLength + 1);
        b.Ignore(t => t.StatusName);
        b.HasIndex(t => new { t.TenantId, t.TemplateKey, t.SemanticVersion }).IsUnique();
        b.HasIndex(t => new { t.TenantId, t.Status });
        b.HasOne<Identity.AppUser>().WithMany().HasForeignKey(t => t.CreatedBy).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Tenant>().WithMany().HasForeignKey(t => t.TenantId).OnDelete(DeleteBehavior.Cascade);
    }
}
