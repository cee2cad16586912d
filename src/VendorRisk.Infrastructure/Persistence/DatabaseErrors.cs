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
}
