using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Messaging;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Outbox;

/// <summary>What operators do with the platform's e-mail outbox; audited on the platform chain.</summary>
public sealed class OutboxOperations(AppDbContext db, PlatformAccess access, AuditLog audit, EmailOutbox outbox, TimeProvider clock)
{
    /// <summary>Queues a dead (or failed) e-mail for delivery again. The address it goes to, on success.</summary>
    public async Task<Outcome<string>> RetryAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandOperatorAsync() is { } forbidden) return forbidden;
        var message = await db.OutboxMessages.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (message is null) return Fail.NotFound("There is no such e-mail in the outbox.");

        var previousError = message.LastError;
        try
        {
            message.Retry(clock.GetUtcNow());
        }
        catch (DomainException e)
        {
            return Fail.Conflict(e.Message);
        }
        audit.Record(AuditActions.OutboxRetried, nameof(OutboxMessage), message.Id, new { message.Kind, previousError });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Fail.Conflict("This e-mail changed while you were looking at it. Check its status and try again.");
        }
        outbox.NudgeDelivery();
        return OutboxRedaction.Recipient(message.ToAddress);
    }

    /// <summary>At most this many dead mails are queued again by one bulk retry (the oldest first); the rest wait for the next.</summary>
    public const int BulkRetryLimit = 500;

    /// <summary>
    /// Queues every dead e-mail that still has its body (up to <see cref="BulkRetryLimit"/>, oldest first) for delivery again, e.g. after
    /// the mail server that refused them was fixed: one platform audit event with their number and kinds, one save. The number queued,
    /// on success. A dead mail whose body was dropped (ADR-040) cannot be sent again and stays dead.
    /// </summary>
    public async Task<Outcome<int>> RetryAllDeadAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandOperatorAsync() is { } forbidden) return forbidden;
        var dead = await db.OutboxMessages
            .Where(m => m.Status == OutboxStatus.Dead && (m.ProtectedTextBody != "" || m.ProtectedHtmlBody != ""))
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Take(BulkRetryLimit)
            .ToListAsync(cancellationToken);
        if (dead.Count == 0) return Fail.Conflict("There is no dead e-mail to retry.");

        var now = clock.GetUtcNow();
        foreach (var message in dead) message.Retry(now);
        var kinds = dead.GroupBy(m => m.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        audit.Record(AuditActions.OutboxRetriedInBulk, nameof(OutboxMessage), null, new { count = dead.Count, kinds });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Fail.Conflict("Some of these e-mails changed while they were being queued (another operator retried them?). Nothing was queued: try again.");
        }
        outbox.NudgeDelivery();
        return dead.Count;
    }
}
