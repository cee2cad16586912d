using System.ComponentModel.DataAnnotations;
using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using VendorRisk.Domain.Reports;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Exports;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;
using VendorRisk.Application.Exports;

namespace VendorRisk.Web.Pages.Exports;

/// <summary>
/// CSV and Excel exports of the tenant's vendors, latest findings, decisions and obligations, for internal members (auditors
/// included: taking data away is what they are for; vendor contacts never). A small export is the answer to the
/// POST itself; a larger one (more source rows than <c>Exports:DirectRowLimit</c>, see ADR-012) becomes an
/// <see cref="ExportJob"/> run by Hangfire, and the member is sent to its progress page.
/// </summary>
public sealed class IndexModel(AppDbContext db, TenantContext tenant, ExportBuilder builder, AuditLog audit, TimeProvider clock,
    IBackgroundJobClient jobs, IConfiguration configuration) : PageModel
{
    public const int DefaultDirectRowLimit = 1000;
    public const string DownloadedAction = "export.downloaded";
    public const string RequestedAction = "export.requested";

    public sealed record JobRow(Guid Id, ExportKind Kind, ExportFormat Format, ExportJobStatus Status, int Progress, DateTimeOffset CreatedAt, int? Rows);

    [BindProperty] public ExportInput Input { get; set; } = new();

    public IReadOnlyList<JobRow> Jobs { get; private set; } = [];
    public int DirectRowLimit => Math.Max(0, configuration.GetValue("Exports:DirectRowLimit", DefaultDirectRowLimit));
    public string Slug => tenant.Slug!;

    public sealed class ExportInput
    {
        [Required(ErrorMessage = "Choose what to export.")]
        [EnumDataType(typeof(ExportKind), ErrorMessage = "Choose vendors, findings, decisions or obligations.")]
        [Display(Name = "What to export")]
        public ExportKind? Kind { get; set; }

        [Required(ErrorMessage = "Choose CSV or Excel.")]
        [EnumDataType(typeof(ExportFormat), ErrorMessage = "Choose CSV or Excel.")]
        [Display(Name = "Format")]
        public ExportFormat? Format { get; set; }
    }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Input.Kind ??= ExportKind.Vendors;
        Input.Format ??= ExportFormat.Xlsx;
        await LoadAsync(cancellationToken);
    }

    [AuditorMayPost]
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            await LoadAsync(cancellationToken);
            return Page();
        }
        var kind = Input.Kind!.Value;
        var format = Input.Format!.Value;
        var size = await builder.CountSourceRowsAsync(kind, cancellationToken);
        if (size <= DirectRowLimit)
        {
            var output = new MemoryStream();
            int rows;
            await using (var sink = ExportBuilder.Sink(format, output, kind))
            {
                rows = await builder.WriteAsync(kind, sink, null, cancellationToken);
            }
            var fileName = ExportBuilder.FileName(kind, format, Slug, clock.GetUtcNow());
            audit.Record(DownloadedAction, null, null, new { kind = kind.ToString(), format = format.ToString(), rows, fileName, direct = true });
            await db.SaveChangesAsync(cancellationToken);
            output.Position = 0;
            Response.Headers[HeaderNames.CacheControl] = "private, no-store";
            return File(output, ExportBuilder.ContentType(format), fileName);
        }

        var job = ExportJob.Create(tenant.UserId!.Value, kind, format, clock.GetUtcNow());
        db.Set<ExportJob>().Add(job);
        audit.Record(RequestedAction, nameof(ExportJob), job.Id, new { kind = kind.ToString(), format = format.ToString(), sourceRows = size });
        await db.SaveChangesAsync(cancellationToken);
        var tenantId = tenant.TenantId!.Value;
        jobs.Enqueue<ExportJobRunner>(r => r.RunAsync(tenantId, job.Id, CancellationToken.None));
        TempData["Status"] = $"The {ExportBuilder.Title(kind).ToLowerInvariant()} export is being prepared. This page shows its progress.";
        return Redirect($"/t/{Slug}/exports/job/{job.Id}");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var me = tenant.UserId!.Value;
        Jobs = await db.Set<ExportJob>().AsNoTracking().Where(j => j.RequestedByUserId == me)
            .OrderByDescending(j => j.CreatedAt).Take(20)
            .Select(j => new JobRow(j.Id, j.Kind, j.Format, j.Status, j.ProgressPercent, j.CreatedAt, j.RowCount))
            .ToListAsync(cancellationToken);
    }

    public static string Describe(ExportKind kind) => ExportBuilder.Title(kind);

    public static string Describe(ExportFormat format) => format == ExportFormat.Csv ? "CSV" : "Excel (XLSX)";
}
