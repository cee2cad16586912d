using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Audit;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.AuditTrail;

/// <summary>
/// The second checkpoint sink (ADR-036): a tenant chain's checkpoint is e-mailed to the tenant's admins, at most once per chain and
/// UTC day, so a copy of the signed head sits in mailboxes the portal's database writers cannot reach. The mail carries the
/// checkpoint line itself, which the offline verifier takes with <c>--checkpoints</c>, and the signing key's fingerprint. The platform
/// chain has no tenant admins and is not mailed.
/// </summary>
public sealed class AuditCheckpointMail(AppDbContext db, EmailOutbox outbox, AuditKeyRing keys) : IAuditCheckpointSink
{
    public const string Kind = "audit-checkpoint";

    public async Task WriteAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        if (checkpoint.Chain == AuditEvent.PlatformChain || db.CurrentTenantId != checkpoint.Chain) return;
        var tenant = await db.Tenants.AsNoTracking().Where(t => t.Id == checkpoint.Chain).Select(t => new { t.Name }).SingleOrDefaultAsync(cancellationToken);
        if (tenant is null) return;
        var admins = await db.Memberships.Where(m => !m.IsDisabled)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.UserId, m.Roles, u.Email, u.DisplayName })
            .ToListAsync(cancellationToken);
        var day = checkpoint.At.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var content = EmailTemplates.Layout(
            $"Audit trail checkpoint for {tenant.Name}",
            "Audit trail checkpoint",
            [
                $"The audit trail of {tenant.Name} had {checkpoint.Sequence} events at {checkpoint.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC. " +
                "Keep this e-mail: it is a copy, outside the portal, of the trail's signed head, so a later change to the trail can be shown.",
                $"Checkpoint signing key: {checkpoint.Signer ?? keys.SignerId}. A download of the trail (Audit trail, Download the chain) is verified with the command in the README; " +
                "give it this line with --checkpoints:",
                AuditChainBundle.CheckpointLineJson(checkpoint),
            ]);
        var queued = false;
        foreach (var admin in admins.Where(a => a.Email is not null && a.Roles.HasFlag(TenantRoles.TenantAdmin)))
        {
            var key = $"{Kind}:{checkpoint.Chain:N}:{day}:{admin.UserId:N}";
            if (await db.OutboxMessages.AnyAsync(m => m.DeduplicationKey == key, cancellationToken)) continue;
            outbox.Enqueue(content, admin.Email!, admin.DisplayName, Kind, checkpoint.Chain, key);
            queued = true;
        }
        if (!queued) return;
        await db.SaveChangesAsync(cancellationToken);
        outbox.NudgeDelivery();
    }
}
