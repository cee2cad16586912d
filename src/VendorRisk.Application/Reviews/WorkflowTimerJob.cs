using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VendorRisk.Domain.Reviews;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Reviews;

/// <summary>
/// Delivers workflow timers. <see cref="FireAsync"/> is the Hangfire delayed job (ids only); <see cref="SweepAsync"/> is the
/// recurring safety net that fires due timers whose job was lost. Both are safe to run twice.
/// </summary>
public sealed class WorkflowTimerJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<WorkflowTimerJob> logger)
{
    public const string SweeperJobId = "workflow-timer-sweeper";

    public async Task FireAsync(Guid tenantId, Guid instanceId, string timerId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().EnterAsSystem(tenantId);
        var result = await scope.ServiceProvider.GetRequiredService<WorkflowRunner>().FireTimerAsync(instanceId, timerId, cancellationToken);
        logger.LogInformation("Workflow timer {TimerId} of instance {InstanceId}: {Status} {Message}", timerId, instanceId, result.Status, result.Message);
    }

    /// <returns>How many timers were fired.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        List<Guid> tenants;
        await using (var scope = scopes.CreateAsyncScope())
        {
            tenants = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Tenants.Select(t => t.Id).ToListAsync(cancellationToken);
        }

        var fired = 0;
        var now = clock.GetUtcNow();
        foreach (var tenantId in tenants)
        {
            List<(Guid InstanceId, string TimerId)> due;
            await using (var scope = scopes.CreateAsyncScope())
            {
                scope.ServiceProvider.GetRequiredService<TenantContext>().EnterAsSystem(tenantId);
                due = (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<WorkflowTimer>().AsNoTracking()
                        .Where(t => t.FiredAt == null && t.CancelledAt == null && t.DueAt <= now)
                        .OrderBy(t => t.DueAt).Select(t => new { t.InstanceId, t.TimerId }).ToListAsync(cancellationToken))
                    .Select(t => (t.InstanceId, t.TimerId)).ToList();
            }

            foreach (var (instanceId, timerId) in due)
            {
                try
                {
                    await FireAsync(tenantId, instanceId, timerId, cancellationToken);
                    fired++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One broken instance must not stop the others; the next sweep retries it.
                    logger.LogError(e, "Workflow timer {TimerId} of instance {InstanceId} failed.", timerId, instanceId);
                }
            }
        }
        return fired;
    }
}
