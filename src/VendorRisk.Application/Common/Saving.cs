using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Common;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Common;

/// <summary>The last step of most operations: change entities through their methods, save once, and say why when it cannot.</summary>
public static class Saving
{
    /// <summary>
    /// Runs <paramref name="change"/> and saves the unit of work. An entity refusing the change (<see cref="DomainException"/>, its
    /// message is for people) or a save that lost to someone else's (optimistic concurrency: <paramref name="changedMeanwhile"/>)
    /// becomes a Conflict, and the unit of work is cleared so nothing half-done is saved later. Null when saved.
    /// </summary>
    public static async Task<Failure?> ChangeAndSaveAsync(this AppDbContext db, Func<Task> change, string changedMeanwhile, CancellationToken cancellationToken)
    {
        try
        {
            await change();
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            return Fail.Conflict(e.Message);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Fail.Conflict(changedMeanwhile);
        }
    }
}
