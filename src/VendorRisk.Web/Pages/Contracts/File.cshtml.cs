using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using VendorRisk.Application.Contracts;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Contracts;

/// <summary>
/// Downloads a contract document or obligation evidence for internal members (folder policy), always as an
/// attachment with a safe name. Another tenant's file is not found (query filter). Downloads are audited.
/// </summary>
public sealed class FileModel(ContractOperations operations) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid fileId, CancellationToken cancellationToken)
    {
        var download = await operations.DownloadFileAsync(fileId, cancellationToken);
        if (!download.Succeeded) return this.Failure(download) ?? NotFound();
        Response.Headers[HeaderNames.CacheControl] = "private, no-store";
        Response.Headers["X-Content-Type-Options"] = "nosniff";
        return File(download.Value!.Content, "application/octet-stream", download.Value.DownloadName);
    }
}
