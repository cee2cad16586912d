using VendorRisk.Testing;

namespace VendorRisk.IntegrationTests.Infrastructure;

/// <summary>
/// A test of something only SQLite has (its file, its pragmas): skipped, with the reason shown, when the suite runs on
/// PostgreSQL (<see cref="TestDatabase.IsPostgres"/>).
/// </summary>
public sealed class SqliteOnlyFactAttribute : FactAttribute
{
    /// <param name="reason">Why the test needs SQLite, when it is not SQLite itself that it tests.</param>
    public SqliteOnlyFactAttribute(string? reason = null)
    {
        if (TestDatabase.IsPostgres) Skip = (reason ?? "Tests SQLite itself") + "; this run is on PostgreSQL.";
    }
}
