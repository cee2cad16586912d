namespace VendorRisk.Infrastructure.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}

/// <summary>Configuration section <c>Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>SQLite file; relative paths are under the app's content root. Default App_Data/vendorrisk.db.</summary>
    public string SqlitePath { get; set; } = "App_Data/vendorrisk.db";

    /// <summary>Required when <see cref="Provider"/> is SqlServer or PostgreSql (ConnectionStrings:VendorRisk also works).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the app starts. Turn off where a release step migrates.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>How long a SQLite writer waits for another writer's lock before failing.</summary>
    public int SqliteBusyTimeoutMilliseconds { get; set; } = 10_000;

    /// <summary>
    /// How much of the SQLite file each connection reads through a memory map (PRAGMA mmap_size), in MiB; 0 turns it off.
    /// Pages are then shared with the OS cache instead of copied into each connection's 2 MiB page cache, which a large
    /// tenant's list and dashboard queries otherwise thrash (see docs/benchmarks.md, "Portfolio at scale").
    /// </summary>
    public int SqliteMemoryMapMiB { get; set; } = 1024;
}
