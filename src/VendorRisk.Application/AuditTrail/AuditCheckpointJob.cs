using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VendorRisk.Application.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.AuditTrail;

/// <summary>
/// Every five minutes, writes a signed checkpoint of each audit chain whose head moved (every tenant's and the platform's) to
/// the append-only file outside the database (<see cref="AuditAnchors"/>) and hands it to every other sink
/// (<see cref="IAuditCheckpointSink"/>: the tenant admins' e-mail). Safe to run twice: a chain whose head has a checkpoint is skipped.
/// </summary>
public sealed class AuditCheckpointJob(TenantJobs tenants, IServiceScopeFactory scopes, AuditAnchors anchors, AuditKeyRing keys,
    TimeProvider clock, ILogger<AuditCheckpointJob> logger)
{
    public const string RecurringJobId = "audit-checkpoints";
    public const string Cron = "*/5 * * * *";

    /// <returns>How many checkpoints were written.</returns>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var written = await tenants.ForEachTenantAsync("Audit checkpoints",
            async (services, _, ct) => await CheckpointCurrentChainAsync(services, ct) ? 1 : 0, cancellationToken);
        // A scope that enters no tenant sees the platform chain (sign-ins, resets, operators' actions).
        await using var platform = scopes.CreateAsyncScope();
        if (await CheckpointCurrentChainAsync(platform.ServiceProvider, cancellationToken)) written++;
        return written;
    }

    /// <summary>
    /// Keys the rows of every chain written before keyed hashing began, at the first start after the upgrade (ADR-036), then marks the
    /// key folder so it never happens again: from then on an unkeyed row is a forgery (someone stripped the MACs to have them re-made).
    /// </summary>
    /// <returns>How many rows were keyed.</returns>
    public async Task<int> SealLegacyRowsAsync(CancellationToken cancellationToken)
    {
        if (keys.LegacyRowsSealed) return 0;
        var sealedRows = await tenants.ForEachTenantAsync("Audit keying",
            (services, _, ct) => services.GetRequiredService<AuditVerifier>().SealLegacyRowsAsync(ct), cancellationToken);
        await using var platform = scopes.CreateAsyncScope();
        sealedRows += await platform.ServiceProvider.GetRequiredService<AuditVerifier>().SealLegacyRowsAsync(cancellationToken);
        keys.MarkLegacyRowsSealed(clock.GetUtcNow());
        return sealedRows;
    }

    private async Task<bool> CheckpointCurrentChainAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var head = await db.AuditChainHeads.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (await anchors.RecordAsync(db.CurrentAuditChain, head, clock.GetUtcNow(), cancellationToken) is not { } checkpoint) return false;
        foreach (var sink in services.GetServices<IAuditCheckpointSink>())
        {
            try
            {
                await sink.WriteAsync(checkpoint, cancellationToken);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or IOException)
            {
                // The file has the checkpoint, which is what verification reads; a copy that failed is not worth losing the others.
                logger.LogError(e, "Audit checkpoint sink {Sink} failed for chain {Chain}", sink.GetType().Name, checkpoint.Chain);
            }
        }
        return true;
    }
}
