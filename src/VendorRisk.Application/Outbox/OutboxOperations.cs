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
}
