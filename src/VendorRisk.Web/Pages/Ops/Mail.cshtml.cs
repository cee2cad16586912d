using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Outbox;
using VendorRisk.Domain.Messaging;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Ops;

/// <summary>
/// The e-mail outbox of the whole platform, for operators (<see cref="OutboxQueries"/>, <see cref="OutboxOperations"/>): what was sent,
/// what waits, what failed and why; dead mails can be sent again. Delivery metadata only: no bodies, recipients masked (issue 16, V1);
/// in development the mails themselves are in the pickup folder.
/// </summary>
public sealed class MailModel(OutboxQueries queries, OutboxOperations operations) : PageModel
{
    public const int PageSize = 25;

    /// <summary>Filter: one status, or all when empty.</summary>
    [BindProperty(SupportsGet = true)]
    public OutboxStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<OutboxRow> Rows { get; private set; } = [];
    /// <summary>Dead mails and stalled claims, over all pages.</summary>
    public OutboxAttention? Attention { get; private set; }
    public int TotalCount { get; private set; }
    public int PageCount { get; private set; } = 1;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        // An unreadable status (e.g. ?status=bogus) is shown as a field error and the list is unfiltered.
        if (!ModelState.IsValid) Status = null;
        return await ShowAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRetryAsync(Guid id, CancellationToken cancellationToken)
    {
        var retried = await operations.RetryAsync(id, cancellationToken);
        if (!retried.Succeeded) return this.Failure(retried) ?? await ShowAsync(cancellationToken);
        TempData["Status"] = $"The e-mail to {retried.Value} is queued for delivery again.";
        return RedirectToPage(new { Status, PageNumber });
    }

    public async Task<IActionResult> OnPostRetryAllDeadAsync(CancellationToken cancellationToken)
    {
        var retried = await operations.RetryAllDeadAsync(cancellationToken);
        if (!retried.Succeeded) return this.Failure(retried) ?? await ShowAsync(cancellationToken);
        TempData["Status"] = retried.Value == 1
            ? "1 dead e-mail is queued for delivery again."
            : $"{retried.Value} dead e-mails are queued for delivery again.";
        return RedirectToPage(new { Status, PageNumber });
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        var attention = await queries.AttentionAsync(cancellationToken);
        if (!attention.Succeeded) return this.Failure(attention) ?? NotFound();
        Attention = attention.Value;
        var list = await queries.ListAsync(Status, PageNumber, PageSize, cancellationToken);
        if (!list.Succeeded) return this.Failure(list) ?? NotFound();
        (Rows, TotalCount, PageCount, PageNumber) = (list.Value!.Items, list.Value.TotalCount, list.Value.TotalPages, list.Value.Page);
        return Page();
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
