using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using VendorRisk.Domain.Audit;
using VendorRisk.Domain.Messaging;

namespace VendorRisk.Infrastructure.Persistence.Configurations;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> b)
    {
        b.HasKey(e => e.Id);
        b.Property(e => e.Action).HasMaxLength(AuditEvent.ActionMaxLength).IsRequired();
        b.Property(e => e.EntityType).HasMaxLength(AuditEvent.EntityTypeMaxLength);
        b.Property(e => e.EntityId).HasMaxLength(AuditEvent.EntityIdMaxLength);
        b.Property(e => e.ActorName).HasMaxLength(256);
        b.Property(e => e.IpAddress).HasMaxLength(64);
        b.Property(e => e.PreviousHash).HasMaxLength(64).IsRequired();
        b.Property(e => e.Hash).HasMaxLength(64).IsRequired();
        b.Property(e => e.KeyId).HasMaxLength(AuditEvent.KeyIdMaxLength);
        b.Property(e => e.Mac).HasMaxLength(64);
        // No tenant foreign key: the platform chain uses an id that is no tenant, and the trail must
        // outlive anything it describes.
        b.HasIndex(e => new { e.TenantId, e.Sequence }).IsUnique();
        b.HasIndex(e => new { e.TenantId, e.OccurredAt });
    }
}

internal sealed class AuditChainHeadConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> b)
    {
        b.HasKey(h => h.TenantId);
        // The platform chain is keyed by Guid.Empty, which EF would otherwise replace with a generated id.
        b.Property(h => h.TenantId).ValueGeneratedNever();
        // Two writers appending to one chain: the second one's head update finds a changed sequence and fails.
        b.Property(h => h.Sequence).IsConcurrencyToken();
        b.Property(h => h.Hash).HasMaxLength(64).IsRequired();
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.HasKey(m => m.Id);
        b.Property(m => m.MessageId).HasMaxLength(200).IsRequired();
        b.Property(m => m.ToAddress).HasMaxLength(256).IsRequired();
        b.Property(m => m.ToName).HasMaxLength(200);
        b.Property(m => m.Subject).HasMaxLength(400).IsRequired();
        // Encrypted bodies (ADR-040) in the columns that held them in clear: same type, unbounded.
        b.Property(m => m.ProtectedHtmlBody).HasColumnName("HtmlBody");
        b.Property(m => m.ProtectedTextBody).HasColumnName("TextBody");
        b.Property(m => m.Kind).HasMaxLength(60).IsRequired();
        b.Property(m => m.DeduplicationKey).HasMaxLength(300);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.LastError).HasMaxLength(2000);
        b.Property(m => m.ClaimedBy).HasMaxLength(OutboxMessage.NodeMaxLength);
        b.Property(m => m.Version).IsConcurrencyToken();
        b.HasIndex(m => m.MessageId).IsUnique();
        b.HasIndex(m => m.DeduplicationKey).IsUnique();
        b.HasIndex(m => new { m.Status, m.NextAttemptAt });
        b.HasIndex(m => new { m.TenantId, m.CreatedAt });
    }
}
