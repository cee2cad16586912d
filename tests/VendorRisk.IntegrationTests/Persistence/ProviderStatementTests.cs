using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Portfolio;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.IntegrationTests.Persistence;

/// <summary>
/// The statements the app sends to SQL Server, read without a server (none can run on the CI machines, ADR-023): the
/// connection is never opened and each command is captured instead of executed. They are what a reviewer checks; they
/// have not run against SQL Server. The PostgreSQL statements are checked the same way here, and run for real in the
/// suite's PostgreSQL pass.
/// </summary>
public sealed class ProviderStatementTests
{
    private static readonly Guid Tenant = Guid.Parse("0190a5f0-0000-7000-8000-000000000001");

    [Fact]
    public async Task SqlServer_counters_move_by_an_atomic_merge_that_holds_its_range_lock()
    {
        var sql = await CounterStatementsAsync(capture => new SqlServerAppDbContext(new DbContextOptionsBuilder<SqlServerAppDbContext>()
            .UseSqlServer("Server=(unused);Database=VendorRisk").AddInterceptors(capture).Options, new TenantContext()));

        var statement = Assert.Single(sql);
        Assert.Contains("""MERGE "PortfolioCounters" WITH (HOLDLOCK) AS c""", statement, StringComparison.Ordinal);
        Assert.Contains("""WHEN MATCHED THEN UPDATE SET "Value" = c."Value" + @p2""", statement, StringComparison.Ordinal);
        Assert.Contains("""WHEN NOT MATCHED THEN INSERT ("TenantId", "Name", "Value") VALUES (k."TenantId", k."Name", @p3)""", statement, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostgreSql_counters_move_by_an_atomic_insert_on_conflict_update()
    {
        var sql = await CounterStatementsAsync(capture => new PostgreSqlAppDbContext(new DbContextOptionsBuilder<PostgreSqlAppDbContext>()
            .UseNpgsql("Host=unused;Database=vendorrisk").AddInterceptors(capture).Options, new TenantContext()));

        var statement = Assert.Single(sql);
        Assert.Contains("""INSERT INTO "PortfolioCounters" AS c ("TenantId", "Name", "Value") VALUES (@p0, @p1, @p2)""", statement, StringComparison.Ordinal);
        Assert.Contains("""ON CONFLICT ("TenantId", "Name") DO UPDATE SET "Value" = c."Value" + EXCLUDED."Value";""", statement, StringComparison.Ordinal);
    }

    [Fact]
    public void SqlServer_migration_script_creates_every_table_and_the_covering_search_index()
    {
        using var db = new SqlServerAppDbContext(
            new DbContextOptionsBuilder<SqlServerAppDbContext>().UseSqlServer("Server=(unused);Database=VendorRisk").Options, new TenantContext());
        var script = db.GetService<IMigrator>().GenerateScript();

        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct())
            Assert.Contains($"CREATE TABLE [{table}] (", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX [IX_Vendors_Search] ON [Vendors] ([TenantId], [LegalName]) INCLUDE ([Description]);", script, StringComparison.Ordinal);
        Assert.Contains("[DecidedAt] datetimeoffset NULL", script, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgreSql_migration_script_makes_searched_columns_case_insensitive()
    {
        using var db = new PostgreSqlAppDbContext(
            new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql("Host=unused;Database=vendorrisk").Options, new TenantContext());
        var script = db.GetService<IMigrator>().GenerateScript();

        Assert.Contains("CREATE EXTENSION IF NOT EXISTS citext;", script, StringComparison.Ordinal);
        Assert.Contains("\"LegalName\" citext NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("\"ActorName\" citext", script, StringComparison.Ordinal);
        Assert.Contains("""CREATE INDEX "IX_Vendors_Id_TenantId_Status" ON "Vendors" ("Id") INCLUDE ("TenantId", "Status");""", script, StringComparison.Ordinal);
    }

    /// <summary>The statements one counter change sends, on a context whose connection is never opened.</summary>
    private static async Task<List<string>> CounterStatementsAsync(Func<Capture, AppDbContext> create)
    {
        var capture = new Capture();
        await using var db = create(capture);
        var changes = new PortfolioCounters.Changes(
            new Dictionary<(Guid, string), int> { [(Tenant, PortfolioCounters.StatusCounter(Domain.Vendors.VendorStatus.Active))] = 1 },
            new HashSet<(Guid, Domain.Vendors.DependencyKind, string)>());
        await PortfolioCounters.ApplyAsync(db, changes, CancellationToken.None);
        return capture.Statements;
    }

    private sealed class Capture : DbCommandInterceptor, IDbConnectionInterceptor
    {
        public List<string> Statements { get; } = [];

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Statements.Add(command.CommandText);
            return ValueTask.FromResult(InterceptionResult<int>.SuppressWithResult(1));
        }

        public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default) => ValueTask.FromResult(InterceptionResult.Suppress());
    }
}
