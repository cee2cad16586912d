using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Messaging;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Outbox;

/// <summary>One outbox e-mail in the operators' list: <see cref="Recipient"/> is masked (<see cref="OutboxRedaction.Recipient"/>).</summary>
/// <see cref="Stalled"/>: being sent, but <see cref="ClaimedBy"/> (the node) stopped renewing its claim, so it is taken over soon.
public sealed record OutboxRow(Guid Id, DateTimeOffset CreatedAt, string Recipient, string Subject, string Kind,
    OutboxStatus Status, int Attempts, DateTimeOffset NextAttemptAt, string? LastError, string? ClaimedBy, DateTimeOffset? ClaimedUntil,
    bool Stalled);

/// <summary>How many mails need an operator's eye: dead ones (retry them) and stalled claims (their node died).</summary>
public sealed record OutboxAttention(int Dead, int Stalled);

/// <summary>
/// One outbox e-mail's delivery metadata. Never its body: bodies of tenant mails carry invitation and password-reset links, and an
/// operator who could read them could take over any tenant account (issue 16, V1).
/// </summary>
public sealed record OutboxMessageDto(Guid Id, string MessageId, string Recipient, string Subject, string Kind,
    OutboxStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt,
    string? LastError, bool BodyKept, Guid? TenantId, string? ClaimedBy, DateTimeOffset? ClaimedUntil, bool Stalled);

/// <summary>What of an e-mail an operator may see.</summary>
public static class OutboxRedaction
{
    /// <summary>The recipient's domain with the first letter of the mailbox, e.g. <c>a…@example.com</c>: enough to see where mail fails.</summary>
    public static string Recipient(string address)
    {
        var at = address.LastIndexOf('@');
        if (at <= 0) return "…";
        return address[..1] + "…" + address[at..];
    }
}

/// <summary>
/// The e-mail outbox of the whole platform, for operators: what was sent, what waits, what failed and why. Delivery metadata only,
/// never a body or a full address.
/// </summary>
public sealed class OutboxQueries(AppDbContext db, PlatformAccess access, TimeProvider clock)
{
    public async Task<Outcome<OutboxAttention>> AttentionAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandOperatorAsync() is { } forbidden) return forbidden;
        var now = clock.GetUtcNow();
        var dead = await db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Dead, cancellationToken);
        var stalled = await db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sending && m.ClaimedUntil <= now, cancellationToken);
        return new OutboxAttention(dead, stalled);
    }

    /// <summary>Newest first, optionally of one status; a page past the last shows the last.</summary>
    public async Task<Outcome<PageOf<OutboxRow>>> ListAsync(OutboxStatus? status, int page, int pageSize, CancellationToken cancellationToken)
    {
        if (await access.DemandOperatorAsync() is { } forbidden) return forbidden;
        var query = db.OutboxMessages.AsNoTracking();
        if (status is { } only) query = query.Where(m => m.Status == only);
        var total = await query.CountAsync(cancellationToken);
        var now = clock.GetUtcNow();
        page = Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var rows = await query
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(m => new { m.Id, m.CreatedAt, m.ToAddress, m.Subject, m.Kind, m.Status, m.Attempts, m.NextAttemptAt, m.LastError,
                m.ClaimedBy, m.ClaimedUntil })
            .ToListAsync(cancellationToken);
        return new PageOf<OutboxRow>([.. rows.Select(m => new OutboxRow(m.Id, m.CreatedAt, OutboxRedaction.Recipient(m.ToAddress), m.Subject,
            m.Kind, m.Status, m.Attempts, m.NextAttemptAt, m.LastError, m.ClaimedBy, m.ClaimedUntil,
            m.Status == OutboxStatus.Sending && m.ClaimedUntil <= now))], page, pageSize, total);
    }

    public async Task<Outcome<OutboxMessageDto>> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandOperatorAsync() is { } forbidden) return forbidden;
        var message = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Id == id)
            .Select(m => new { m.Id, m.MessageId, m.ToAddress, m.Subject, m.Kind, m.Status, m.Attempts,
                m.CreatedAt, m.NextAttemptAt, m.SentAt, m.LastError, BodyKept = m.ProtectedTextBody != "" || m.ProtectedHtmlBody != "", m.TenantId,
                m.ClaimedBy, m.ClaimedUntil })
            .SingleOrDefaultAsync(cancellationToken);
        if (message is null) return Fail.NotFound("There is no such e-mail in the outbox.");
        return new OutboxMessageDto(message.Id, message.MessageId, OutboxRedaction.Recipient(message.ToAddress), message.Subject, message.Kind,
            message.Status, message.Attempts, message.CreatedAt, message.NextAttemptAt, message.SentAt, message.LastError, message.BodyKept,
            message.TenantId, message.ClaimedBy, message.ClaimedUntil,
            message.Status == OutboxStatus.Sending && message.ClaimedUntil <= clock.GetUtcNow());
    }
}
