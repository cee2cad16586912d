using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.AuditTrail;
using VendorRisk.Domain.Audit;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Audit;

/// <summary>Audit chains to tamper with: a tenant whose chain holds its creation and a number of further events, a second apart.</summary>
internal static class AuditTestKit
{
    public static async Task<Tenant> TenantWithEventsAsync(VendorRiskApp app, int count)
    {
        var tenant = await app.CreateTenantAsync();
        await app.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<AuditLog>().Record(AuditActions.TenantCreated, "Tenant", tenant.Id, new { tenant.Slug });
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        }, tenant.Id);
        await MoreEventsAsync(app, tenant, count);
        return tenant;
    }

    /// <summary>One run of the checkpoint job: a signed checkpoint of every chain whose head moved, to the file and every sink.</summary>
    public static Task<int> CheckpointAsync(VendorRiskApp app) =>
        app.InScopeAsync(sp => sp.GetRequiredService<AuditCheckpointJob>().RunAsync(CancellationToken.None));

    /// <summary>The verifier's result for a chain, as the audit trail page shows it.</summary>
    public static Task<AuditChainVerification> VerifyAsync(VendorRiskApp app, Guid chain) =>
        app.InScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyCurrentChainAsync(), chain);

    public static Task MoreEventsAsync(VendorRiskApp app, Tenant tenant, int count) =>
        app.InScopeAsync(async sp =>
        {
            var audit = sp.GetRequiredService<AuditLog>();
            var db = sp.GetRequiredService<AppDbContext>();
            for (var i = 1; i <= count; i++)
            {
                app.Clock.Advance(TimeSpan.FromSeconds(1));
                audit.Record(AuditActions.RolesChanged, "Membership", Guid.NewGuid(), new { n = i });
                await db.SaveChangesAsync();
            }
        }, tenant.Id);
}
