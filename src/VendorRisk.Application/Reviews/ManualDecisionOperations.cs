using System.Globalization;
using VendorRisk.Application.Assessments;
using VendorRisk.Application.Common;
using VendorRisk.Application.Conditions;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Reviews;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Reviews;

/// <summary>
/// The condition a manager sets with a manual approval with conditions (ADR-027): what must be done, who owns it (<see cref="VendorOwner"/>: the
/// vendor's contacts, in the portal; otherwise the user id of an internal member) and when it is due.
/// </summary>
public sealed record ManualCondition(string? Text, string? Owner, DateOnly? DueOn)
{
    public const string VendorOwner = "vendor";
}

/// <summary>
/// A manager decides an assessment by hand, outside a review workflow (the assessment page). The decision, the vendor's current
/// decision, the next reassessment (<see cref="AssessmentDecisions"/>), the tracked condition of an approval with conditions and the audit
/// events are one unit of work.
/// </summary>
public sealed class ManualDecisionOperations(AssessmentOperations assessments, Infrastructure.Persistence.AppDbContext db, AuditLog audit, TimeProvider clock,
    TenantContext tenant)
{
    public const int NoteMaxLength = 4000;

    /// <summary>
    /// The message for the person on success; Conflict when a workflow runs the assessment or its status allows no decision. An approval with
    /// conditions needs <paramref name="condition"/> (Invalid on <c>Conditions</c>, <c>ConditionsOwner</c>, <c>ConditionsDueOn</c>): it becomes a
    /// tracked <see cref="DecisionCondition"/> exactly as the committee's, and the approval's acceptance ends on its due date.
    /// </summary>
    public async Task<Outcome<string>> DecideAsync(Guid id, int version, AssessmentDecision decision, string? note, CancellationToken cancellationToken,
        ManualCondition? condition = null)
    {
        var withConditions = decision == AssessmentDecision.ApprovedWithConditions;
        if (withConditions)
        {
            var errors = new List<FieldError>();
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            if (string.IsNullOrWhiteSpace(condition?.Text)) errors.Add(new("Conditions", "Describe the conditions."));
            else if (condition.Text.Trim().Length > DecisionCondition.TextMaxLength)
                errors.Add(new("Conditions", string.Create(CultureInfo.InvariantCulture, $"Use at most {DecisionCondition.TextMaxLength} characters.")));
            if (string.IsNullOrWhiteSpace(condition?.Owner)) errors.Add(new("ConditionsOwner", "Choose who owns the conditions."));
            else if (condition.Owner != ManualCondition.VendorOwner
                && !(Guid.TryParse(condition.Owner, out var owner) && (await ConditionOwners.CandidatesAsync(db, cancellationToken)).Any(o => o.Id == owner)))
                errors.Add(new("ConditionsOwner", "Choose the vendor or a person of this organisation."));
            if (condition?.DueOn is not { } due) errors.Add(new("ConditionsDueOn", "Give the date the conditions are due."));
            else if (!BusinessDates.InRange(due)) errors.Add(new("ConditionsDueOn", BusinessDates.OutOfRangeMessage("The due date")));
            else if (due < today) errors.Add(new("ConditionsDueOn", "The due date cannot be in the past."));
            if (errors.Count > 0) return Fail.Invalid(errors);
        }

        return await assessments.ChangeAsync(id, version, AssessmentOperations.Manage, async (assessment, ct) =>
        {
            if (note is { Length: > NoteMaxLength }) throw new DomainException($"Use at most {NoteMaxLength} characters for the note.");
            if (decision is AssessmentDecision.Approved or AssessmentDecision.ApprovedWithConditions
                && await Gates.DecisionGates.ApprovalBlockedAsync(db, assessment.Id, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct) is { } blocked)
                throw new DomainException(blocked);
            var now = clock.GetUtcNow();
            // The conditions are the note of a conditional approval when the manager wrote none.
            var text = withConditions && string.IsNullOrWhiteSpace(note) ? condition!.Text!.Trim() : note;
            await AssessmentDecisions.RecordAsync(db, assessment, decision, text, withConditions ? condition!.DueOn : null, now, ct);
            audit.Record(AuditActions.AssessmentDecided, nameof(Assessment), assessment.Id,
                new { decision = decision.ToString(), note = assessment.DecisionNote, manual = true });
            if (withConditions)
            {
                var vendorOwned = condition!.Owner == ManualCondition.VendorOwner;
                var tracked = DecisionCondition.Create(assessment.Id, assessment.VendorId, condition.Text,
                    vendorOwned ? ConditionOwnerKind.Vendor : ConditionOwnerKind.Internal, vendorOwned ? null : Guid.Parse(condition.Owner!),
                    condition.DueOn!.Value, tenant.UserId, now);
                db.DecisionConditions.Add(tracked);
                audit.Record("condition.set", nameof(DecisionCondition), tracked.Id,
                    new { tracked.AssessmentId, tracked.Text, owner = vendorOwned ? "vendor" : condition.Owner, tracked.DueOn, manual = true });
            }
            return $"The assessment is now {Assessment.Describe(assessment.Status)}.";
        }, cancellationToken);
    }
}
