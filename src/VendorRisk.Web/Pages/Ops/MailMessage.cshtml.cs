using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Outbox;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Ops;

/// <summary>
/// One outbox e-mail's delivery metadata. Never its body (which may hold an invitation or reset link) nor its full recipient address.
/// </summary>
public sealed class MailMessageModel(OutboxQueries queries) : PageModel
{
    public OutboxMessageDto Message { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var message = await queries.FindAsync(id, cancellationToken);
        if (!message.Succeeded) return this.Failure(message) ?? NotFound();
        Message = message.Value!;
        return Page();
    }
}
