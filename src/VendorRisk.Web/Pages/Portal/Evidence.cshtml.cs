using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using VendorRisk.Application.Portal;

namespace VendorRisk.Web.Pages.Portal;

/// <summary>
/// Downloads an evidence file for a contact of its assessment, always as an attachment with a safe name, so a
/// browser never renders an uploaded file inside the application's origin. Every download is audited
/// (<see cref="PortalOperations.DownloadEvidenceAsync"/>).
/// </summary>
[Authorize]
public sealed class EvidenceModel(PortalOperations operations) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid fileId, CancellationToken cancellationToken)
    {
        var download = await operations.DownloadEvidenceAsync(fileId, cancellationToken);
        if (!download.Succeeded) return NotFound();
        var file = download.Value!;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(file.FileName);
        Response.Headers.ContentDisposition = disposition.ToString();
        Response.Headers.CacheControl = "private, no-store";
        return File(file.Content, file.ContentType);
    }
}
