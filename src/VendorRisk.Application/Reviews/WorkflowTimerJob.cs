using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VendorRisk.Application.Tenancy;
using VendorRisk.Domain.Reviews;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Reviews;

/// <summary>
/// Delivers workflow timers. <see cref="SweepAsync"/> is the one recurring job (every minute) that fires every due timer row:
/// timers are rows, and a step schedules nothing in Hangfire (ADR-046). <see cref="FireAsync"/> fires one timer; it is also what
/// the per-timer delayed jobs of earlier versions call, so those still in a job store fire as before. Both are safe to run twice
/// and on several nodes at once: a timer fires in the step that marks its row fired, guarded by the instance's version.
/// </summary>
public sealed class WorkflowTimerJob(TenantJobs tenants, TimeProvider clock, ILogger<WorkflowTimerJob> logger)
{
    public const string SweeperJobId = "workflow-timer-sweeper";

    /// <summary>How often the sweeper runs: a timer fires at most about this long after it is due (SLA timers count in hours).</summary>
    public const string SweepCron = "* * * * *";

    public Task FireAsync(Guid tenantId, Guid instanceId, string timerId, CancellationToken cancellationToken) =>
        tenants.InTenantAsync(tenantId, async services =>
        {
            var result = await services.GetRequiredService<WorkflowRunner>().FireTimerAsync(instanceId, timerId, cancellationToken);
            logger.LogInformation("Workflow timer {TimerId} of instance {InstanceId}: {Status} {Message}", timerId, instanceId, result.Status, result.Message);
        });

    /// <returns>How many timers were fired.</returns>
    /// <remarks>Each tenant is entered at the door and its due rows read with one indexed query (FiredAt, CancelledAt, DueAt).</remarks>
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
