using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VendorRisk.Domain.Messaging;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Infrastructure.Health;

/// <summary>
/// What <c>/health/ready</c> checks before a load balancer sends a node traffic (ADR-030). Each check answers with a sentence of
/// its own and never an exception's message, which could name a server or a path. The database check is the one <c>/health</c>
/// has always run.
/// </summary>
public static class Readiness
{
    /// <summary>The tag of the checks <c>/health/ready</c> runs.</summary>
    public const string Tag = "ready";

    /// <summary>A mail due this long ago and still not sent makes the outbox check degraded (the node still takes traffic).</summary>
    public static readonly TimeSpan OutboxBacklogLimit = TimeSpan.FromMinutes(10);
}

/// <summary>The job storage answers (Hangfire's tables: on a server database the same database, in their own schema).</summary>
public sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var connection = storage.GetConnection();
            connection.GetAllItemsFromSet("vendorrisk:health");
            return Task.FromResult(HealthCheckResult.Healthy("The job storage answers."));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The job storage cannot be reached.", e));
        }
    }
}

/// <summary>The evidence store takes a file, gives it back and deletes it (through the same interface as evidence itself).</summary>
public sealed class EvidenceStoreHealthCheck(IEvidenceStorage storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var key = $"health-probe-{Guid.NewGuid():N}";
        try
        {
            using (var content = new MemoryStream([1, 2, 3]))
                await storage.SaveAsync(key, content, cancellationToken);
            await using (var read = await storage.OpenReadAsync(key, cancellationToken))
            {
                if (read is null) return HealthCheckResult.Unhealthy("The evidence store lost a file it had just taken.");
            }
            return HealthCheckResult.Healthy("The evidence store takes and returns files.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The evidence store cannot take files.", e);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or AggregateException or HttpRequestException)
        {
            // Object storage (ADR-038): our own sentence for the cause (a wrong key, a store that does not answer), never the SDK's.
            return HealthCheckResult.Unhealthy($"The evidence store cannot take files: {AzureBlobEvidenceStorage.Reason(e)}.", e);
        }
        finally
        {
            try { await storage.DeleteAsync(key, CancellationToken.None); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Azure.RequestFailedException or AggregateException or HttpRequestException)
            { /* reported above if it matters */ }
        }
    }
}

/// <summary>
/// How long the oldest due mail has waited. Degraded (still 200: every node shares the outbox, so taking nodes out of the load
/// balancer would not help) when a mail due more than <see cref="Readiness.OutboxBacklogLimit"/> ago is neither sent nor being sent.
/// </summary>
public sealed class OutboxBacklogHealthCheck(AppDbContext db, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var oldest = await db.OutboxMessages.AsNoTracking()
            .Where(m => (m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now) || (m.Status == OutboxStatus.Sending && m.ClaimedUntil <= now))
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => (DateTimeOffset?)m.NextAttemptAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (oldest is not { } due) return HealthCheckResult.Healthy("No e-mail is waiting past its time.");
        var age = now - due;
        var data = new Dictionary<string, object> { ["oldestDueSeconds"] = (long)Math.Max(0, age.TotalSeconds) };
        return age > Readiness.OutboxBacklogLimit
            ? HealthCheckResult.Degraded($"An e-mail has been due for {(long)age.TotalMinutes} minutes: is delivery running on a worker node?", data: data)
            : HealthCheckResult.Healthy("E-mail delivery keeps up.", data);
    }
}
