using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using VendorRisk.Domain.Reports;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Exports;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Application.Exports;

namespace VendorRisk.Web.Pages.Exports;

/// <summary>
/// One background export: its progress (the page polls a small JSON status while the job runs and reloads when it is
/// done; without JavaScript a "Check again" link does the same), then the download. Only the member who asked for
/// the export sees it; anyone else, and any other tenant, gets 404.
/// </summary>
public sealed class JobModel(AppDbContext db, TenantContext tenant, IEvidenceStorage storage, AuditLog audit) : PageModel
{
    public sealed record JobView(Guid Id, ExportKind Kind, ExportFormat Format, ExportJobStatus Status, int Progress, int? Rows, string? FileName,
        long? Length, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);

    public JobView Job { get; private set; } = null!;
    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not { } job) return NotFound();
        Job = job;
        return Page();
    }

    /// <summary>What the progress script polls.</summary>
    public async Task<IActionResult> OnGetStatusAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not { } job) return NotFound();
        Response.Headers[HeaderNames.CacheControl] = "no-store";
        return new JsonResult(new
        {
            status = job.Status.ToString(),
            progress = job.Progress,
            finished = job.Status is ExportJobStatus.Succeeded or ExportJobStatus.Failed,
        });
    }

    public async Task<IActionResult> OnGetDownloadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await FindAsync(id, cancellationToken) is not { Status: ExportJobStatus.Succeeded } job) return NotFound();
        var key = await db.Set<ExportJob>().Where(j => j.Id == id).Select(j => j.StorageKey).SingleAsync(cancellationToken);
        var stream = key is null ? null : await storage.OpenReadAsync(key, cancellationToken);
        if (stream is null) return NotFound();
        audit.Record(IndexModel.DownloadedAction, nameof(ExportJob), id,
            new { kind = job.Kind.ToString(), format = job.Format.ToString(), rows = job.Rows, fileName = job.FileName, direct = false });
        await db.SaveChangesAsync(cancellationToken);
        Response.Headers[HeaderNames.CacheControl] = "private, no-store";
        return File(stream, ExportBuilder.ContentType(job.Format), job.FileName);
    }

    private Task<JobView?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var me = tenant.UserId!.Value;
        return db.Set<ExportJob>().AsNoTracking().Where(j => j.Id == id && j.RequestedByUserId == me)
            .Select(j => new JobView(j.Id, j.Kind, j.Format, j.Status, j.ProgressPercent, j.RowCount, j.FileName, j.Length, j.Error, j.CreatedAt, j.FinishedAt))
            .SingleOrDefaultAsync(cancellationToken);
    }
}
