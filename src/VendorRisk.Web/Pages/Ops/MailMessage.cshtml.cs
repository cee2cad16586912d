using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Messaging;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Web.Pages.Ops;

/// <summary>
/// One outbox e-mail. Shows the plain-text body only: the HTML body is never rendered here, so nothing an
/// e-mail carries can run in the operator's session.
/// </summary>
public sealed class MailMessageModel(AppDbContext db) : PageModel
{
    public sealed record Details(Guid Id, string MessageId, string ToAddress, string? ToName, string Subject, string Kind,
        OutboxStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt,
        string? LastError, string TextBody, Guid? TenantId);

    public Details Message { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var message = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Id == id)
            .Select(m => new Details(m.Id, m.MessageId, m.ToAddress, m.ToName, m.Subject, m.Kind, m.Status, m.Attempts,
                m.CreatedAt, m.NextAttemptAt, m.SentAt, m.LastError, m.TextBody, m.TenantId))
            .SingleOrDefaultAsync();
        if (message is null) return NotFound();
        Message = message;
        return Page();
    }
}
