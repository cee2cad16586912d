using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Reviews;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Conditions;

/// <summary>
/// The moves of a condition of approval (ADR-027): its owner submits the evidence of closure (a vendor contact in the portal for a
/// vendor-owned one), a verifier closes it or sends it back open with a reason. Each carries the version the person saw: a newer one is a
/// conflict. Illegal moves are refused by <see cref="DecisionCondition"/>; messages go beside the field.
/// </summary>
public sealed class ConditionOperations(AppDbContext db, TenantContext tenant, Access access, AuditLog audit, TimeProvider clock)
{
    public const string FieldEvidence = "Evidence";
    public const string FieldNote = "Note";

    public async Task<Outcome> SubmitClosureAsync(Guid id, string? evidence, int expectedVersion, CancellationToken cancellationToken)
    {
        var condition = await db.DecisionConditions.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (condition is null) return Fail.NotFound("There is no such condition.");
        if (await access.DemandAsync(SubmitConditionClosure.Requirement, condition) is { } forbidden) return forbidden;
        if (string.IsNullOrWhiteSpace(evidence)) return Fail.Invalid(FieldEvidence, "Describe the evidence that the condition is met.");
        if (evidence.Trim().Length > DecisionCondition.NoteMaxLength) return Fail.Invalid(FieldEvidence, $"Use at most {DecisionCondition.NoteMaxLength} characters.");
        return await MoveAsync(condition, expectedVersion, FieldEvidence, "condition.closure-submitted",
            c => c.SubmitClosure(evidence, tenant.UserId!.Value, clock.GetUtcNow()), cancellationToken);
    }

    public async Task<Outcome> CloseAsync(Guid id, string? note, int expectedVersion, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ConditionPermissions.Verify) is { } forbidden) return forbidden;
        var condition = await db.DecisionConditions.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (condition is null) return Fail.NotFound("There is no such condition.");
        if (note is { Length: > DecisionCondition.NoteMaxLength }) return Fail.Invalid(FieldNote, $"Use at most {DecisionCondition.NoteMaxLength} characters.");
        return await MoveAsync(condition, expectedVersion, "", "condition.closed", c => c.Close(note, tenant.UserId!.Value, clock.GetUtcNow()), cancellationToken);
    }

    public async Task<Outcome> RejectClosureAsync(Guid id, string? reason, int expectedVersion, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ConditionPermissions.Verify) is { } forbidden) return forbidden;
        var condition = await db.DecisionConditions.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (condition is null) return Fail.NotFound("There is no such condition.");
        if (string.IsNullOrWhiteSpace(reason)) return Fail.Invalid(FieldNote, "Say why the evidence does not close the condition.");
        if (reason.Trim().Length > DecisionCondition.NoteMaxLength) return Fail.Invalid(FieldNote, $"Use at most {DecisionCondition.NoteMaxLength} characters.");
        return await MoveAsync(condition, expectedVersion, "", "condition.closure-rejected",
            c => c.RejectClosure(reason, tenant.UserId!.Value, clock.GetUtcNow()), cancellationToken);
    }

    private async Task<Outcome> MoveAsync(DecisionCondition condition, int expectedVersion, string field, string action, Action<DecisionCondition> move,
        CancellationToken cancellationToken)
    {
        if (condition.Version != expectedVersion) return MovedMeanwhile(condition.Status);
        db.Entry(condition).Property(c => c.Version).OriginalValue = expectedVersion;
        var from = condition.Status;
        try
        {
            move(condition);
        }
        catch (DomainException e)
        {
            return Fail.Invalid(field, e.Message);
        }
        audit.Record(action, nameof(DecisionCondition), condition.Id, new
        {
            condition.AssessmentId, from = DecisionCondition.Describe(from), to = DecisionCondition.Describe(condition.Status),
            evidence = condition.ClosureEvidence, note = condition.VerifierNote,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var status = await db.DecisionConditions.AsNoTracking().Where(c => c.Id == condition.Id).Select(c => c.Status).SingleAsync(cancellationToken);
            return MovedMeanwhile(status);
        }
        return Outcome.Ok();
    }

    private static Failure MovedMeanwhile(ConditionStatus status) => Fail.Conflict(
        $"This condition changed while you were looking at it: it is now {DecisionCondition.Describe(status)}. Check it and choose again.");
}
