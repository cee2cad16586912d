using VendorRisk.Testing;

namespace VendorRisk.IntegrationTests.Infrastructure;

/// <summary>
/// A test of something only SQLite has (its file, its pragmas): skipped, with the reason shown, when the suite runs on
/// PostgreSQL (<see cref="TestDatabase.IsPostgres"/>).
/// </summary>
public sealed class SqliteOnlyFactAttribute : FactAttribute
{
    public SqliteOnlyFactAttribute()
    {
        if (TestDatabase.IsPostgres) Skip = "Tests SQLite itself; this run is on PostgreSQL.";
    }
}
