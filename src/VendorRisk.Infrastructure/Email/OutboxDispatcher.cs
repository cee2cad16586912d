using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VendorRisk.Domain.Messaging;
using VendorRisk.Infrastructure.Nodes;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Infrastructure.Email;

/// <summary>
/// Delivers due outbox rows. Safe to run twice and in parallel, on one node or several: each row is claimed with an optimistic
/// concurrency check before it is sent, so only one run sends it, and a sent row is never due again. The claim is short and
/// renewed while the mail is being sent, so the claim of a node that died (kill -9, lost power) is stalled within
/// <see cref="ClaimLease"/> and the next run on any node takes the mail over (ADR-030). It is the only reader of the encrypted
/// bodies: it decrypts one mail's bodies while it sends that mail (ADR-040).
/// </summary>
public sealed class OutboxDispatcher(AppDbContext db, IMailTransport transport, OutboxBodyProtection protection, EmailOptions options,
    NodeOptions node, TimeProvider clock, ILogger<OutboxDispatcher> logger)
{
    public const string RecurringJobId = "outbox-delivery";
    /// <summary>How long a claim protects a row without renewal; a node that dies mid-send leaves it stalled when this passes.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromSeconds(30);
    /// <summary>How often a node renews the claim of the mail it is sending (a third of the lease: two renewals may fail).</summary>
    public static readonly TimeSpan ClaimRenewal = TimeSpan.FromSeconds(10);
    private const int BatchSize = 50;

    // No DisableConcurrentExecution: claims make parallel runs safe, and a distributed lock held by a node that died would stop
    // every other node's delivery until the lock timed out.
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

    /// <summary>
    /// Drops the bodies of mails delivered longer than <see cref="EmailOptions.SentBodyRetention"/> ago, and of dead mails queued
    /// longer than <see cref="EmailOptions.DeadBodyRetention"/> ago (such a mail can no longer be retried).
    /// </summary>
    private async Task DropExpiredBodiesAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var sentCutoff = now - Positive(options.SentBodyRetention);
        var deadCutoff = now - Positive(options.DeadBodyRetention);
        while (!cancellationToken.IsCancellationRequested)
        {
            db.ChangeTracker.Clear();
            var expired = await db.OutboxMessages
                .Where(m => ((m.Status == OutboxStatus.Sent && m.SentAt <= sentCutoff) || (m.Status == OutboxStatus.Dead && m.CreatedAt <= deadCutoff))
                         && (m.ProtectedTextBody != "" || m.ProtectedHtmlBody != ""))
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

    private static TimeSpan Positive(TimeSpan retention) => retention > TimeSpan.Zero ? retention : TimeSpan.Zero;

    private enum Outcome { Sent, PermanentFailure, TransientFailure, Skipped }

    private async Task<Outcome> DeliverOneAsync(Guid id, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var message = await db.OutboxMessages.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        var now = clock.GetUtcNow();
        if (message is null || !message.IsDue(now)) return Outcome.Skipped;

        if (message.IsStalled(now))
            logger.LogWarning("E-mail {MessageId} was claimed by node {Node}, which stopped renewing its claim; {ThisNode} takes it over",
                message.MessageId, message.ClaimedBy, node.NodeName);
        message.Claim(now, ClaimLease, node.NodeName);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Outcome.Skipped; // another run claimed it first
        }

        Outcome outcome;
        MailDeliveryException? failure = null;
        using (var sending = new CancellationTokenSource())
        {
            var renewals = KeepClaimAsync(message, sending.Token);
            try
            {
                // Decrypted here, for this send only: the readable bodies are never stored nor logged.
                await transport.SendAsync(message, protection.Unprotect(message), cancellationToken);
            }
            catch (MailDeliveryException e)
            {
                failure = e;
            }
            catch (MailBodyUnreadableException e)
            {
                // A lost or rotated-away key: no retry can help. Dead at once, with a message, instead of failing every minute.
                logger.LogError(e, "The body of e-mail {MessageId} cannot be decrypted; the mail is dead", message.MessageId);
                failure = new MailDeliveryException(MailBodyUnreadableException.Text, isPermanent: true, e);
            }
            finally
            {
                await sending.CancelAsync();
                await renewals;
            }
        }

        if (failure is null)
        {
            message.MarkSent(clock.GetUtcNow());
            if (options.SentBodyRetention <= TimeSpan.Zero) message.DropBody();
            outcome = Outcome.Sent;
        }
        else
        {
            logger.LogWarning(failure, "Delivery of e-mail {MessageId} failed (attempt {Attempt}, permanent: {Permanent})",
                message.MessageId, message.Attempts, failure.IsPermanent);
            message.MarkFailed(failure.Message, failure.IsPermanent, clock.GetUtcNow());
            if (failure.InnerException is MailBodyUnreadableException) message.DropBody(); // unreadable ciphertext serves nothing
            outcome = failure.IsPermanent ? Outcome.PermanentFailure : Outcome.TransientFailure;
        }
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            // This node was too slow to renew (the database was out of reach) and another took the mail over: that node's
            // attempt decides. The receiver may get two copies with the same Message-ID, and can drop one.
            logger.LogWarning("The claim on e-mail {MessageId} was taken over while {Node} was sending it", message.MessageId, node.NodeName);
            return Outcome.Skipped;
        }
        return outcome;
    }

    /// <summary>Renews the claim every <see cref="ClaimRenewal"/> until the send ends; stops when another node has taken the mail over.</summary>
    private async Task KeepClaimAsync(OutboxMessage message, CancellationToken sending)
    {
        try
        {
            while (true)
            {
                await Task.Delay(ClaimRenewal, clock, sending);
                message.RenewClaim(clock.GetUtcNow(), ClaimLease);
                // Not cancelled by the end of the send: a save cut short could leave the row's version unknown to this context.
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
            // The send ended.
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogWarning("The claim on e-mail {MessageId} was taken over while {Node} was sending it", message.MessageId, node.NodeName);
        }
        catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
        {
            // The database is out of reach for now: the send goes on, and the final save tells whether the claim held.
            logger.LogWarning(e, "Could not renew the claim on e-mail {MessageId}", message.MessageId);
        }
    }
}
