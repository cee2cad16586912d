using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Messaging;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Outbox;

public sealed record OutboxRow(Guid Id, DateTimeOffset CreatedAt, string ToAddress, string Subject, string Kind,
    OutboxStatus Status, int Attempts, DateTimeOffset NextAttemptAt, string? LastError);

/// <summary>One outbox e-mail with its plain-text body (the HTML body is never shown to operators).</summary>
public sealed record OutboxMessageDto(Guid Id, string MessageId, string ToAddress, string? ToName, string Subject, string Kind,
    OutboxStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt,
    string? LastError, string TextBody, Guid? TenantId);

/// <summary>The e-mail outbox of the whole platform, for operators: what was sent, what waits, what failed and why.</summary>
public sealed class OutboxQueries(AppDbContext db, PlatformAccess access)
{
    /// <summary>Newest first, optionally of one status; a page past the last shows the last.</summary>
    public async Task<Outcome<PageOf<OutboxRow>>> ListAsync(OutboxStatus? status, int page, int pageSize, CancellationToken cancellationToken)
    {
        if (await access.DemandOperatorAsync() is { } forbidden) return forbidden;
        var query = db.OutboxMessages.AsNoTracking();
        if (status is { } only) query = query.Where(m => m.Status == only);
        var total = await query.CountAsync(cancellationToken);
        page = Math.Clamp(page, 1, Math.Max(1, (total + pageSize - 1) / pageSize));
        var rows = await query
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Select(m => new OutboxRow(m.Id, m.CreatedAt, m.ToAddress, m.Subject, m.Kind, m.Status, m.Attempts, m.NextAttemptAt, m.LastError))
            .ToListAsync(cancellationToken);
        return new PageOf<OutboxRow>(rows, page, pageSize, total);
    }

    public async Task<Outcome<OutboxMessageDto>> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandOperatorAsync() is { } forbidden) return forbidden;
        var message = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Id == id)
            .Select(m => new OutboxMessageDto(m.Id, m.MessageId, m.ToAddress, m.ToName, m.Subject, m.Kind, m.Status, m.Attempts,
                m.CreatedAt, m.NextAttemptAt, m.SentAt, m.LastError, m.TextBody, m.TenantId))
            .SingleOrDefaultAsync(cancellationToken);
        return message is null ? Fail.NotFound("There is no such e-mail in the outbox.") : message;
    }
}
