using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace VendorRisk.Infrastructure.Persistence;

/// <summary>
/// Work that must happen in the transaction of every save, declared once by the folder that owns it rather than by each caller
/// (ADR-020): the dashboard's running counts. The data layer knows participants only through this interface, so it imports none of
/// them.
/// </summary>
public interface ISaveChangesParticipant
{
    /// <summary>Reads what the pending save will change, before it writes (original values are still known); null when none of it matters here.</summary>
    object? Prepare(ChangeTracker tracker);

    /// <summary>Writes this participant's own rows after the save's rows, in the same transaction.</summary>
    Task CompleteAsync(AppDbContext db, object prepared, CancellationToken cancellationToken);
}
