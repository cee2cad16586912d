using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using VendorRisk.Application.Assessments;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Assessments;

/// <summary>
/// Downloads one evidence file for internal members of the tenant (folder policy): always as an attachment with a
/// safe name, never rendered inline, so an uploaded HTML or SVG file cannot run in the application's origin.
/// A file of another tenant is not found (query filter), like a missing one. Every download is audited.
/// </summary>
public sealed class EvidenceModel(AssessmentOperations operations) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid fileId, CancellationToken cancellationToken)
    {
        var download = await operations.DownloadEvidenceAsync(fileId, cancellationToken);
        if (!download.Succeeded) return this.Failure(download) ?? NotFound();
        Response.Headers[HeaderNames.CacheControl] = "private, no-store";
        Response.Headers["X-Content-Type-Options"] = "nosniff";
        return File(download.Value!.Content, "application/octet-stream", EvidenceInspector.DownloadName(download.Value.FileName));
    }
}
