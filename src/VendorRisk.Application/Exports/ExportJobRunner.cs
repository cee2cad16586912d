using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.Tenancy;

namespace VendorRisk.Application.Exports;

/// <summary>
/// Runs one <see cref="Domain.Reports.ExportJob"/> in the background (Hangfire): enters its tenant through <see cref="TenantJobs"/> and
/// calls <see cref="ExportOperations.RunAsync"/>. The job carries only ids; a run for a job already finished does nothing, so a
/// Hangfire retry or a duplicate enqueue is harmless.
/// </summary>
public sealed class ExportJobRunner(TenantJobs tenants)
{
    public static string StorageKeyOf(Guid jobId) => "export-" + jobId.ToString("N");

    [AutomaticRetry(Attempts = 0)]
    public Task RunAsync(Guid tenantId, Guid exportJobId, CancellationToken cancellationToken) =>
        tenants.InTenantAsync(tenantId, services => services.GetRequiredService<ExportOperations>().RunAsync(exportJobId, cancellationToken));
}
