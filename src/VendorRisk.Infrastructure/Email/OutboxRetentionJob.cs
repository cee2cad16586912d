using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VendorRisk.Domain.Messaging;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Infrastructure.Email;

/// <summary>
/// Deletes the rows of delivered and dead e-mails older than <see cref="EmailOptions.RowRetention"/>, daily (bodies go sooner: the
/// delivery job drops them, see <see cref="EmailOptions.SentBodyRetention"/> and <see cref="EmailOptions.DeadBodyRetention"/>).
/// Never a mail still waiting or being sent, nor one with a deduplication key. Safe to run twice and on several nodes at once.
/// </summary>
public sealed class OutboxRetentionJob(AppDbContext db, EmailOptions options, TimeProvider clock, ILogger<OutboxRetentionJob> logger)
{
    public const string RecurringJobId = "outbox-retention";

    [AutomaticRetry(Attempts = 0)] // the next day's run deletes what this one left
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (options.RowRetention <= TimeSpan.Zero) return 0;
        var cutoff = clock.GetUtcNow() - options.RowRetention;
        var deleted = await db.OutboxMessages
            .Where(m => (m.Status == OutboxStatus.Sent || m.Status == OutboxStatus.Dead) && m.CreatedAt <= cutoff && m.DeduplicationKey == null)
            .ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0) logger.LogInformation("Deleted {Count} outbox rows queued before {Cutoff}", deleted, cutoff);
        return deleted;
    }
}
