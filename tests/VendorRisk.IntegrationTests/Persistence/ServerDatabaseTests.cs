using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Testing;

namespace VendorRisk.IntegrationTests.Persistence;

/// <summary>
/// What nodes of a deployment share through the database they run on: the data-protection key ring (sign-in cookies and
/// anti-forgery tokens made by one node are read by another) and, on a server database, Hangfire's jobs.
/// </summary>
public sealed class ServerDatabaseTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task Data_protection_keys_are_kept_in_the_app_database()
    {
        var protector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        var secret = protector.Protect("shared between nodes");

        Assert.True(await app.InDbAsync(db => db.DataProtectionKeys.CountAsync()) > 0);
        Assert.Equal("shared between nodes", protector.Unprotect(secret));
    }

    [Fact]
    public async Task Jobs_are_stored_where_the_provider_says()
    {
        var storage = app.Services.GetRequiredService<JobStorage>();
        var jobs = app.Services.GetRequiredService<IBackgroundJobClient>();

        var id = jobs.Enqueue<OutboxDispatcher>(d => d.DeliverDueAsync(CancellationToken.None));

        if (!TestDatabase.IsPostgres)
        {
            Assert.IsType<SQLiteStorage>(storage);
            return;
        }
        Assert.IsType<PostgreSqlStorage>(storage);
        // In the app's own database, schema "hangfire": every node that uses the database sees the job.
        var stored = await app.InDbAsync(db => db.Database
            .SqlQuery<long>($"""SELECT "id" AS "Value" FROM hangfire."job" WHERE "id" = {long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)}""")
            .ToListAsync());
        Assert.Single(stored);
    }
}
