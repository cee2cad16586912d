using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.IntegrationTests.Persistence;

public sealed class MigrationTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"vendorrisk-migrations-{Guid.NewGuid():N}.db");

    [Fact]
    public void Sqlite_model_has_no_changes_missing_from_its_migrations()
    {
        using var db = new SqliteAppDbContext(
            new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={_file}").Options, new TenantContext());
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a SQLite migration: run src/VendorRisk.Infrastructure/Persistence/add-migration.sh <Name>.");
    }

    [Fact]
    public void SqlServer_model_has_no_changes_missing_from_its_migrations()
    {
        // No server is needed: the check compares the model with the last migration's snapshot.
        using var db = new SqlServerAppDbContext(
            new DbContextOptionsBuilder<SqlServerAppDbContext>().UseSqlServer("Server=(unused);Database=VendorRisk").Options, new TenantContext());
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a SQL Server migration: run src/VendorRisk.Infrastructure/Persistence/add-migration.sh <Name>.");
    }

    [Fact]
    public void PostgreSql_model_has_no_changes_missing_from_its_migrations()
    {
        // No server is needed either: the suite's PostgreSQL pass applies these migrations to a real server.
        using var db = new PostgreSqlAppDbContext(
            new DbContextOptionsBuilder<PostgreSqlAppDbContext>().UseNpgsql("Host=unused;Database=vendorrisk").Options, new TenantContext());
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a PostgreSQL migration: run src/VendorRisk.Infrastructure/Persistence/add-migration.sh <Name>.");
    }

    [Fact]
    public async Task Applying_the_sqlite_migrations_to_an_empty_file_gives_the_current_model()
    {
        await using var db = new SqliteAppDbContext(
            new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={_file}").Options, new TenantContext());
        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        // Every table and column of the model exists in the migrated file.
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await connection.OpenAsync();
        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null))
        {
            var table = entity.GetTableName()!;
            var columns = new HashSet<string>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
            }
            Assert.True(columns.Count > 0, $"Table {table} is missing after migration.");
            var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, null);
            foreach (var property in entity.GetProperties())
                Assert.Contains(property.GetColumnName(store)!, columns);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _file, _file + "-wal", _file + "-shm" }) File.Delete(f);
    }
}
