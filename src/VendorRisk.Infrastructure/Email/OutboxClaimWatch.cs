using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VendorRisk.Domain.Messaging;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Infrastructure.Email;

/// <summary>
/// On a node with a job server: every <see cref="Period"/>, a mail whose claim is stalled (its node stopped renewing it) is taken
/// over at once, instead of at the next minutely delivery run. A dead node's mail is therefore sent again within
/// <see cref="OutboxDispatcher.ClaimLease"/> + <see cref="Period"/> of its last renewal (under a minute), by whichever node looks first.
/// </summary>
public sealed class OutboxClaimWatch(IServiceScopeFactory scopes, TimeProvider clock, ILogger<OutboxClaimWatch> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await TakeOverStalledClaimsAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The database is out of reach for now: the next tick tries again.
                    logger.LogWarning(e, "Looking for stalled e-mail claims failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping.
        }
    }

    /// <summary>Runs a delivery if any claim is stalled; the number of mails it delivered.</summary>
    public async Task<int> TakeOverStalledClaimsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow();
        var stalled = await db.OutboxMessages.AnyAsync(m => m.Status == OutboxStatus.Sending && m.ClaimedUntil <= now, cancellationToken);
        if (!stalled) return 0;
        return await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DeliverDueAsync(cancellationToken);
    }
}
