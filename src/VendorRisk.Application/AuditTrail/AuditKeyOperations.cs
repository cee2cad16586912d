using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.AuditTrail;

/// <summary>The audit keys' operations, run by an operator on the server (the <c>audit-keys</c> command; ADR-036, ADR-042).</summary>
public sealed class AuditKeyOperations(AuditKeyRing keys, AuditLog audit, AppDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Writes a new row key and makes it the one new rows are keyed with; the old key is retired now: old rows keep verifying with the
    /// key their id names, and a row it keys from now on is reported as forged. The rotation is recorded on the platform chain (this
    /// scope enters no tenant). Returns the new key's id.
    /// </summary>
    public async Task<string> RotateRowKeyAsync(CancellationToken cancellationToken)
    {
        var retired = keys.Active.Id;
        var id = keys.RotateRowKey(clock.GetUtcNow());
        audit.Record(AuditActions.AuditKeyRotated, "AuditKey", id, new { keyId = id, retiredKeyId = retired });
        await db.SaveChangesAsync(cancellationToken);
        return id;
    }

    /// <summary>
    /// Replaces the checkpoint signing key: the new public key joins the signing history with a statement signed by the old key and the
    /// new one, the old private key is destroyed. Checkpoints signed before keep verifying (in the portal and offline). Recorded on the
    /// platform chain. Returns the new signer's id (its fingerprint).
    /// </summary>
    public async Task<string> RotateSigningKeyAsync(CancellationToken cancellationToken)
    {
        var retired = keys.SignerId;
        var id = keys.RotateSigningKey(clock.GetUtcNow());
        audit.Record(AuditActions.AuditSigningKeyRotated, "AuditSigningKey", id, new { signer = id, previousSigner = retired });
        await db.SaveChangesAsync(cancellationToken);
        return id;
    }
}
