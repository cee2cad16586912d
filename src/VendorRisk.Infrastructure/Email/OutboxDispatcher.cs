using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VendorRisk.Domain.Messaging;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Infrastructure.Email;

/// <summary>
/// Delivers due outbox rows. Safe to run twice and in parallel: each row is claimed with an optimistic
/// concurrency check before it is sent, so only one run sends it, and a sent row is never due again.
/// </summary>
public sealed class OutboxDispatcher(AppDbContext db, IMailTransport transport, EmailOptions options, TimeProvider clock, ILogger<OutboxDispatcher> logger)
{
    public const string RecurringJobId = "outbox-delivery";
    /// <summary>How long a claim protects a row; a worker that dies mid-send releases it when this passes.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);
    private const int BatchSize = 50;

    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)] // the outbox row keeps its own retry schedule
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await DropExpiredBodiesAsync(cancellationToken);
        var delivered = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var due = await db.OutboxMessages.AsNoTracking()
                .Where(m => (m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
                         || (m.Status == OutboxStatus.Sending && m.ClaimedUntil <= now))
                .OrderBy(m => m.NextAttemptAt)
                .Select(m => m.Id)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (due.Count == 0) break;

            var progressed = false;
            foreach (var id in due)
            {
                var outcome = await DeliverOneAsync(id, cancellationToken);
                if (outcome == Outcome.Sent) delivered++;
                // The server is down or refusing for now: the rest of the batch would fail the same way.
                if (outcome == Outcome.TransientFailure) return delivered;
                if (outcome != Outcome.Skipped) progressed = true;
            }
            if (!progressed) break;
        }
        return delivered;
    }

    /// <summary>Drops the bodies of mails delivered longer than <see cref="EmailOptions.SentBodyRetention"/> ago.</summary>
    private async Task DropExpiredBodiesAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - (options.SentBodyRetention > TimeSpan.Zero ? options.SentBodyRetention : TimeSpan.Zero);
        while (!cancellationToken.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            var expired = await db.OutboxMessages
                .Where(m => m.Status == OutboxStatus.Sent && m.SentAt <= cutoff && (m.TextBody != "" || m.HtmlBody != ""))
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (expired.Count == 0) break;
            foreach (var message in expired) message.DropBody();
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                break; // another run dropped them first; the next run sweeps what is left
            }
        }
        db.ChangeTracker.Clear();
    }

    private enum Outcome { Sent, PermanentFailure, TransientFailure, Skipped }

    private async Task<Outcome> DeliverOneAsync(Guid id, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var message = await db.OutboxMessages.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        var now = clock.GetUtcNow();
        if (message is null || !message.IsDue(now)) return Outcome.Skipped;

        message.Claim(now, ClaimLease);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.Skipped; // another run claimed it first
        }

        try
        {
            await transport.SendAsync(message, cancellationToken);
            message.MarkSent(clock.GetUtcNow());
            if (options.SentBodyRetention <= TimeSpan.Zero) message.DropBody();
            await db.SaveChangesAsync(CancellationToken.None);
            return Outcome.Sent;
        }
        catch (MailDeliveryException e)
        {
            logger.LogWarning(e, "Delivery of e-mail {MessageId} failed (attempt {Attempt}, permanent: {Permanent})",
                message.MessageId, message.Attempts, e.IsPermanent);
            message.MarkFailed(e.Message, e.IsPermanent, clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            return e.IsPermanent ? Outcome.PermanentFailure : Outcome.TransientFailure;
        }
    }
}
