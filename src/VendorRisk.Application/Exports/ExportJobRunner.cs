using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VendorRisk.Domain.Reports;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Infrastructure.Exports;

namespace VendorRisk.Application.Exports;

/// <summary>
/// Runs one <see cref="ExportJob"/> in the background (Hangfire): marks it running, writes the export to a temporary
/// file while saving its progress after each chunk, stores the file and marks the job done, or failed with a
/// reason the requester can read. The job carries only ids; a run for a job already finished does nothing, so a
/// Hangfire retry or a duplicate enqueue is harmless, and a run interrupted midway starts again from nothing.
/// </summary>
public sealed class ExportJobRunner(IServiceScopeFactory scopes, IEvidenceStorage storage, TimeProvider clock, ILogger<ExportJobRunner> logger)
{
    public const string CompletedAction = "export.completed";

    public static string StorageKeyOf(Guid jobId) => "export-" + jobId.ToString("N");

    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(Guid tenantId, Guid exportJobId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().EnterAsSystem(tenantId);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var job = await db.Set<ExportJob>().SingleOrDefaultAsync(j => j.Id == exportJobId, cancellationToken);
        if (job is null || job.IsFinished) return;
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
                    var builder = scope.ServiceProvider.GetRequiredService<ExportBuilder>();
                    rows = await builder.WriteAsync(job.Kind, sink, async percent =>
                    {
                        job.ReportProgress(percent);
                        await db.SaveChangesAsync(cancellationToken);
                    }, cancellationToken);
                }
                file.Position = 0;
                var key = StorageKeyOf(job.Id);
                await storage.DeleteAsync(key, cancellationToken);
                await storage.SaveAsync(key, file, cancellationToken);
                var now = clock.GetUtcNow();
                job.Succeed(key, ExportBuilder.FileName(job.Kind, job.Format, slug, now), file.Length, rows, now);
            }
            scope.ServiceProvider.GetRequiredService<AuditLog>().Record(CompletedAction, nameof(ExportJob), job.Id,
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
    }
}
