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

    private static AuditChainVerification Broken(long checkedCount, long sequence, string message) =>
        new(false, checkedCount, sequence, message);
}
