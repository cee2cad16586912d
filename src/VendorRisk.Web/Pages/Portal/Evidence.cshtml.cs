using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Application.Portal;

namespace VendorRisk.Web.Pages.Portal;

/// <summary>
/// Downloads an evidence file for a contact of its assessment, always as an attachment with a safe name, so a
/// browser never renders an uploaded file inside the application's origin. Every download is audited.
/// </summary>
[Authorize]
public sealed class EvidenceModel(AppDbContext db, PortalQueries portal, IEvidenceStorage storage, AuditLog audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid fileId, CancellationToken cancellationToken)
    {
        // Inside the route's tenant: only the owning assessment id is read before the access check.
        var assessmentId = await db.EvidenceFiles.Where(f => f.Id == fileId).Select(f => (Guid?)f.AssessmentId).SingleOrDefaultAsync(cancellationToken);
        if (assessmentId is null || await portal.OpenAssessmentAsync(assessmentId.Value, cancellationToken) is null)
            return NotFound();
        var file = await db.EvidenceFiles.AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileId && f.AssessmentId == assessmentId, cancellationToken);
        if (file is null || await storage.OpenReadAsync(file.StorageKey, cancellationToken) is not { } stream) return NotFound();
        audit.Record(AuditActions.EvidenceDownloaded, nameof(Domain.Assessments.EvidenceFile), file.Id,
            new { assessmentId = file.AssessmentId, itemId = file.ItemId, fileName = file.FileName, byVendor = true });
        await db.SaveChangesAsync(cancellationToken);

        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(EvidenceInspector.SafeFileName(file.FileName));
        Response.Headers.ContentDisposition = disposition.ToString();
        Response.Headers.CacheControl = "private, no-store";
        return File(stream, file.ContentType);
    }
}
