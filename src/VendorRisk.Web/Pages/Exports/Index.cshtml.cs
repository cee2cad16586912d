using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Net.Http.Headers;
using VendorRisk.Application.Exports;
using VendorRisk.Domain.Reports;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Exports;

/// <summary>
/// CSV and Excel exports of the tenant's vendors, latest findings, decisions and obligations, for internal members (auditors
/// included; vendor contacts never). A small export is the answer to the POST itself; a larger one becomes a background job
/// (<see cref="ExportOperations.ExportAsync"/>), and the member is sent to its progress page.
/// </summary>
public sealed class IndexModel(ExportOperations exports, ExportQueries queries, TenantContext tenant) : PageModel
{
    [BindProperty] public ExportInput Input { get; set; } = new();

    public IReadOnlyList<ExportJobRow> Jobs { get; private set; } = [];
    public int DirectRowLimit => exports.DirectRowLimit;
    public string Slug => tenant.Slug!;

    /// <summary>The choices; the rules live in <see cref="ExportOperations"/>.</summary>
    public sealed class ExportInput
    {
        [Display(Name = "What to export")]
        public ExportKind? Kind { get; set; }

        [Display(Name = "Format")]
        public ExportFormat? Format { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Input.Kind ??= ExportKind.Vendors;
        Input.Format ??= ExportFormat.Xlsx;
        return await ShowAsync(cancellationToken);
    }

    [AuditorMayPost]
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var started = await exports.ExportAsync(new ExportRequest(Input.Kind, Input.Format), cancellationToken);
        if (!started.Succeeded) return this.Failure(started) ?? await ShowAsync(cancellationToken);
        if (started.Value!.File is { } file)
        {
            Response.Headers[HeaderNames.CacheControl] = "private, no-store";
            return File(file.Content, file.ContentType, file.FileName);
        }
        TempData["Status"] = $"The {ExportQueries.Describe(Input.Kind!.Value).ToLowerInvariant()} export is being prepared. This page shows its progress.";
        return Redirect($"/t/{Slug}/exports/job/{started.Value.JobId}");
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        var jobs = await queries.MineAsync(cancellationToken);
        if (!jobs.Succeeded) return this.Failure(jobs) ?? NotFound();
        Jobs = jobs.Value!;
        return Page();
    }

    public static string Describe(ExportKind kind) => ExportQueries.Describe(kind);

    public static string Describe(ExportFormat format) => ExportQueries.Describe(format);
}
