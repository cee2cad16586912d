using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Reviews;

public enum ReviewHandOverKind
{
    /// <summary>The vendor submitted: the review workflow starts.</summary>
    StartReview,
    /// <summary>The vendor resubmitted after a clarification request: the waiting review moves on.</summary>
    ClarificationAnswered,
}

/// <summary>
/// What an operation hands to the review workflow, written in the operation's own transaction (an outbox for the workflow
/// engine). The engine's step, which runs after the commit, marks it delivered in the step's transaction; a hand-over still
/// pending after a crash is delivered by the sweeper. So a submission and its review can never disagree for long: either
/// both happened, or the submission and its pending hand-over did and the review follows.
/// </summary>
public sealed class ReviewHandOver : ITenantOwned, IVersioned
{
    public const int OutcomeMaxLength = 400;

    private ReviewHandOver() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid AssessmentId { get; private set; }
    public ReviewHandOverKind Kind { get; private set; }
    public Guid? ByUserId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }
    /// <summary>What the engine answered: applied, or why it had nothing to do (already started, no open clarification).</summary>
    public string? Outcome { get; private set; }
    public int Version { get; set; }

    public bool IsPending => DeliveredAt is null;

    public static ReviewHandOver Create(Guid assessmentId, ReviewHandOverKind kind, Guid? byUserId, DateTimeOffset now) => new()
    {
        Id = Ids.New(), AssessmentId = assessmentId, Kind = kind, ByUserId = byUserId, CreatedAt = now,
    };

    public void MarkDelivered(string outcome, DateTimeOffset now)
    {
        if (DeliveredAt is not null) throw new DomainException("This hand-over was already delivered to the review.");
        DeliveredAt = now;
        Outcome = outcome.Length > OutcomeMaxLength ? outcome[..OutcomeMaxLength] : outcome;
    }
}
