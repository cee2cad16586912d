using Hangfire;
using VendorRisk.Domain.Messaging;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Infrastructure.Email;

/// <summary>
/// Queues e-mails as outbox rows in the caller's unit of work: they commit or roll back with the change
/// that causes them. After the commit, <see cref="NudgeDelivery"/> asks for prompt delivery; the recurring
/// delivery job picks up anything a nudge missed. Bodies are encrypted here, the one place a mail is queued (ADR-040).
/// </summary>
public sealed class EmailOutbox(AppDbContext db, EmailOptions options, OutboxBodyProtection protection, TimeProvider clock,
    IBackgroundJobClient jobs)
{
    public OutboxMessage Enqueue(EmailContent content, string toAddress, string? toName, string kind,
        Guid? tenantId = null, string? deduplicationKey = null)
    {
        var message = OutboxMessage.Create(toAddress, toName, content.Subject,
            protection.Protect(content.Html, toAddress), protection.Protect(content.Text, toAddress), kind,
            clock.GetUtcNow(), options.MessageIdDomain, tenantId, deduplicationKey);
        db.OutboxMessages.Add(message);
        return message;
    }

    public void NudgeDelivery() => jobs.Enqueue<OutboxDispatcher>(d => d.DeliverDueAsync(CancellationToken.None));
}
