using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Application.Seeding;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Persistence;

public sealed class DemoSeederTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static readonly DemoSeeder.DemoData Data = DemoSeeder.Load(Path.Combine(AppContext.BaseDirectory, "seed-data"));

    private Task SeedAsync() => app.InScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync(Data, AppRole.PlatformOperator));

    [Fact]
    public async Task Seeding_creates_the_demo_tenant_once_and_never_changes_existing_data()
    {
        await SeedAsync();
        var tenant = await app.InDbAsync(db => db.Tenants.SingleAsync(t => t.Slug == Data.Tenant.Slug));
        var counts = await CountsAsync(tenant.Id);
        Assert.Equal(Data.Users.Count, counts.Members);
        Assert.Equal(Data.Vendors.Count, counts.Vendors);
        Assert.True(counts.AiSystems > 0);
        // Documents on the vendor record are evidence records the organisation uploaded, each with its file (ADR-025).
        var documents = await app.InDbAsync(db => db.EvidenceRecords.Where(r => !r.ByVendor).Select(r => new { r.FileName, r.StorageKey, r.Length }).ToListAsync(),
            tenant.Id);
        Assert.Contains(documents, d => d.FileName == "iso-27001-certificate.txt");
        await app.InScopeAsync(async sp =>
        {
            var storage = sp.GetRequiredService<VendorRisk.Infrastructure.Files.IEvidenceStorage>();
            foreach (var d in documents)
            {
                await using var stream = await storage.OpenReadAsync(d.StorageKey, CancellationToken.None);
                Assert.NotNull(stream);
                Assert.Equal(d.Length, stream!.Length);
            }
            return 0;
        });

        // Someone edits a seeded vendor; seeding again must neither duplicate nor revert anything.
        var lumen = Data.Vendors[0].LegalName;
        await app.InDbAsync(async db =>
        {
            var v = await db.Vendors.SingleAsync(x => x.LegalName == lumen);
            v.UpdateDetails(lumen, null, "FR", "Changed by a user");
            return await db.SaveChangesAsync();
        }, tenant.Id);

        await SeedAsync();

        Assert.Equal(counts, await CountsAsync(tenant.Id));
        var edited = await app.InDbAsync(db => db.Vendors.SingleAsync(x => x.LegalName == lumen), tenant.Id);
        Assert.Equal("Changed by a user", edited.Description);
        Assert.Equal("FR", edited.Country);
    }

    [Fact]
    public async Task Seeding_adds_only_what_is_missing()
    {
        await SeedAsync();
        var tenant = await app.InDbAsync(db => db.Tenants.SingleAsync(t => t.Slug == Data.Tenant.Slug));
        var sable = Data.Vendors.Single(v => v.Key == "sable-vision").LegalName;
        await app.InDbAsync(async db =>
        {
            db.Vendors.Remove(await db.Vendors.SingleAsync(v => v.LegalName == sable));
            return await db.SaveChangesAsync();
        }, tenant.Id);

        await SeedAsync();

        Assert.Equal(1, await app.InDbAsync(db => db.Vendors.CountAsync(v => v.LegalName == sable), tenant.Id));
        Assert.Equal(Data.Vendors.Count, (await CountsAsync(tenant.Id)).Vendors);
    }

    private sealed record Counts(int Members, int Vendors, int AiSystems, int Users);

    private Task<Counts> CountsAsync(Guid tenantId) =>
        app.InDbAsync(async db => new Counts(
            await db.Memberships.CountAsync(), await db.Vendors.CountAsync(), await db.AiSystems.CountAsync(),
            await db.Users.CountAsync()), tenantId);
}
