using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.Common;
using VendorRisk.Application.Tenancy;
using VendorRisk.Domain.Audit;
using VendorRisk.Infrastructure.Audit;

namespace VendorRisk.Application.AuditTrail;

/// <summary>One chain's verification: a tenant's, the platform's, or one that only the checkpoints still know (its tenant is gone).</summary>
public sealed record AuditChainReport(Guid Chain, string Name, AuditChainVerification Result);

/// <summary>
/// Every audit chain verified against its keyed rows and its signed checkpoints (ADR-036): for the operators' page and the
/// <c>verify-audit</c> command. Names and results only, never an event's content.
/// </summary>
public sealed class AuditChainQueries(TenantJobs tenants, IServiceScopeFactory scopes, AuditAnchors anchors, PlatformAccess platform)
{
    public const string PlatformName = "Platform (sign-ins, resets, operators)";

    /// <summary>Every chain's result, for a platform operator.</summary>
    public async Task<Outcome<AuditChainReport[]>> ForOperatorAsync(CancellationToken cancellationToken)
    {
        if (await platform.DemandOperatorAsync() is { } forbidden) return forbidden;
        return (await VerifyAllAsync(cancellationToken)).ToArray();
    }

    /// <summary>
    /// The platform chain, every tenant's, and every chain the checkpoint file knows whose tenant no longer exists (a deleted tenant
    /// takes its chain with it: its checkpoints say so). Called by the operator page and by the command line, which runs as the system.
    /// </summary>
    public async Task<IReadOnlyList<AuditChainReport>> VerifyAllAsync(CancellationToken cancellationToken)
    {
        var reports = new List<AuditChainReport>();
        await using (var scope = scopes.CreateAsyncScope())
        {
            reports.Add(new AuditChainReport(AuditEvent.PlatformChain, PlatformName,
                await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyCurrentChainAsync(cancellationToken)));
        }
        var known = await tenants.TenantsAsync(cancellationToken);
        foreach (var tenant in known)
        {
            var result = await tenants.InTenantAsync(tenant.Id, s => s.GetRequiredService<AuditVerifier>().VerifyCurrentChainAsync(cancellationToken));
            reports.Add(new AuditChainReport(tenant.Id, $"{tenant.Name} ({tenant.Slug})", result));
        }
        foreach (var orphan in (await anchors.ChainsAsync(cancellationToken)).Where(c => c != AuditEvent.PlatformChain && known.All(t => t.Id != c)))
        {
            var result = await tenants.InTenantAsync(orphan, s => s.GetRequiredService<AuditVerifier>().VerifyCurrentChainAsync(cancellationToken));
            reports.Add(new AuditChainReport(orphan, $"Tenant {orphan} (no longer in the database)", result));
        }
        return reports;
    }
}
