using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using VendorRisk.Domain.Contracts;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Web.Pages.Contracts;

/// <summary>
/// Downloads a contract document or obligation evidence for internal members (folder policy), always as an
/// attachment with a safe name. Another tenant's file is not found (query filter). Downloads are audited.
/// </summary>
public sealed class FileModel(AppDbContext db, IEvidenceStorage storage, AuditLog audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(Guid fileId, CancellationToken cancellationToken)
    {
        var file = await db.Set<ContractFile>().AsNoTracking().Where(f => f.Id == fileId)
            .Select(f => new { f.ContractId, f.FileName, f.StorageKey }).SingleOrDefaultAsync(cancellationToken);
        if (file is null) return NotFound();
        var stream = await storage.OpenReadAsync(file.StorageKey, cancellationToken);
        if (stream is null) return NotFound();
        audit.Record(ContractAccess.ActionFileDownloaded, nameof(ContractFile), fileId, new { file.ContractId, file.FileName });
        await db.SaveChangesAsync(cancellationToken);
        Response.Headers[HeaderNames.CacheControl] = "private, no-store";
        Response.Headers["X-Content-Type-Options"] = "nosniff";
        return File(stream, "application/octet-stream", Assessments.EvidenceModel.SafeFileName(file.FileName));
    }
}
