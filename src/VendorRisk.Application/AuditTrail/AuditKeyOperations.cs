using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.AuditTrail;

/// <summary>The audit keys' operations, run by an operator on the server (the <c>audit-keys</c> command; ADR-036).</summary>
public sealed class AuditKeyOperations(AuditKeyRing keys, AuditLog audit, AppDbContext db)
{
    /// <summary>
    /// Writes a new row key and makes it the one new rows are keyed with; old rows keep verifying with the key their id names. The
    /// rotation is recorded on the platform chain (this scope enters no tenant). Returns the new key's id.
    /// </summary>
    public async Task<string> RotateRowKeyAsync(CancellationToken cancellationToken)
    {
        var id = keys.RotateRowKey();
        audit.Record(AuditActions.AuditKeyRotated, "AuditKey", id, new { keyId = id });
        await db.SaveChangesAsync(cancellationToken);
        return id;
    }
}
