using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace VendorRisk.Infrastructure.Persistence;

/// <summary>
/// Every SQLite connection runs in WAL mode (readers do not block the writer) and waits for a busy lock
/// instead of failing at once when two requests write together.
/// </summary>
/// <remarks>
/// EF Core opens and closes the connection around each query, and with pooling each open hands out an already
/// configured native connection again. These settings belong to the native connection (WAL to the database file),
/// so they are applied once per native handle, not on every open: that used to be one extra command per query.
/// </remarks>
internal sealed class SqlitePragmas(int busyTimeoutMilliseconds, int memoryMapMiB = 0) : DbConnectionInterceptor
{
    // Native handles already configured; entries go when the pool lets a handle go.
    private static readonly ConditionalWeakTable<object, object> Configured = new();
    private static readonly object Marker = new();

    private string Pragmas => $"PRAGMA journal_mode=WAL; PRAGMA busy_timeout={busyTimeoutMilliseconds}; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA mmap_size={(long)memoryMapMiB * 1024 * 1024};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (AlreadyConfigured(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
        Remember(connection);
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (AlreadyConfigured(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
        Remember(connection);
    }

    private static bool AlreadyConfigured(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && Configured.TryGetValue(handle, out _);

    private static void Remember(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle }) Configured.AddOrUpdate(handle, Marker);
    }
}
