namespace VendorRisk.Domain.Audit;

public sealed record AuditChainVerification(bool IsIntact, long CheckedEvents, long? FirstBadSequence, string Message);

/// <summary>Walks a chain in sequence order and reports the first row that was changed or removed.</summary>
public static class AuditChainVerifier
{
    /// <summary>
    /// Verifies the linkage and, when <paramref name="keys"/> are given, every row's MAC (ADR-036): a row without a MAC, with a key this
    /// portal does not hold, or whose MAC does not match its hash is the point of tampering.
    /// </summary>
    public static AuditChainVerification Verify(IEnumerable<AuditEvent> eventsInSequenceOrder, AuditChainHead? head, IAuditKeys? keys = null)
    {
        long expectedSequence = 1;
        var previousHash = "";
        long checkedCount = 0;
        // The newest key seen so far on this chain (by retirement: a key never retired is the newest) and the row it keyed.
        AuditKey? newest = null;
        long newestAt = 0;
        foreach (var e in eventsInSequenceOrder)
        {
            if (e.Sequence != expectedSequence)
                return Broken(checkedCount, expectedSequence,
                    $"Event {expectedSequence} is missing: the chain jumps from {expectedSequence - 1} to {e.Sequence}.");
            if (e.PreviousHash != previousHash)
                return Broken(checkedCount, e.Sequence, $"Event {e.Sequence} does not link to the event before it.");
            if (e.ComputeHash() != e.Hash)
                return Broken(checkedCount, e.Sequence, $"Event {e.Sequence} was changed after it was written.");
            if (keys is not null)
            {
                if (e.KeyId is null || e.Mac is null)
                    return Broken(checkedCount, e.Sequence, $"Event {e.Sequence} carries no keyed hash: it was written or rewritten by someone without the audit key.");
                if (keys.Find(e.KeyId) is not { } key)
                    return Broken(checkedCount, e.Sequence, $"Event {e.Sequence} names audit key \"{e.KeyId}\", which this portal does not hold: it was forged, or the key was lost.");
                if (!string.Equals(AuditEvent.ComputeMac(key.Secret, e.Hash), e.Mac, StringComparison.Ordinal))
                    return Broken(checkedCount, e.Sequence, $"Event {e.Sequence} was changed after it was written and the chain re-hashed: its keyed hash does not match.");
                if (key.RetiredAt is { } retired)
                {
                    // A key that was rotated out keys no later row: whoever holds an old key cannot add to the chain with it (ADR-042).
                    if (newest is not null && (newest.RetiredAt is null || newest.RetiredAt > retired))
                        return Broken(checkedCount, e.Sequence,
                            $"Event {e.Sequence} is keyed with audit key \"{key.Id}\", retired {Utc(retired)}, but event {newestAt} before it already used the newer key \"{newest.Id}\": it was forged with an old key.");
                    if (e.OccurredAt > retired + RetiredKeyGrace)
                        return Broken(checkedCount, e.Sequence,
                            $"Event {e.Sequence} is dated {Utc(e.OccurredAt)} but keyed with audit key \"{key.Id}\", retired {Utc(retired)}: it was forged with an old key.");
                }
                if (newest is null || (newest.RetiredAt is { } newestRetired && (key.RetiredAt is null || key.RetiredAt > newestRetired)))
                {
                    newest = key;
                    newestAt = e.Sequence;
                }
            }
            previousHash = e.Hash;
            expectedSequence++;
            checkedCount++;
        }

        var lastSequence = expectedSequence - 1;
        if (head is not null && (head.Sequence != lastSequence || head.Hash != previousHash))
        {
            return head.Sequence > lastSequence
                ? Broken(checkedCount, lastSequence + 1, $"Events {lastSequence + 1} to {head.Sequence} were removed from the end of the chain.")
                : Broken(checkedCount, head.Sequence, "The chain head does not match the last event.");
        }
        if (head is null && lastSequence > 0)
            return Broken(checkedCount, lastSequence, "The chain head record is missing.");

        return new AuditChainVerification(true, checkedCount, null, $"All {checkedCount} events are intact.");
    }

    /// <summary>
    /// How long after its retirement a key may still key a row: a row recorded just before a rotation can be saved just after it, and
    /// nodes' clocks differ a little. A forger holding the old key gains at most this window after the rotation (ADR-042).
    /// </summary>
    public static readonly TimeSpan RetiredKeyGrace = TimeSpan.FromMinutes(5);

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + " UTC";

    private static AuditChainVerification Broken(long checkedCount, long sequence, string message) =>
        new(false, checkedCount, sequence, message);
}
