using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Audit;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Audit;

public sealed class AuditChainConcurrencyTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task Parallel_writers_append_to_one_chain_without_gaps_or_errors()
    {
        var tenant = await app.CreateTenantAsync();
        const int writers = 24;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(() => app.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<AuditLog>().Record("test.parallel", "Test", i);
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        }, tenant.Id))));

        var sequences = await app.InDbAsync(db => db.AuditEvents.Where(e => e.Action == "test.parallel").Select(e => e.Sequence).OrderBy(s => s).ToListAsync(), tenant.Id);
        Assert.Equal(Enumerable.Range(1, writers).Select(i => (long)i), sequences);
        var verification = await app.InScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyCurrentChainAsync(), tenant.Id);
        Assert.True(verification.IsIntact, verification.Message);
    }

    [Fact]
    public async Task Parallel_writers_on_the_platform_chain_all_succeed()
    {
        const int writers = 16;
        var before = await app.InDbAsync(db => db.AuditEvents.CountAsync(e => e.TenantId == AuditEvent.PlatformChain));

        await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(() => app.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<AuditLog>().Record("test.platform-parallel", "Test", i);
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        }))));

        Assert.Equal(before + writers, await app.InDbAsync(db => db.AuditEvents.CountAsync(e => e.TenantId == AuditEvent.PlatformChain)));
        var verification = await app.InScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyCurrentChainAsync());
        Assert.True(verification.IsIntact, verification.Message);
    }
}
