using VendorRisk.Application.Assessments;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Common;
using VendorRisk.Infrastructure.Audit;

namespace VendorRisk.Application.Reviews;

/// <summary>
/// A manager decides an assessment by hand, outside a review workflow (the assessment page). The decision, the vendor's current
/// decision, the next reassessment (<see cref="AssessmentDecisions"/>) and the audit event are one unit of work.
/// </summary>
public sealed class ManualDecisionOperations(AssessmentOperations assessments, Infrastructure.Persistence.AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const int NoteMaxLength = 4000;

    /// <summary>The message for the person on success; Conflict when a workflow runs the assessment or its status allows no decision.</summary>
    public Task<Outcome<string>> DecideAsync(Guid id, int version, AssessmentDecision decision, string? note, CancellationToken cancellationToken) =>
        assessments.ChangeAsync(id, version, AssessmentOperations.Manage, async (assessment, ct) =>
        {
            if (note is { Length: > NoteMaxLength }) throw new DomainException($"Use at most {NoteMaxLength} characters for the note.");
            if (decision is AssessmentDecision.Approved or AssessmentDecision.ApprovedWithConditions
                && await Gates.DecisionGates.ApprovalBlockedAsync(db, assessment.Id, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct) is { } blocked)
                throw new DomainException(blocked);
            await AssessmentDecisions.RecordAsync(db, assessment, decision, note, null, clock.GetUtcNow(), ct);
            audit.Record(AuditActions.AssessmentDecided, nameof(Assessment), assessment.Id,
                new { decision = decision.ToString(), note = assessment.DecisionNote, manual = true });
            return $"The assessment is now {Assessment.Describe(assessment.Status)}.";
        }, cancellationToken);
}
