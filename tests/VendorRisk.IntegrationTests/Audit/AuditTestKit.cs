using Microsoft.Extensions.DependencyInjection;
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
