using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Contracts;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Contracts;

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
    public const string ActionDueMoved = "obligation.occurrence-due-moved";

    /// <summary>
    /// Corrects the due date of an open occurrence with a reason, audited with the old and new date, in one save. The
    /// occurrence's due revision moves on, so the new date is reminded at its own steps, each once (ADR-017).
    /// </summary>
    /// <returns>Found false for an occurrence this tenant does not have; otherwise the refusal message, or none.</returns>
    public async Task<(bool Found, string? Error)> MoveDueDateAsync(Guid occurrenceId, DateOnly newDueOn, string? reason, Guid userId, int? version,
        CancellationToken cancellationToken)
    {
        var occurrence = await db.Set<ObligationOccurrence>().SingleOrDefaultAsync(o => o.Id == occurrenceId, cancellationToken);
        if (occurrence is null) return (false, null);
        var before = occurrence.DueOn;
        try
        {
            occurrence.MoveDueDate(newDueOn, reason, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            return (true, e.Message);
        }
        if (version is { } expected) db.Entry(occurrence).Property(o => o.Version).OriginalValue = expected;
        audit.Record(ActionDueMoved, nameof(ObligationOccurrence), occurrence.Id, new
        {
            occurrence.ObligationId, occurrence.Sequence, from = before, to = occurrence.DueOn, reason = reason!.Trim(), occurrence.DueRevision,
        }, actorUserId: userId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return (true, "Someone else changed this occurrence at the same moment. Reload the page to see what they recorded.");
        }
        return (true, null);
    }

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
        // A corrected due date sets the day of the month for the ones after it.
        var anchor = await db.Set<ObligationOccurrence>().AsNoTracking()
            .Where(o => o.ObligationId == obligation.Id && o.DueRevision > 0).OrderByDescending(o => o.Sequence)
            .Select(o => (DateOnly?)o.DueOn).FirstOrDefaultAsync(cancellationToken);
        var next = obligation.NextAfter(occurrence, contractEndsOn, clock.GetUtcNow(), anchor?.Day);
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
