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
public sealed class WorkflowTimerJob(TenantJobs tenants, IServiceScopeFactory scopes, TimeProvider clock, ILogger<WorkflowTimerJob> logger)
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
    /// <remarks>
    /// One read across the tenants finds the due rows (index FiredAt, CancelledAt, DueAt), so a minute with nothing due costs one
    /// indexed query, not one per tenant; each due timer then fires in a scope that entered its tenant.
    /// </remarks>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        List<(Guid TenantId, Guid InstanceId, string TimerId)> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = [.. (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<WorkflowTimer>().IgnoreQueryFilters().AsNoTracking()
                    .Where(t => t.FiredAt == null && t.CancelledAt == null && t.DueAt <= now)
                    .OrderBy(t => t.DueAt).Select(t => new { t.TenantId, t.InstanceId, t.TimerId }).ToListAsync(cancellationToken))
                .Select(t => (t.TenantId, t.InstanceId, t.TimerId))];
        }
        var fired = 0;
        foreach (var (tenantId, instanceId, timerId) in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
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
        return fired;
    }
}
