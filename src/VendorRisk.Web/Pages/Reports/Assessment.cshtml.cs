using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using VendorRisk.Application.Reports;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Reports;

/// <summary>
/// The assessment report as a PDF download, for internal members of the tenant, auditors included (folder policy;
/// vendor contacts never). Another tenant's assessment is not found (query filters). Each download is audited.
/// </summary>
public sealed class AssessmentModel(ReportQueries reports) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var report = await reports.AssessmentPdfAsync(id, User.Identity?.Name ?? "unknown", cancellationToken);
        if (!report.Succeeded) return this.Failure(report) ?? NotFound();
        Response.Headers[HeaderNames.CacheControl] = "private, no-store";
        return File(report.Value!.Content, report.Value.ContentType, report.Value.FileName);
    }
}
