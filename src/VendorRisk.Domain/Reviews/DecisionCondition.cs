using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Reviews;

/// <summary>Where a condition of an approval is: open, closure submitted by its owner (with evidence), closed by a verifier.</summary>
public enum ConditionStatus
{
    Open,
    ClosureSubmitted,
    Closed,
}

/// <summary>Who has to meet a condition: a person of the tenant, or the vendor (its contacts, in the portal).</summary>
public enum ConditionOwnerKind
{
    Internal,
    Vendor,
}

/// <summary>
/// A condition of an approval with conditions (ADR-027): what must be done, by whom, by when. The owner submits the evidence of closure;
/// a verifier closes it, or sends it back open with a reason. Overdue is not a state: an unclosed condition past its due date is shown as
/// overdue and comes back as a reassessment proposal. Every move is a method here that refuses an illegal one, naming both states.
/// </summary>
public sealed class DecisionCondition : ITenantOwned, IVersioned
{
    public const int TextMaxLength = 2000;
    public const int NoteMaxLength = 2000;

    private DecisionCondition() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid AssessmentId { get; private set; }
    public Guid VendorId { get; private set; }
    public string Text { get; private set; } = "";
    public ConditionOwnerKind OwnerKind { get; private set; }
    /// <summary>The internal owner; null when the vendor owns the condition.</summary>
    public Guid? OwnerUserId { get; private set; }
    public DateOnly DueOn { get; private set; }
    public ConditionStatus Status { get; private set; }
    /// <summary>The committee member whose vote set the condition (null when set otherwise, e.g. by a manual decision).</summary>
    public Guid? SetByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string? ClosureEvidence { get; private set; }
    /// <summary>The file attached to the latest evidence of closure: an evidence record of the vendor (ADR-025), if one was attached.</summary>
    public Guid? ClosureEvidenceRecordId { get; private set; }
    public Guid? ClosureSubmittedByUserId { get; private set; }
    public DateTimeOffset? ClosureSubmittedAt { get; private set; }
    /// <summary>The verifier's note on closing, or the reason a submitted closure was sent back.</summary>
    public string? VerifierNote { get; private set; }
    public Guid? VerifiedByUserId { get; private set; }
    public DateTimeOffset? VerifiedAt { get; private set; }
    public int Version { get; set; }

    public bool OwnedByVendor => OwnerKind == ConditionOwnerKind.Vendor;

    public bool IsOverdue(DateOnly today) => Status != ConditionStatus.Closed && DueOn < today;

    /// <param name="setEarlier">The due date was checked when it was given (a committee vote that the quorum decided later): it may have passed since.</param>
    public static DecisionCondition Create(Guid assessmentId, Guid vendorId, string? text, ConditionOwnerKind ownerKind, Guid? ownerUserId, DateOnly dueOn,
        Guid? setBy, DateTimeOffset now, bool setEarlier = false)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new DomainException("Describe the condition.");
        if (text.Trim().Length > TextMaxLength) throw new DomainException($"The condition must have at most {TextMaxLength} characters.");
        switch (ownerKind)
        {
            case ConditionOwnerKind.Internal when ownerUserId is null || ownerUserId == Guid.Empty:
                throw new DomainException("Choose the person who owns the condition.");
            case ConditionOwnerKind.Vendor when ownerUserId is not null:
                throw new DomainException("A condition owned by the vendor has no internal owner.");
            case not (ConditionOwnerKind.Internal or ConditionOwnerKind.Vendor):
                throw new DomainException("Unknown owner.");
        }
        if (setEarlier) { if (!BusinessDates.InRange(dueOn)) throw new DomainException(BusinessDates.OutOfRangeMessage("The due date")); }
        else CheckDueOn(dueOn, now);
        return new DecisionCondition
        {
            Id = Ids.New(), AssessmentId = assessmentId, VendorId = vendorId, Text = text.Trim(), OwnerKind = ownerKind,
            OwnerUserId = ownerKind == ConditionOwnerKind.Internal ? ownerUserId : null, DueOn = dueOn, Status = ConditionStatus.Open,
            SetByUserId = setBy, CreatedAt = now,
        };
    }

    /// <summary>The rule for a condition's due date where it is set: not in the past, within <see cref="BusinessDates"/>.</summary>
    public static void CheckDueOn(DateOnly dueOn, DateTimeOffset now)
    {
        if (!BusinessDates.InRange(dueOn)) throw new DomainException(BusinessDates.OutOfRangeMessage("The due date"));
        if (dueOn < DateOnly.FromDateTime(now.UtcDateTime)) throw new DomainException("The due date cannot be in the past.");
    }

    /// <summary>The owner says the condition is met and gives the evidence; a closure sent back may be submitted again.</summary>
    /// <param name="recordId">The evidence record of the file attached to it, if any.</param>
    public void SubmitClosure(string? evidence, Guid by, DateTimeOffset now, Guid? recordId = null)
    {
        if (Status != ConditionStatus.Open) throw new DomainException($"A condition that is {Describe(Status)} cannot have its closure submitted.");
        ClosureEvidence = Note(evidence, "Describe the evidence that the condition is met.");
        ClosureEvidenceRecordId = recordId;
        ClosureSubmittedByUserId = by;
        ClosureSubmittedAt = now;
        Status = ConditionStatus.ClosureSubmitted;
    }

    /// <summary>A verifier accepts the evidence: the condition is closed.</summary>
    public void Close(string? note, Guid by, DateTimeOffset now)
    {
        if (Status != ConditionStatus.ClosureSubmitted)
            throw new DomainException($"A condition that is {Describe(Status)} cannot be closed: its owner submits the evidence of closure first.");
        if (note is { Length: > NoteMaxLength }) throw new DomainException($"The note must have at most {NoteMaxLength} characters.");
        VerifierNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        VerifiedByUserId = by;
        VerifiedAt = now;
        Status = ConditionStatus.Closed;
    }

    /// <summary>A verifier does not accept the evidence: the condition is open again, with the reason for its owner.</summary>
    public void RejectClosure(string? reason, Guid by, DateTimeOffset now)
    {
        if (Status != ConditionStatus.ClosureSubmitted)
            throw new DomainException($"A condition that is {Describe(Status)} has no submitted closure to send back.");
        VerifierNote = Note(reason, "Say why the evidence does not close the condition.");
        VerifiedByUserId = by;
        VerifiedAt = now;
        Status = ConditionStatus.Open;
    }

    private static string Note(string? value, string missing)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new DomainException(missing);
        if (value.Trim().Length > NoteMaxLength) throw new DomainException($"Use at most {NoteMaxLength} characters.");
        return value.Trim();
    }

    public static string Describe(ConditionStatus status) => status switch
    {
        ConditionStatus.ClosureSubmitted => "closure submitted",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>The state as pages, exports and the PDF show it; an unclosed condition past its due date is "Overdue".</summary>
    public static string Label(ConditionStatus status, DateOnly dueOn, DateOnly today) => status switch
    {
        ConditionStatus.Closed => "Closed",
        ConditionStatus.ClosureSubmitted => dueOn < today ? "Closure submitted (overdue)" : "Closure submitted",
        _ => dueOn < today ? "Overdue" : "Open",
    };
}
