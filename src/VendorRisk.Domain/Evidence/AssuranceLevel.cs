namespace VendorRisk.Domain.Evidence;

/// <summary>
/// How far an answer is backed, from the vendor's word to an independent check. The order is meaningful (a later member
/// is stronger) and the values may be stored: never renumber.
/// </summary>
public enum AssuranceLevel
{
    /// <summary>The vendor says so; nothing backs it.</summary>
    SelfAttested = 0,
    /// <summary>The vendor attached evidence that no reviewer has accepted yet.</summary>
    EvidenceProvided = 1,
    /// <summary>A reviewer examined the evidence and accepted it.</summary>
    EvidenceAccepted = 2,
    /// <summary>An independent party checked the claim (for example an accredited audit covering it).</summary>
    IndependentlyVerified = 3,
}

public static class AssuranceLevels
{
    /// <summary>Accepted evidence or an independent check: what verified coverage counts.</summary>
    public static bool IsVerified(this AssuranceLevel level) => level >= AssuranceLevel.EvidenceAccepted;

    public static string Label(this AssuranceLevel level) => level switch
    {
        AssuranceLevel.SelfAttested => "Self-attested",
        AssuranceLevel.EvidenceProvided => "Evidence provided",
        AssuranceLevel.EvidenceAccepted => "Evidence accepted",
        _ => "Independently verified",
    };
}
