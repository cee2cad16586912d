using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Reports;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Exports;

/// <summary>What to export. Both are required; null stands for a choice not made (or not understood).</summary>
public sealed record ExportRequest(ExportKind? Kind, ExportFormat? Format);

/// <summary>An export file to hand to the person; the caller disposes <see cref="Content"/> (a file result does).</summary>
public sealed record ExportFile(Stream Content, string ContentType, string FileName);

/// <summary>An export asked for: the file itself when small (<see cref="File"/>), else the background job preparing it (<see cref="JobId"/>).</summary>
public sealed record ExportStarted(ExportFile? File, Guid? JobId);

/// <summary>
/// CSV and Excel exports of the tenant's vendors, latest findings, decisions and obligations. A small export is written at once; a
/// larger one (more source rows than <c>Exports:DirectRowLimit</c>, see ADR-012) becomes an <see cref="ExportJob"/> run by Hangfire
/// (<see cref="ExportJobRunner"/> enters the tenant and calls <see cref="RunAsync"/>). Every download and request is audited.
/// </summary>
public sealed class ExportOperations(AppDbContext db, ExportBuilder builder, AuditLog audit, TimeProvider clock, Access access,
    IBackgroundJobClient jobs, IConfiguration configuration, IEvidenceStorage storage, ILogger<ExportOperations> logger)
{
    public const int DefaultDirectRowLimit = 1000;
    public const string DownloadedAction = "export.downloaded";
    public const string RequestedAction = "export.requested";
    public const string CompletedAction = "export.completed";

    /// <summary>Taking data away is what auditors are for: every internal member may export (vendor contacts never).</summary>
    public static readonly RolePermission Export = new("exports.export", TenantRolesExtensions.Internal);

    /// <summary>Only a job (the system) runs a background export; it acts for the member who asked.</summary>
    public static readonly RolePermission Run = new("exports.run", TenantRoles.None, ForJobs: true);

    /// <summary>Up to how many source rows an export is the answer to the request itself.</summary>
    public int DirectRowLimit => Math.Max(0, configuration.GetValue("Exports:DirectRowLimit", DefaultDirectRowLimit));

    /// <summary>The export as a file when it is small, otherwise a background job for it (its id).</summary>
    public async Task<Outcome<ExportStarted>> ExportAsync(ExportRequest request, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Export) is { } forbidden) return forbidden;
        if (access.Tenant is not { UserId: { } me, TenantId: { } tenantId, Slug: { } slug }) return Fail.Forbidden();
        var errors = new List<FieldError>();
        if (request.Kind is null) errors.Add(new(nameof(request.Kind), "Choose what to export."));
        else if (!Enum.IsDefined(request.Kind.Value)) errors.Add(new(nameof(request.Kind), "Choose vendors, findings, decisions or obligations."));
        if (request.Format is null || !Enum.IsDefined(request.Format.Value)) errors.Add(new(nameof(request.Format), "Choose CSV or Excel."));
        if (errors.Count > 0) return Fail.Invalid(errors);
        var (kind, format) = (request.Kind!.Value, request.Format!.Value);

        var size = await builder.CountSourceRowsAsync(kind, cancellationToken);
        if (size <= DirectRowLimit)
        {
            var output = new MemoryStream();
            int rows;
            await using (var sink = ExportBuilder.Sink(format, output, kind))
            {
                rows = await builder.WriteAsync(kind, sink, null, cancellationToken);
            }
            var fileName = ExportBuilder.FileName(kind, format, slug, clock.GetUtcNow());
            audit.Record(DownloadedAction, null, null, new { kind = kind.ToString(), format = format.ToString(), rows, fileName, direct = true });
            await db.SaveChangesAsync(cancellationToken);
            output.Position = 0;
            return new ExportStarted(new ExportFile(output, ExportBuilder.ContentType(format), fileName), null);
        }

        var job = ExportJob.Create(me, kind, format, clock.GetUtcNow());
        db.Set<ExportJob>().Add(job);
        audit.Record(RequestedAction, nameof(ExportJob), job.Id, new { kind = kind.ToString(), format = format.ToString(), sourceRows = size });
        await db.SaveChangesAsync(cancellationToken);
        jobs.Enqueue<ExportJobRunner>(r => r.RunAsync(tenantId, job.Id, CancellationToken.None));
        return new ExportStarted(null, job.Id);
    }

    /// <summary>The file of one of the member's own finished exports, the download audited; not found while it is not ready.</summary>
    public async Task<Outcome<ExportFile>> DownloadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Export) is { } forbidden) return forbidden;
        if (access.Tenant.UserId is not { } me) return Fail.NotFound("There is no such export.");
        var job = await db.Set<ExportJob>().AsNoTracking().Where(j => j.Id == id && j.RequestedByUserId == me && j.Status == ExportJobStatus.Succeeded)
            .Select(j => new { j.Kind, j.Format, j.RowCount, j.FileName, j.StorageKey })
            .SingleOrDefaultAsync(cancellationToken);
        if (job is null) return Fail.NotFound("There is no such export.");
        var stream = job.StorageKey is null ? null : await storage.OpenReadAsync(job.StorageKey, cancellationToken);
        if (stream is null) return Fail.NotFound("The export's file is no longer there.");
        audit.Record(DownloadedAction, nameof(ExportJob), id,
            new { kind = job.Kind.ToString(), format = job.Format.ToString(), rows = job.RowCount, fileName = job.FileName, direct = false });
        await db.SaveChangesAsync(cancellationToken);
        return new ExportFile(stream, ExportBuilder.ContentType(job.Format), job.FileName!);
    }

    /// <summary>
    /// Runs one background export in the tenant the job entered: marks it running, writes the export to a temporary file while saving
    /// its progress after each chunk, stores the file and marks the job done, or failed with a reason the requester can read. A run for
    /// a job already finished does nothing, so a retry or a duplicate enqueue is harmless, and a run interrupted midway starts again.
    /// </summary>
    public async Task<Outcome> RunAsync(Guid exportJobId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Run) is { } forbidden) return forbidden;
        var tenantId = access.Tenant.TenantId!.Value;
        var job = await db.Set<ExportJob>().SingleOrDefaultAsync(j => j.Id == exportJobId, cancellationToken);
        if (job is null) return Fail.NotFound("There is no such export.");
        if (job.IsFinished) return Outcome.Ok();
        var slug = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Slug).SingleAsync(cancellationToken);

        job.Start(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);

        var temporary = Path.Combine(Path.GetTempPath(), "vendorrisk-export-" + Guid.NewGuid().ToString("N"));
        try
        {
            int rows;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await using (var sink = ExportBuilder.Sink(job.Format, file, job.Kind))
                {
                    rows = await builder.WriteAsync(job.Kind, sink, async percent =>
                    {
                        job.ReportProgress(percent);
                        await db.SaveChangesAsync(cancellationToken);
                    }, cancellationToken);
                }
                file.Position = 0;
                var key = ExportJobRunner.StorageKeyOf(job.Id);
                await storage.DeleteAsync(key, cancellationToken);
                await storage.SaveAsync(key, file, cancellationToken);
                var now = clock.GetUtcNow();
                job.Succeed(key, ExportBuilder.FileName(job.Kind, job.Format, slug, now), file.Length, rows, now);
            }
            audit.Record(CompletedAction, nameof(ExportJob), job.Id,
                new { kind = job.Kind.ToString(), format = job.Format.ToString(), rows, job.FileName }, actorUserId: job.RequestedByUserId);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Export job {ExportJobId} of tenant {TenantId} failed", exportJobId, tenantId);
            db.ChangeTracker.Clear();
            var failed = await db.Set<ExportJob>().SingleAsync(j => j.Id == exportJobId, cancellationToken);
            if (!failed.IsFinished)
            {
                failed.Fail("The export could not be completed. Please try again; if it keeps failing, tell your administrator.", clock.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        return Outcome.Ok();
    }
}
