using Microsoft.Extensions.Diagnostics.HealthChecks;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Web.Security;

/// <summary>/health answers Unhealthy when the database cannot be reached.</summary>
public sealed class DatabaseHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database cannot be reached.");
}
