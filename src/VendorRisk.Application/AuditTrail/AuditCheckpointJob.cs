using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.AuditTrail;

/// <summary>
/// Every five minutes, writes a signed checkpoint of each audit chain whose head moved (every tenant's and the platform's) to
/// the sink outside the database (<see cref="AuditAnchors"/>). Safe to run twice: a chain whose head has a checkpoint is skipped.
/// </summary>
public sealed class AuditCheckpointJob(TenantJobs tenants, IServiceScopeFactory scopes, AuditAnchors anchors, TimeProvider clock)
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

    private async Task<bool> CheckpointCurrentChainAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var head = await db.AuditChainHeads.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        return await anchors.RecordAsync(db.CurrentAuditChain, head, clock.GetUtcNow(), cancellationToken);
    }
}
