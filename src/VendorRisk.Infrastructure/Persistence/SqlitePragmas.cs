using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace VendorRisk.Infrastructure.Persistence;

/// <summary>
/// Every SQLite connection runs in WAL mode (readers do not block the writer) and waits for a busy lock
/// instead of failing at once when two requests write together.
/// </summary>
internal sealed class SqlitePragmas(int busyTimeoutMilliseconds) : DbConnectionInterceptor
{
    private string Pragmas => $"PRAGMA journal_mode=WAL; PRAGMA busy_timeout={busyTimeoutMilliseconds}; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
