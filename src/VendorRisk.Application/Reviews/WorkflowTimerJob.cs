using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VendorRisk.Application.Tenancy;
using VendorRisk.Domain.Reviews;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Reviews;

/// <summary>
/// Delivers workflow timers. <see cref="FireAsync"/> is the Hangfire delayed job (ids only); <see cref="SweepAsync"/> is the
/// recurring safety net that fires due timers whose job was lost. Both are safe to run twice.
/// </summary>
public sealed class WorkflowTimerJob(TenantJobs tenants, TimeProvider clock, ILogger<WorkflowTimerJob> logger)
{
    public const string SweeperJobId = "workflow-timer-sweeper";

    public Task FireAsync(Guid tenantId, Guid instanceId, string timerId, CancellationToken cancellationToken) =>
        tenants.InTenantAsync(tenantId, async services =>
        {
            var result = await services.GetRequiredService<WorkflowRunner>().FireTimerAsync(instanceId, timerId, cancellationToken);
            logger.LogInformation("Workflow timer {TimerId} of instance {InstanceId}: {Status} {Message}", timerId, instanceId, result.Status, result.Message);
        });

    /// <returns>How many timers were fired.</returns>
    public Task<int> SweepAsync(CancellationToken cancellationToken) =>
        tenants.ForEachTenantAsync("Workflow timer sweep", async (services, tenant, ct) =>
        {
            var now = clock.GetUtcNow();
            var due = await services.GetRequiredService<AppDbContext>().Set<WorkflowTimer>().AsNoTracking()
                .Where(t => t.FiredAt == null && t.CancelledAt == null && t.DueAt <= now)
                .OrderBy(t => t.DueAt).Select(t => new { t.InstanceId, t.TimerId }).ToListAsync(ct);
            var fired = 0;
            foreach (var timer in due)
            {
                try
                {
                    await FireAsync(tenant.Id, timer.InstanceId, timer.TimerId, ct);
                    fired++;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One broken instance must not stop the others; the next sweep retries it.
                    logger.LogError(e, "Workflow timer {TimerId} of instance {InstanceId} failed.", timer.TimerId, timer.InstanceId);
                }
            }
            return fired;
        }, cancellationToken);
}
