using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Messaging;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Web.Pages.Ops;

/// <summary>
/// The e-mail outbox of the whole platform, for operators (the folder requires the Operator policy): what
/// was sent, what waits, what failed and why; dead mails can be sent again. In development it doubles as
/// the "sent mails" view.
/// </summary>
public sealed class MailModel(AppDbContext db, AuditLog audit, EmailOutbox outbox, TimeProvider clock) : PageModel
{
    public const int PageSize = 25;

    public sealed record Row(Guid Id, DateTimeOffset CreatedAt, string ToAddress, string Subject, string Kind,
        OutboxStatus Status, int Attempts, DateTimeOffset NextAttemptAt, string? LastError);

    /// <summary>Filter: one status, or all when empty.</summary>
    [BindProperty(SupportsGet = true)]
    public OutboxStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int TotalCount { get; private set; }
    public int PageCount => Math.Max(1, (TotalCount + PageSize - 1) / PageSize);

    public async Task OnGetAsync()
    {
        // An unreadable status (e.g. ?status=bogus) is shown as a field error and the list is unfiltered.
        if (!ModelState.IsValid) Status = null;
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostRetryAsync(Guid id)
    {
        var message = await db.OutboxMessages.SingleOrDefaultAsync(m => m.Id == id);
        if (message is null) return NotFound();

        var previousError = message.LastError;
        try
        {
            message.Retry(clock.GetUtcNow());
            audit.Record(AuditActions.OutboxRetried, nameof(OutboxMessage), message.Id,
                new { message.Kind, previousError });
            await db.SaveChangesAsync();
        }
        catch (DomainException e)
        {
            return await RefusedAsync(e.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await RefusedAsync("This e-mail changed while you were looking at it. Check its status and try again.");
        }
        outbox.NudgeDelivery();
        TempData["Status"] = $"The e-mail to {message.ToAddress} is queued for delivery again.";
        return RedirectToPage(new { Status, PageNumber });
    }

    private async Task<IActionResult> RefusedAsync(string error)
    {
        db.ChangeTracker.Clear();
        ModelState.AddModelError(string.Empty, error);
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var query = db.OutboxMessages.AsNoTracking();
        if (Status is { } status) query = query.Where(m => m.Status == status);
        TotalCount = await query.CountAsync();
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Rows = await query
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(m => new Row(m.Id, m.CreatedAt, m.ToAddress, m.Subject, m.Kind, m.Status, m.Attempts, m.NextAttemptAt, m.LastError))
            .ToListAsync();
    }

    public static string Utc(DateTimeOffset? when) =>
        when is { } w ? w.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC" : "";

    public static string BadgeClass(OutboxStatus status) => status switch
    {
        OutboxStatus.Sent => "text-bg-success",
        OutboxStatus.Dead => "text-bg-danger",
        OutboxStatus.Sending => "text-bg-info",
        _ => "text-bg-secondary",
    };
}
