using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Audit;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Tenancy;

public sealed class TenantIsolationTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public void Every_tenant_owned_entity_has_the_tenant_query_filter()
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenantOwned = db.Model.GetEntityTypes().Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType)).ToList();

        Assert.NotEmpty(tenantOwned);
        Assert.Contains(tenantOwned, t => t.ClrType == typeof(Vendor));
        foreach (var type in tenantOwned)
        {
            var filter = AppDbContext.TenantFilterOf(type);
            Assert.True(filter is not null, $"{type.ClrType.Name} is tenant-owned but has no tenant query filter.");
            // The filter must read the tenant from the context instance, not from a constant cached in the model.
            Assert.Contains(nameof(AppDbContext.CurrentTenantId), filter!.ToString(), StringComparison.Ordinal);
        }
        Assert.NotNull(AppDbContext.TenantFilterOf(db.Model.FindEntityType(typeof(AuditEvent))!));
    }

    [Fact]
    public async Task Queries_see_only_the_current_tenants_rows_and_nothing_without_a_tenant()
    {
        var a = await app.CreateTenantAsync();
        var b = await app.CreateTenantAsync();
        await AddVendorAsync(a, "Alpha Vendor");
        await AddVendorAsync(b, "Beta Vendor");

        var seenByA = await app.InDbAsync(db => db.Vendors.Select(v => v.LegalName).ToListAsync(), a.Id);
        var seenByB = await app.InDbAsync(db => db.Vendors.Select(v => v.LegalName).ToListAsync(), b.Id);
        var seenByNobody = await app.InDbAsync(db => db.Vendors.CountAsync());

        Assert.Equal(["Alpha Vendor"], seenByA);
        Assert.Equal(["Beta Vendor"], seenByB);
        Assert.Equal(0, seenByNobody);
    }

    [Fact]
    public async Task Saving_a_row_with_another_tenants_id_throws_and_writes_nothing()
    {
        var a = await app.CreateTenantAsync();
        var b = await app.CreateTenantAsync();
        var vendorOfB = await AddVendorAsync(b, "Owned By B");
        var before = await app.CountAllAsync<TenantMembership>();

        // A new row stamped for B, saved in A's scope.
        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Memberships.Add(TenantMembership.Create(b.Id, Guid.NewGuid(), TenantRoles.Reviewer, app.Clock.GetUtcNow()));
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
        }, a.Id);

        // B's existing row, attached and modified in A's scope.
        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var stolen = await db.Vendors.IgnoreQueryFilters().SingleAsync(v => v.Id == vendorOfB.Id);
            stolen.UpdateDetails("Renamed by A", null, null, null);
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
        }, a.Id);

        Assert.Equal(before, await app.CountAllAsync<TenantMembership>());
        var name = await app.InDbAsync(db => db.Vendors.Where(v => v.Id == vendorOfB.Id).Select(v => v.LegalName).SingleAsync(), b.Id);
        Assert.Equal("Owned By B", name);
    }

    [Fact]
    public async Task Saving_a_tenant_owned_row_without_a_tenant_throws()
    {
        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Vendors.Add(Vendor.Create("Nobody's", null, null, null, app.Clock.GetUtcNow()));
            await Assert.ThrowsAsync<TenantIsolationException>(() => db.SaveChangesAsync());
        });
    }

    [Fact]
    public async Task New_rows_are_stamped_with_the_current_tenant()
    {
        var a = await app.CreateTenantAsync();
        var vendor = await AddVendorAsync(a, "Stamped");
        Assert.Equal(a.Id, vendor.TenantId);
    }

    [Fact]
    public async Task A_user_of_tenant_A_gets_404_for_tenant_Bs_pages_and_unknown_tenants_alike()
    {
        var a = await app.CreateTenantAsync();
        var b = await app.CreateTenantAsync();
        var userOfA = await app.CreateMemberAsync(a, TenantRoles.TenantAdmin);
        await app.CreateMemberAsync(b, TenantRoles.TenantAdmin);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(userOfA.Email!);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/t/{a.Slug}/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/t/{b.Slug}/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/t/{b.Slug}/vendors")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/t/no-such-tenant/dashboard")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_requests_to_any_tenant_go_to_sign_in_whether_or_not_it_exists()
    {
        var a = await app.CreateTenantAsync();
        var client = app.CreateBrowserClient();

        var existing = await client.GetAsync($"/t/{a.Slug}/dashboard");
        var missing = await client.GetAsync("/t/no-such-tenant/dashboard");

        Assert.Equal(HttpStatusCode.Redirect, existing.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, missing.StatusCode);
        Assert.StartsWith("/account/login", existing.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.StartsWith("/account/login", missing.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_vendor_contact_cannot_open_internal_pages()
    {
        var a = await app.CreateTenantAsync();
        var vendor = await AddVendorAsync(a, "Contact's Vendor");
        var contact = await app.CreateMemberAsync(a, TenantRoles.VendorContact, vendorId: vendor.Id);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(contact.Email!);

        var response = await client.GetAsync($"/t/{a.Slug}/vendors");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/errors/403", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [SqliteOnlyFact]
    public async Task Sqlite_connections_run_in_WAL_mode_with_a_busy_timeout()
    {
        var (mode, timeout) = await app.InDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            var journal = (string)(await command.ExecuteScalarAsync())!;
            command.CommandText = "PRAGMA busy_timeout";
            var busy = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            return (journal, busy);
        });
        Assert.Equal("wal", mode);
        Assert.True(timeout >= 1000, $"busy_timeout is {timeout} ms");
    }

    private Task<Vendor> AddVendorAsync(Tenant tenant, string name) =>
        app.InDbAsync(async db =>
        {
            var vendor = Vendor.Create(name, null, null, null, app.Clock.GetUtcNow());
            db.Vendors.Add(vendor);
            await db.SaveChangesAsync();
            return vendor;
        }, tenant.Id);
}
