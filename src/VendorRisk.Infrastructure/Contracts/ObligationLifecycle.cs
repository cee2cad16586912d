using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Contracts;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Infrastructure.Contracts;

/// <summary>The outcome of closing an occurrence: done (with the next one, if any), or the reason it was refused.</summary>
public sealed record CloseOutcome(bool Found, string? Error, ObligationOccurrence? Next)
{
    public bool Succeeded => Found && Error is null;
}

/// <summary>
/// Creating obligations and closing their occurrences, shared by the internal pages and the vendor portal. Closing
/// an occurrence, storing its evidence row, scheduling the next one and the audit event are one transaction.
/// </summary>
public sealed class ObligationLifecycle(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const string ActionCreated = "obligation.created";
    public const string ActionUpdated = "obligation.updated";
    public const string ActionMet = "obligation.occurrence-met";
    public const string ActionWaived = "obligation.occurrence-waived";
    public const string ActionScheduled = "obligation.occurrence-scheduled";

    /// <summary>Adds an obligation and its first occurrence to the unit of work (the caller saves).</summary>
    public ObligationOccurrence Add(Obligation obligation)
    {
        ArgumentNullException.ThrowIfNull(obligation);
        var first = obligation.FirstOccurrence(clock.GetUtcNow());
        db.Set<Obligation>().Add(obligation);
        db.Set<ObligationOccurrence>().Add(first);
        audit.Record(ActionCreated, nameof(Obligation), obligation.Id, new
        {
            obligation.ContractId, obligation.TypeKey, obligation.Title, obligation.ClauseReference, obligation.OwnerUserId,
            recurrence = obligation.Recurrence.ToString(), obligation.FirstDueOn, obligation.ReminderPlan, obligation.NeedsVendorEvidence,
            obligation.NotificationHours,
        });
        return first;
    }

    public Task<CloseOutcome> MeetAsync(Guid occurrenceId, string? note, ContractFile? evidence, Guid userId, bool byVendor,
        CancellationToken cancellationToken) =>
        CloseAsync(occurrenceId, evidence, occurrence =>
        {
            occurrence.Meet(note, evidence?.Id, userId, byVendor, clock.GetUtcNow());
            audit.Record(ActionMet, nameof(ObligationOccurrence), occurrence.Id, new
            {
                occurrence.ObligationId, occurrence.DueOn, note = occurrence.Note, evidenceFileId = evidence?.Id, evidenceName = evidence?.FileName,
                evidenceSha256 = evidence?.Sha256, byVendor,
            }, actorUserId: userId);
        }, cancellationToken);

    public Task<CloseOutcome> WaiveAsync(Guid occurrenceId, string? reason, Guid userId, CancellationToken cancellationToken) =>
        CloseAsync(occurrenceId, null, occurrence =>
        {
            occurrence.Waive(reason, userId, clock.GetUtcNow());
            audit.Record(ActionWaived, nameof(ObligationOccurrence), occurrence.Id,
                new { occurrence.ObligationId, occurrence.DueOn, reason = occurrence.Note }, actorUserId: userId);
        }, cancellationToken);

    private async Task<CloseOutcome> CloseAsync(Guid occurrenceId, ContractFile? evidence, Action<ObligationOccurrence> close,
        CancellationToken cancellationToken)
    {
        var occurrence = await db.Set<ObligationOccurrence>().SingleOrDefaultAsync(o => o.Id == occurrenceId, cancellationToken);
        if (occurrence is null) return new CloseOutcome(false, null, null);
        var obligation = await db.Set<Obligation>().SingleAsync(o => o.Id == occurrence.ObligationId, cancellationToken);
        var contractEndsOn = await db.Set<Contract>().Where(c => c.Id == obligation.ContractId).Select(c => c.EndsOn).SingleAsync(cancellationToken);
        try
        {
            close(occurrence);
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            return new CloseOutcome(true, e.Message, null);
        }
        if (evidence is not null) db.Set<ContractFile>().Add(evidence);
        var next = obligation.NextAfter(occurrence, contractEndsOn, clock.GetUtcNow());
        if (next is not null)
        {
            db.Set<ObligationOccurrence>().Add(next);
            audit.Record(ActionScheduled, nameof(ObligationOccurrence), next.Id, new { next.ObligationId, next.Sequence, next.DueOn });
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another person closed it first (version check) or scheduled the same successor (unique sequence).
            db.ChangeTracker.Clear();
            return new CloseOutcome(true, "Someone else closed this occurrence at the same moment. Reload the page to see what they recorded.", null);
        }
        return new CloseOutcome(true, null, next);
    }
}
