using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using VendorRisk.Application.Evidence;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Evidence;

/// <summary>
/// Downloads one evidence record's file for internal members of the tenant (<see cref="EvidenceOperations.DownloadAsync"/>): documents of the
/// vendor record and files attached to a condition's closure, which no question links. Always an attachment with a safe name, never rendered
/// inline; another tenant's record is not found; every download is audited.
/// </summary>
public sealed class DownloadModel(EvidenceOperations operations) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid recordId, CancellationToken cancellationToken)
    {
        var download = await operations.DownloadAsync(recordId, cancellationToken);
        if (!download.Succeeded) return this.Failure(download) ?? NotFound();
        Response.Headers[HeaderNames.CacheControl] = "private, no-store";
        Response.Headers["X-Content-Type-Options"] = "nosniff";
        return File(download.Value!.Content, "application/octet-stream", EvidenceInspector.DownloadName(download.Value.FileName));
    }
}
