using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Reports;
using VendorRisk.Application.Reports;

namespace VendorRisk.Web.Pages.Reports;

/// <summary>
/// The assessment report as a PDF download, for internal members of the tenant, auditors included (folder policy;
/// vendor contacts never). Another tenant's assessment is not found (query filters). Each download is audited.
/// </summary>
public sealed class AssessmentModel(AssessmentReportLoader loader, AppDbContext db, AuditLog audit) : PageModel
{
    public const string DownloadedAction = "report.assessment-downloaded";

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var generatedBy = User.Identity?.Name ?? "unknown";
        var report = await loader.LoadAsync(id, generatedBy, cancellationToken);
        if (report is null) return NotFound();
        var pdf = AssessmentPdfRenderer.Render(report);
        var fileName = AssessmentPdfRenderer.FileName(report);
        audit.Record(DownloadedAction, nameof(Domain.Assessments.Assessment), id, new { fileName, bytes = pdf.Length });
        await db.SaveChangesAsync(cancellationToken);
        Response.Headers[HeaderNames.CacheControl] = "private, no-store";
        return File(pdf, "application/pdf", fileName);
    }
}
