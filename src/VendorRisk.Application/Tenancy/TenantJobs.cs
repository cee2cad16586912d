using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Tenancy;

/// <summary>A tenant as a job sees it.</summary>
public sealed record TenantRef(Guid Id, string Slug, string Name);

/// <summary>
/// How every job enters tenants: each tenant's work runs in a DI scope of its own that entered that tenant as the system (no person),
/// so one tenant's change tracker, tenant context and failures never reach another's. A tenant whose work fails is logged and
/// retried by the job's next run; the others go on.
/// </summary>
public sealed class TenantJobs(IServiceScopeFactory scopes, ILogger<TenantJobs> logger)
{
    public async Task<IReadOnlyList<TenantRef>> TenantsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Tenants.AsNoTracking().OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .Select(t => new TenantRef(t.Id, t.Slug, t.Name)).ToListAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> for every tenant, each in its own scope; returns the sum of what the runs return.</summary>
    public async Task<int> ForEachTenantAsync(string job, Func<IServiceProvider, TenantRef, CancellationToken, Task<int>> work,
        CancellationToken cancellationToken)
    {
        var total = 0;
        foreach (var tenant in await TenantsAsync(cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                total += await InTenantAsync(tenant.Id, services => work(services, tenant, cancellationToken));
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
            {
                logger.LogError(e, "{Job} failed for tenant {TenantId}; its next run retries it", job, tenant.Id);
            }
        }
        return total;
    }

    /// <summary>Runs <paramref name="work"/> in a new scope that entered <paramref name="tenantId"/> as the system.</summary>
    public async Task<T> InTenantAsync<T>(Guid tenantId, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantDoor>().EnterAsSystem(tenantId);
        return await work(scope.ServiceProvider);
    }

    public Task InTenantAsync(Guid tenantId, Func<IServiceProvider, Task> work) =>
        InTenantAsync(tenantId, async services => { await work(services); return true; });
}
