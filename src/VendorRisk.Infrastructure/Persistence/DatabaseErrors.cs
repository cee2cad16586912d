using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace VendorRisk.Infrastructure.Persistence;

/// <summary>Recognises provider errors that callers treat as an expected outcome rather than a fault.</summary>
public static class DatabaseErrors
{
    /// <summary>
    /// The database refused a serializable transaction because a concurrent one read or wrote what it depends on (PostgreSQL
    /// 40001, or a deadlock, 40P01), here or wrapped in an EF Core exception. The work did not happen; the caller shows a
    /// conflict or retries. SQLite never raises it: a serializable transaction there takes the write lock when it begins.
    /// </summary>
    public static bool IsSerializationFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected })
                return true;
        return false;
    }

    /// <summary>
    /// The database could not be opened at all: no server listening, a host that does not resolve or answer, a refused login, a
    /// database that does not exist, a server still starting, or a SQLite file that cannot be opened. Start-up turns this into one
    /// line naming the setting (<see cref="Unreachable"/>) instead of a stack trace.
    /// </summary>
    public static bool IsUnreachable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg when pg.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification
                    or PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.CannotConnectNow:
                case SocketException:
                case SqliteException { SqliteErrorCode: 14 }: // SQLITE_CANTOPEN
                case Microsoft.Data.SqlClient.SqlException { Number: -2 or -1 or 2 or 53 or 4060 or 18456 }:
                    return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Start-up's first look at a server database, before anything else connects: the job storage opens its own connection
    /// while the app is built and retries with a growing back-off (about 45 seconds before it gives up), so without this an
    /// operator with a wrong host waited that long for the one-line message. SQLite needs no probe (its file is opened by
    /// the migrations, which report <c>SQLITE_CANTOPEN</c> themselves).
    /// </summary>
    public static void ThrowIfUnreachable(DatabaseOptions options, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider == DatabaseProvider.Sqlite) return;
        var connectionString = PersistenceServiceCollectionExtensions.ServerConnectionString(options, configuration);
        try
        {
            using System.Data.Common.DbConnection connection = options.Provider == DatabaseProvider.PostgreSql
                ? new NpgsqlConnection(connectionString)
                : new Microsoft.Data.SqlClient.SqlConnection(connectionString);
            connection.Open();
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            throw Unreachable(e, options, configuration);
        }
    }

    /// <summary>Start-up's message for an unreachable database: where it looked (never a password) and why it failed.</summary>
    public static InvalidConfigurationException Unreachable(Exception exception, DatabaseOptions options, IConfiguration configuration)
    {
        var reason = exception;
        while (reason.InnerException is not null) reason = reason.InnerException;
        var why = reason.Message.ReplaceLineEndings(" ").Trim();
        var setting = options.Provider == DatabaseProvider.Sqlite ? "Database:SqlitePath" : "Database:ConnectionString (or ConnectionStrings:VendorRisk)";
        return new InvalidConfigurationException(
            $"The database cannot be reached ({Target(options, configuration)}): {why}. Check {setting} and that the database server is running.",
            exception);
    }

    private static string Target(DatabaseOptions options, IConfiguration configuration)
    {
        try
        {
            switch (options.Provider)
            {
                case DatabaseProvider.PostgreSql:
                    var pg = new NpgsqlConnectionStringBuilder(PersistenceServiceCollectionExtensions.ServerConnectionString(options, configuration));
                    return $"PostgreSQL at {pg.Host}:{pg.Port}, database {pg.Database}";
                case DatabaseProvider.SqlServer:
                    var sql = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(
                        PersistenceServiceCollectionExtensions.ServerConnectionString(options, configuration));
                    return $"SQL Server at {sql.DataSource}, database {sql.InitialCatalog}";
                default:
                    return $"SQLite file {options.SqlitePath}";
            }
        }
        catch (ArgumentException)
        {
            return $"{options.Provider}, connection string not readable";
        }
    }
}
