using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using VendorRisk.Application.Exports;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Exports;

/// <summary>
/// One background export: its progress (the page polls a small JSON status while the job runs and reloads when it is
/// done; without JavaScript a "Check again" link does the same), then the download. Only the member who asked for
/// the export sees it; anyone else, and any other tenant, gets 404.
/// </summary>
public sealed class JobModel(ExportQueries queries, ExportOperations exports, TenantContext tenant) : PageModel
{
    public ExportJobView Job { get; private set; } = null!;
    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var job = await queries.JobAsync(id, cancellationToken);
        if (!job.Succeeded) return this.Failure(job) ?? NotFound();
        Job = job.Value!;
        return Page();
    }

    /// <summary>What the progress script polls.</summary>
    public async Task<IActionResult> OnGetStatusAsync(Guid id, CancellationToken cancellationToken)
    {
        var job = await queries.JobAsync(id, cancellationToken);
        if (!job.Succeeded) return this.Failure(job) ?? NotFound();
        Response.Headers[HeaderNames.CacheControl] = "no-store";
        return new JsonResult(new
        {
            status = job.Value!.Status.ToString(),
            progress = job.Value.Progress,
            finished = job.Value.IsFinished,
        });
    }

    public async Task<IActionResult> OnGetDownloadAsync(Guid id, CancellationToken cancellationToken)
    {
        var file = await exports.DownloadAsync(id, cancellationToken);
        if (!file.Succeeded) return this.Failure(file) ?? NotFound();
        Response.Headers[HeaderNames.CacheControl] = "private, no-store";
        return File(file.Value!.Content, file.Value.ContentType, file.Value.FileName);
    }
}
