using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Web.Pages.Assessments;

/// <summary>
/// Downloads one evidence file for internal members of the tenant (folder policy): always as an attachment with a
/// safe name, never rendered inline, so an uploaded HTML or SVG file cannot run in the application's origin.
/// A file of another tenant is not found (query filter), like a missing one.
/// </summary>
public sealed class EvidenceModel(AppDbContext db, IEvidenceStorage storage) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid fileId, CancellationToken cancellationToken)
    {
        var file = await db.EvidenceFiles.AsNoTracking().Where(f => f.Id == fileId)
            .Select(f => new { f.FileName, f.StorageKey }).SingleOrDefaultAsync(cancellationToken);
        if (file is null) return NotFound();
        var stream = await storage.OpenReadAsync(file.StorageKey, cancellationToken);
        if (stream is null) return NotFound();
        Response.Headers[HeaderNames.CacheControl] = "private, no-store";
        Response.Headers["X-Content-Type-Options"] = "nosniff";
        return File(stream, "application/octet-stream", SafeFileName(file.FileName));
    }

    /// <summary>Letters, digits and a few separators; anything else becomes "_". Never empty.</summary>
    public static string SafeFileName(string name) => EvidenceInspector.DownloadName(name);
}
