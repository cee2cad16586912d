namespace VendorRisk.Domain.Common;

/// <summary>
/// An entity that people edit concurrently. <see cref="Version"/> is an application-managed optimistic
/// concurrency token: the data layer increments it on every update and refuses an update whose version
/// is stale, the same way on SQLite and SQL Server (rowversion exists only on SQL Server).
/// </summary>
public interface IVersioned
{
    int Version { get; set; }
}
