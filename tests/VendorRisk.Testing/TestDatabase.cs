using Npgsql;

namespace VendorRisk.Testing;

/// <summary>
/// Which database the test hosts run on: SQLite files (the default), or databases on a PostgreSQL server when the environment
/// says <c>VENDORRISK_TEST_PROVIDER=postgres</c>. The server is <c>VENDORRISK_TEST_POSTGRES</c> (a connection string to a
/// maintenance database on a server where the user may create databases); <c>.ci/postgres.sh start</c> starts a throwaway one
/// and prints both settings. The same tests run on either: only the host's database settings change.
/// </summary>
public static class TestDatabase
{
    public const string ProviderVariable = "VENDORRISK_TEST_PROVIDER";
    public const string ServerVariable = "VENDORRISK_TEST_POSTGRES";

    public static bool IsPostgres { get; } =
        Environment.GetEnvironmentVariable(ProviderVariable)?.Trim().ToLowerInvariant() is "postgres" or "postgresql" or "npgsql";

    /// <summary>The provider name for <c>Database:Provider</c>.</summary>
    public static string Provider => IsPostgres ? "PostgreSql" : "Sqlite";

    private static readonly Lazy<string> Server = new(() =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException(
                $"{ProviderVariable}=postgres needs {ServerVariable}, a connection string to a PostgreSQL server " +
                "(start one with: eval \"$(.ci/postgres.sh start)\")."));

    /// <summary>The connection string of database <paramref name="name"/> on the test server.</summary>
    public static string ConnectionString(string name) => new NpgsqlConnectionStringBuilder(Server.Value)
    {
        Database = name,
        // Many databases, each with pools of its own (the app's and Hangfire's): idle connections go back soon.
        ConnectionIdleLifetime = 10,
        ConnectionPruningInterval = 5,
    }.ToString();

    /// <summary>Runs statements (CREATE/DROP DATABASE cannot take parameters: names are ours, [a-z0-9_]) on the server's maintenance database.</summary>
    public static async Task ExecuteOnServerAsync(params string[] statements)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server.Value) { Pooling = false }.ToString());
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Creates database <paramref name="name"/>, empty or as a copy of <paramref name="template"/>.</summary>
    public static Task CreateAsync(string name, string? template = null) =>
        ExecuteOnServerAsync(template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");

    /// <summary>Drops database <paramref name="name"/>, closing this process's idle connections to it and ending any others.</summary>
    public static async Task DropAsync(string name)
    {
        using (var connection = new NpgsqlConnection(ConnectionString(name))) NpgsqlConnection.ClearPool(connection);
        await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }
}
