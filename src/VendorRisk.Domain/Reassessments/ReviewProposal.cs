using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Reassessments;

/// <summary>Why a review of a vendor is proposed.</summary>
public enum ProposalTrigger
{
    /// <summary>The reassessment cadence came due (source key: the due date).</summary>
    Cadence,
    /// <summary>The committee's time-limited risk acceptance ended (source: the decided assessment).</summary>
    AcceptanceExpired,
    /// <summary>A certificate or report expired and was not replaced (source: the document).</summary>
    DocumentExpired,
    /// <summary>An AI system got a new foundation model or subprocessor (source: the profile revision).</summary>
    AiSystemChanged,
    /// <summary>Someone started a review from an incident report (source: the incident).</summary>
    Incident,
    /// <summary>Accepted evidence reaches its own expiry or period end with no newer document of its kind (source: the evidence record).</summary>
    EvidenceExpiring,
    /// <summary>The accepted risk of a finding expired (source: the finding; key: finding and expiry date).</summary>
    RiskAcceptanceExpired,
    /// <summary>A condition of an approval was not closed by its due date (source: the condition).</summary>
    ConditionOverdue,
}

public enum ProposalStatus
{
    Open,
    /// <summary>The owner issued the reassessment.</summary>
    Accepted,
    Dismissed,
}

/// <summary>
/// A suggestion to the vendor's business owner to reassess the vendor now. At most one per (vendor, trigger, source
/// key): a trigger seen twice proposes once. Accepting it issues a reassessment; dismissing it needs a reason.
/// </summary>
public sealed class ReviewProposal : ITenantOwned, IVersioned
{
    public const int SourceKeyMaxLength = 100;
    public const int ReasonMaxLength = 2000;
    public const int DismissalReasonMaxLength = 1000;

    private ReviewProposal() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid VendorId { get; private set; }
    public ProposalTrigger Trigger { get; private set; }
    /// <summary>The entity that triggered the proposal (document, revision, incident, assessment), if any.</summary>
    public Guid? SourceId { get; private set; }
    /// <summary>Identifies the trigger's occurrence; unique per vendor and trigger.</summary>
    public string SourceKey { get; private set; } = "";
    public string Reason { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public ProposalStatus Status { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public Guid? DecidedByUserId { get; private set; }
    public string? DismissalReason { get; private set; }
    /// <summary>The reassessment issued on acceptance.</summary>
    public Guid? AssessmentId { get; private set; }
    public int Version { get; set; }

    public static ReviewProposal Create(Guid vendorId, ProposalTrigger trigger, string sourceKey, Guid? sourceId, string reason, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(sourceKey) || sourceKey.Length > SourceKeyMaxLength) throw new DomainException("A proposal needs a source key.");
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("A proposal needs a reason.");
        reason = reason.Trim();
        return new ReviewProposal
        {
            Id = Ids.New(), VendorId = vendorId, Trigger = trigger, SourceKey = sourceKey, SourceId = sourceId,
            Reason = reason.Length > ReasonMaxLength ? reason[..ReasonMaxLength] : reason, CreatedAt = now, Status = ProposalStatus.Open,
        };
    }

    public void Accept(Guid assessmentId, Guid by, DateTimeOffset now)
    {
        EnsureOpen();
        Status = ProposalStatus.Accepted;
        AssessmentId = assessmentId;
        DecidedByUserId = by;
        DecidedAt = now;
    }

    public void Dismiss(string? reason, Guid by, DateTimeOffset now)
    {
        EnsureOpen();
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("Say why no review is needed.");
        if (reason.Trim().Length > DismissalReasonMaxLength) throw new DomainException($"Use at most {DismissalReasonMaxLength} characters.");
        Status = ProposalStatus.Dismissed;
        DismissalReason = reason.Trim();
        DecidedByUserId = by;
        DecidedAt = now;
    }

    private void EnsureOpen()
    {
        if (Status != ProposalStatus.Open)
            throw new DomainException($"This proposal was already {(Status == ProposalStatus.Accepted ? "accepted" : "dismissed")}.");
    }

    public static string Describe(ProposalTrigger trigger) => trigger switch
    {
        ProposalTrigger.Cadence => "Reassessment due",
        ProposalTrigger.AcceptanceExpired => "Risk acceptance expired",
        ProposalTrigger.DocumentExpired => "Certificate or report expired",
        ProposalTrigger.AiSystemChanged => "Material AI system change",
        ProposalTrigger.EvidenceExpiring => "Evidence expiring",
        ProposalTrigger.RiskAcceptanceExpired => "Accepted finding risk expired",
        ProposalTrigger.ConditionOverdue => "Condition of approval overdue",
        _ => "Incident",
    };
}
