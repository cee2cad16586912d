using Microsoft.Data.Sqlite;

namespace VendorRisk.Testing;

/// <summary>
/// A migrated SQLite database built once per test run (per process and kind, lazily, by the first host that needs it) and
/// copied for every test host, so no host applies the migrations again: its start-up finds none pending. It is built by
/// starting the real app once on an empty file, so it holds exactly what start-up writes (the migrations, the counters'
/// state, and the demo organisation where <see cref="WithDemoOrganisation"/> asks for it) and nothing a test wrote. The
/// data-protection key ring that start-up creates is left out: each copy makes its own, as a new database would.
/// </summary>
/// <remarks>
/// Tests of the migrations themselves do not use it: they migrate an empty file of their own. On PostgreSQL
/// (<see cref="TestDatabase.IsPostgres"/>) the template is a database on the test server, copied with
/// <c>CREATE DATABASE ... TEMPLATE</c>, and it carries Hangfire's schema as well.
/// </remarks>
public sealed class TemplateDatabase
{
    /// <summary>The schema and what every start-up seeds, no organisation.</summary>
    public static TemplateDatabase Migrated { get; } = new(demoData: false);

    /// <summary>As <see cref="Migrated"/>, with the demo organisation of seed-data/demo-tenant.json seeded.</summary>
    public static TemplateDatabase WithDemoOrganisation { get; } = new(demoData: true);

    private readonly bool _demoData;
    private readonly Lazy<string> _file;

    private TemplateDatabase(bool demoData)
    {
        _demoData = demoData;
        // Built on the thread pool: a test framework's synchronisation context must not be blocked by its own continuations.
        _file = new Lazy<string>(() => Task.Run(BuildAsync).GetAwaiter().GetResult(), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Copies the template to <paramref name="path"/> (which must not exist yet), building the template first if needed.</summary>
    public void CopyTo(string path) => File.Copy(_file.Value, path, overwrite: false);

    /// <summary>Creates the PostgreSQL database of <paramref name="host"/> as a copy of the template, building the template first if needed.</summary>
    public void CopyTo<TClock>(TestHost<TClock> host) where TClock : TimeProvider =>
        Task.Run(() => TestDatabase.CreateAsync(host.DatabaseName, template: _file.Value)).GetAwaiter().GetResult();

    private Task<string> BuildAsync() => TestDatabase.IsPostgres ? BuildPostgresAsync() : BuildSqliteAsync();

    /// <summary>The template on PostgreSQL: the builder's database, kept, marked as a template and closed to connections.</summary>
    private async Task<string> BuildPostgresAsync()
    {
        string name;
        await using (var builder = new Builder(_demoData, keepDatabase: true))
        {
            _ = builder.Services;
            name = builder.DatabaseName;
            await using var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString(name));
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("DELETE FROM \"DataProtectionKeys\";", connection);
            await command.ExecuteNonQueryAsync();
        }
        // CREATE DATABASE ... TEMPLATE needs the template to have no connection at all: the builder's pools are closed, and
        // then nothing may connect to it.
        using (var pooled = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString(name))) Npgsql.NpgsqlConnection.ClearPool(pooled);
        await TestDatabase.ExecuteOnServerAsync(
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()",
            $"ALTER DATABASE \"{name}\" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                TestDatabase.ExecuteOnServerAsync($"ALTER DATABASE \"{name}\" WITH IS_TEMPLATE false",
                    $"DROP DATABASE IF EXISTS \"{name}\"").GetAwaiter().GetResult();
            }
            catch (Npgsql.NpgsqlException) { /* the server is gone with its throwaway cluster */ }
        };
        return name;
    }

    private async Task<string> BuildSqliteAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "vendorrisk-templates", $"{Environment.ProcessId}-{(_demoData ? "demo" : "migrated")}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { /* the OS cleans its temp folder */ }
        };
        var template = Path.Combine(folder, "template.db");
        await using (var builder = new Builder(_demoData, keepDatabase: false))
        {
            // Starting the host runs the app's start-up: migrations, counters and (when asked) the demo seeding.
            _ = builder.Services;
            await using var connection = new SqliteConnection($"Data Source={builder.DatabasePath};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM DataProtectionKeys; VACUUM INTO $template;";
            command.Parameters.AddWithValue("$template", template);
            await command.ExecuteNonQueryAsync();
        }
        // VACUUM INTO writes a rollback-journal file; the app's databases are in WAL mode (recorded in the file), and a start-up
        // on an existing file checks it through a read-only connection that could not switch the mode.
        await using (var copy = new SqliteConnection($"Data Source={template};Pooling=False"))
        {
            await copy.OpenAsync();
            await using var wal = copy.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            await wal.ExecuteNonQueryAsync();
        }
        return template;
    }

    /// <summary>The host that builds a template: an ordinary test host on an empty file.</summary>
    private sealed class Builder(bool demoData, bool keepDatabase) : TestHost<TimeProvider>(TimeProvider.System, template: null, "vendorrisk-templates")
    {
        protected override bool DropsDatabase => !keepDatabase;

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Seed:DemoData"] = demoData ? "true" : "false",
        };
    }
}
