using VendorRisk.Domain.Common;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Reassessments;

/// <summary>
/// A vendor's next reassessment: set when one of its assessments is decided, from the vendor's inherent tier and the
/// tenant's policy. A committee acceptance that expires earlier than the cadence wins. One row per vendor; a later
/// decision replaces it.
/// </summary>
public sealed class ReassessmentSchedule : ITenantOwned, IVersioned
{
    private ReassessmentSchedule() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid VendorId { get; private set; }
    /// <summary>The decided assessment the schedule follows from.</summary>
    public Guid BasedOnAssessmentId { get; private set; }
    public DateOnly DecidedOn { get; private set; }
    public RiskTier Tier { get; private set; }
    public int IntervalMonths { get; private set; }
    public DateOnly CadenceDueOn { get; private set; }
    /// <summary>The end of the committee's risk acceptance, if it set one.</summary>
    public DateOnly? AcceptanceExpiresOn { get; private set; }
    /// <summary>The effective due date: the cadence date, or the acceptance expiry when that is earlier.</summary>
    public DateOnly DueOn { get; private set; }
    public DateTimeOffset SetAt { get; private set; }
    public int Version { get; set; }

    public bool DueToAcceptanceExpiry => AcceptanceExpiresOn is { } e && e < CadenceDueOn;

    public static ReassessmentSchedule Create(Guid vendorId) => new() { Id = Ids.New(), VendorId = vendorId };

    public void Set(Guid assessmentId, DateOnly decidedOn, RiskTier tier, int intervalMonths, DateOnly? acceptanceExpiresOn, DateTimeOffset now)
    {
        if (intervalMonths < 1) throw new DomainException("The reassessment interval must be at least one month.");
        BasedOnAssessmentId = assessmentId;
        DecidedOn = decidedOn;
        Tier = tier;
        IntervalMonths = intervalMonths;
        CadenceDueOn = BusinessDates.AddMonths(decidedOn, intervalMonths);
        AcceptanceExpiresOn = acceptanceExpiresOn;
        DueOn = acceptanceExpiresOn is { } expiry && expiry < CadenceDueOn ? expiry : CadenceDueOn;
        SetAt = now;
    }
}

public enum ReassessmentOutcome
{
    Issued,
    Proposed,
    /// <summary>Nothing was started: an assessment was already open, or the vendor is offboarded.</summary>
    Skipped,
}

/// <summary>
/// The ledger of the daily run: what it did for one vendor's reassessment due on one date. Its unique key
/// (tenant, vendor, due date) makes the run act exactly once, however often and however concurrently it runs: the
/// row is written in the same transaction as the assessment or proposal it created.
/// </summary>
public sealed class ReassessmentOccurrence : ITenantOwned
{
    public const int NoteMaxLength = 500;

    private ReassessmentOccurrence() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid VendorId { get; private set; }
    public DateOnly DueOn { get; private set; }
    public ReassessmentOutcome Outcome { get; private set; }
    public Guid? AssessmentId { get; private set; }
    public Guid? ProposalId { get; private set; }
    public string? Note { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static ReassessmentOccurrence Record(Guid vendorId, DateOnly dueOn, ReassessmentOutcome outcome, Guid? assessmentId, Guid? proposalId,
        string? note, DateTimeOffset now) => new()
    {
        Id = Ids.New(), VendorId = vendorId, DueOn = dueOn, Outcome = outcome, AssessmentId = assessmentId, ProposalId = proposalId,
        Note = note is { Length: > NoteMaxLength } ? note[..NoteMaxLength] : note, CreatedAt = now,
    };
}
