using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Links;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Contracts;

/// <summary>An obligation's terms as a person gives them. The first due date is read only when it is created.</summary>
public sealed record ObligationDetails(string? Title, string? ClauseReference, Guid? OwnerUserId, string? Recurrence, DateOnly? FirstDueOn,
    string? ReminderPlan, bool NeedsVendorEvidence, int? NotificationHours);

/// <summary>A tenant obligation type as a person gives it.</summary>
public sealed record ObligationTypeDetails(string? Name, string? Description, string? DefaultRecurrence, bool NeedsVendorEvidence, bool HasHours, int Version);

/// <summary>A saved obligation: its contract, title and first due date.</summary>
public sealed record ObligationSaved(Guid ContractId, string Title, DateOnly FirstDueOn);

/// <summary>An occurrence that was closed: the next one scheduled, if any.</summary>
public sealed record ClosedOccurrence(ObligationOccurrence? Next);

/// <summary>The owner of an obligation, as the resource of <see cref="ObligationOperations.Close"/>.</summary>
public sealed record ObligationOwnership(Guid OwnerUserId);

/// <summary>Closing an occurrence or correcting its due date: vendor managers and admins, or the obligation's owner unless only an auditor.</summary>
public sealed class CloseOccurrenceRequirement : IAuthorizationRequirement;

public sealed class ObligationOwnershipHandler(TenantContext tenant) : AuthorizationHandler<CloseOccurrenceRequirement, ObligationOwnership>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CloseOccurrenceRequirement requirement, ObligationOwnership resource)
    {
        if (tenant.IsSet && (tenant.HasAnyRole(ContractOperations.Manage.AnyOf)
                || (tenant.UserId == resource.OwnerUserId && tenant.Roles != TenantRoles.Auditor && tenant.HasAnyRole(TenantRolesExtensions.Internal))))
            context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>
/// What people do with obligations: add and edit them, meet, waive or correct their due dates, keep the tenant's catalogue of
/// obligation types, and hold a calendar feed address. Each is one save, audited.
/// </summary>
public sealed class ObligationOperations(AppDbContext db, AuditLog audit, TimeProvider clock, Access access, ContractQueries contracts,
    ObligationLifecycle lifecycle, IEvidenceStorage storage, IConfiguration configuration, PublicLinks links)
{
    public static readonly CloseOccurrenceRequirement Close = new();

    public const string ActionTypeCreated = "obligation-type.created";
    public const string ActionTypeUpdated = "obligation-type.updated";
    public const string ActionTypeRetired = "obligation-type.retired";
    public const string ActionTypeRestored = "obligation-type.restored";
    public const string ActionFeedCreated = "calendar-feed.created";
    public const string ActionFeedRevoked = "calendar-feed.revoked";

    /// <summary>Adds an obligation of catalogue type <paramref name="typeKey"/> to a contract, with its first occurrence.</summary>
    public async Task<Outcome<ObligationSaved>> CreateAsync(Guid contractId, string typeKey, ObligationDetails details, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ContractOperations.Manage) is { } forbidden) return forbidden;
        var contract = await db.Set<Contract>().Where(c => c.Id == contractId).Select(c => new { c.Id, c.VendorId }).SingleOrDefaultAsync(cancellationToken);
        if (contract is null) return Fail.NotFound("There is no such contract.");
        var type = (await contracts.CatalogueAsync(includeRetired: false, cancellationToken)).FirstOrDefault(t => t.Key == typeKey);
        if (type is null) return Fail.NotFound("There is no such obligation type.");
        var (terms, errors) = await ValidateAsync(details, type, isNew: true, cancellationToken);
        if (errors.Count > 0) return Fail.Invalid(errors);
        Obligation obligation;
        try
        {
            obligation = Obligation.Create(contract.Id, contract.VendorId, type.Key, details.FirstDueOn!.Value, terms!, clock.GetUtcNow());
        }
        catch (DomainException e)
        {
            return Fail.Invalid("", e.Message);
        }
        lifecycle.Add(obligation);
        await db.SaveChangesAsync(cancellationToken);
        return new ObligationSaved(contract.Id, obligation.Title, obligation.FirstDueOn);
    }

    /// <summary>Replaces an obligation's terms (not its first due date); Conflict when someone saved it since <paramref name="expectedVersion"/>.</summary>
    public async Task<Outcome<ObligationSaved>> UpdateAsync(Guid id, ObligationDetails details, int expectedVersion, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ContractOperations.Manage) is { } forbidden) return forbidden;
        var obligation = await db.Set<Obligation>().SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (obligation is null) return Fail.NotFound("There is no such obligation.");
        var type = (await contracts.CatalogueAsync(includeRetired: true, cancellationToken)).FirstOrDefault(t => t.Key == obligation.TypeKey);
        if (type is null) return Fail.NotFound("There is no such obligation type.");
        var (terms, errors) = await ValidateAsync(details, type, isNew: false, cancellationToken);
        if (errors.Count > 0) return Fail.Invalid(errors);
        var before = Snapshot(obligation);
        try
        {
            obligation.Update(terms!);
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            return Fail.Invalid("", e.Message);
        }
        db.Entry(obligation).Property(o => o.Version).OriginalValue = expectedVersion;
        audit.Record(ObligationLifecycle.ActionUpdated, nameof(Obligation), obligation.Id, new { before, after = Snapshot(obligation) });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Fail.Conflict("Someone else saved this obligation while you were editing. Your changes are still in the form: check them and save again.");
        }
        return new ObligationSaved(obligation.ContractId, obligation.Title, obligation.FirstDueOn);
    }

    private static object Snapshot(Obligation o) => new
    {
        o.Title, o.ClauseReference, o.OwnerUserId, recurrence = o.Recurrence.ToString(), o.ReminderPlan, o.NeedsVendorEvidence, o.NotificationHours,
    };

    private async Task<(ObligationTerms? Terms, List<FieldError> Errors)> ValidateAsync(ObligationDetails d, ObligationTemplate type, bool isNew,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(d.Title)) errors.Add(new(nameof(d.Title), "Enter a title."));
        else if (d.Title.Length > Obligation.TitleMaxLength) errors.Add(new(nameof(d.Title), $"Use at most {Obligation.TitleMaxLength} characters."));
        if (d.ClauseReference is { Length: > Obligation.ClauseMaxLength })
            errors.Add(new(nameof(d.ClauseReference), $"Use at most {Obligation.ClauseMaxLength} characters."));
        if (d.OwnerUserId is null) errors.Add(new(nameof(d.OwnerUserId), "Choose the obligation's owner."));
        else if ((await contracts.OwnersAsync(cancellationToken)).All(o => o.Id != d.OwnerUserId))
            errors.Add(new(nameof(d.OwnerUserId), "Choose an owner from this organisation."));
        var recurrence = default(Recurrence);
        if (string.IsNullOrEmpty(d.Recurrence) || !RecurrenceText.TryParse(d.Recurrence, out recurrence))
            errors.Add(new(nameof(d.Recurrence), RecurrenceText.Choices));
        if (isNew && d.FirstDueOn is null) errors.Add(new(nameof(d.FirstDueOn), "Enter the first due date."));
        if (d.ReminderPlan is { Length: > Obligation.ReminderPlanMaxLength } || Obligation.NormalisePlan(d.ReminderPlan) is null)
            errors.Add(new(nameof(d.ReminderPlan), Obligation.ReminderPlanMessage));
        if (type.HasHours)
        {
            if (d.NotificationHours is < 0) errors.Add(new(nameof(d.NotificationHours), Obligation.NegativeHoursMessage));
            else if (d.NotificationHours is 0) errors.Add(new(nameof(d.NotificationHours), Obligation.ZeroHoursMessage));
            else if (d.NotificationHours is > Obligation.MaxHours)
                errors.Add(new(nameof(d.NotificationHours), $"The notification period must be at most {Obligation.MaxHours} hours."));
            else if (d.NotificationHours is null) errors.Add(new(nameof(d.NotificationHours), "Enter within how many hours the vendor must notify."));
        }
        if (errors.Count > 0) return (null, errors);
        return (new ObligationTerms(d.Title!, d.ClauseReference, d.OwnerUserId!.Value, recurrence, d.ReminderPlan ?? "", d.NeedsVendorEvidence,
            type.HasHours ? d.NotificationHours : null), errors);
    }

    /// <summary>Meets an open occurrence with a note; the next occurrence (if any) on success. Invalid on <c>Note</c>.</summary>
    public async Task<Outcome<ClosedOccurrence>> MeetAsync(Guid occurrenceId, string? note, CancellationToken cancellationToken)
    {
        if (await DemandCloseAsync(occurrenceId, cancellationToken) is { } denied) return denied;
        if (note is { Length: > ObligationOccurrence.NoteMaxLength }) return Fail.Invalid("Note", $"Use at most {ObligationOccurrence.NoteMaxLength} characters.");
        if (string.IsNullOrWhiteSpace(note)) return Fail.Invalid("Note", "Write a note that says how the obligation was met, or upload evidence.");
        return Closed(await lifecycle.MeetAsync(occurrenceId, note, null, access.Tenant.UserId!.Value, false, cancellationToken), "Note");
    }

    /// <summary>
    /// Meets an open occurrence with evidence (checked like questionnaire evidence) and an optional note, in one save; a refused file is
    /// Invalid on <see cref="ContractFileUpload.FieldName"/> and nothing is stored.
    /// </summary>
    public async Task<Outcome<ClosedOccurrence>> MeetWithEvidenceAsync(Guid occurrenceId, string? note, IFormFile? file, CancellationToken cancellationToken)
    {
        if (await DemandCloseAsync(occurrenceId, cancellationToken) is { } denied) return denied;
        if (note is { Length: > ObligationOccurrence.NoteMaxLength }) return Fail.Invalid("Note", $"Use at most {ObligationOccurrence.NoteMaxLength} characters.");
        var contractId = await db.Set<ObligationOccurrence>().Where(o => o.Id == occurrenceId)
            .Join(db.Set<Obligation>(), o => o.ObligationId, ob => ob.Id, (o, ob) => ob.ContractId).SingleAsync(cancellationToken);
        var upload = await ContractFileUpload.StoreAsync(file, storage, configuration, contractId, occurrenceId, access.Tenant.UserId!.Value, false,
            clock.GetUtcNow(), cancellationToken);
        if (upload.File is null) return Fail.Invalid(ContractFileUpload.FieldName, upload.Error!);
        var closed = await lifecycle.MeetAsync(occurrenceId, note, upload.File, access.Tenant.UserId!.Value, false, cancellationToken);
        if (!closed.Succeeded) await ContractFileUpload.DiscardAsync(storage, upload.File);
        return Closed(closed, ContractFileUpload.FieldName);
    }

    /// <summary>Waives an open occurrence with a reason. Invalid on <c>Reason</c>.</summary>
    public async Task<Outcome<ClosedOccurrence>> WaiveAsync(Guid occurrenceId, string? reason, CancellationToken cancellationToken)
    {
        if (await DemandCloseAsync(occurrenceId, cancellationToken) is { } denied) return denied;
        var message = $"Give the reason for the waiver in {ObligationOccurrence.WaiverReasonMinLength} to {ObligationOccurrence.NoteMaxLength} characters.";
        if (string.IsNullOrWhiteSpace(reason)) return Fail.Invalid("Reason", "Give the reason for the waiver.");
        if (reason.Length is < ObligationOccurrence.WaiverReasonMinLength or > ObligationOccurrence.NoteMaxLength) return Fail.Invalid("Reason", message);
        return Closed(await lifecycle.WaiveAsync(occurrenceId, reason, access.Tenant.UserId!.Value, cancellationToken), "Reason");
    }

    /// <summary>Corrects the due date of an open occurrence with a reason. Invalid on <c>DueOn</c> or <c>Reason</c>.</summary>
    public async Task<Outcome> MoveDueDateAsync(Guid occurrenceId, DateOnly? dueOn, string? reason, int? expectedVersion, CancellationToken cancellationToken)
    {
        if (await DemandCloseAsync(occurrenceId, cancellationToken) is { } denied) return denied;
        var errors = new List<FieldError>();
        if (dueOn is null) errors.Add(new("DueOn", "Enter the new due date."));
        else if (!BusinessDates.InRange(dueOn.Value)) errors.Add(new("DueOn", BusinessDates.OutOfRangeMessage("The new due date")));
        else if (dueOn < DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)) errors.Add(new("DueOn", ObligationOccurrence.PastDueDateMessage));
        if (string.IsNullOrWhiteSpace(reason) || reason.Length is < ObligationOccurrence.WaiverReasonMinLength or > ObligationOccurrence.NoteMaxLength)
            errors.Add(new("Reason", ObligationOccurrence.MoveReasonMessage));
        if (errors.Count > 0) return Fail.Invalid(errors);
        var (found, error) = await lifecycle.MoveDueDateAsync(occurrenceId, dueOn!.Value, reason, access.Tenant.UserId!.Value, expectedVersion, cancellationToken);
        if (!found) return Fail.NotFound("There is no such occurrence.");
        return error is null ? Outcome.Ok() : Fail.Invalid(error == ObligationOccurrence.MoveReasonMessage ? "Reason" : "DueOn", error);
    }

    /// <summary>NotFound for an occurrence this tenant does not have; Forbidden unless the actor manages contracts or owns the obligation.</summary>
    private async Task<Failure?> DemandCloseAsync(Guid occurrenceId, CancellationToken cancellationToken)
    {
        var owner = await db.Set<ObligationOccurrence>().Where(o => o.Id == occurrenceId)
            .Join(db.Set<Obligation>(), o => o.ObligationId, ob => ob.Id, (o, ob) => (Guid?)ob.OwnerUserId)
            .SingleOrDefaultAsync(cancellationToken);
        if (owner is null) return Fail.NotFound("There is no such occurrence.");
        return await access.DemandAsync(Close, new ObligationOwnership(owner.Value));
    }

    private static Outcome<ClosedOccurrence> Closed(CloseOutcome closed, string field) =>
        !closed.Found ? Fail.NotFound("There is no such occurrence.")
        : closed.Error is { } error ? Fail.Invalid(field, error)
        : new ClosedOccurrence(closed.Next);

    /// <summary>Adds a tenant obligation type (no <paramref name="id"/>) or saves an edited one; its name on success.</summary>
    public async Task<Outcome<string>> SaveTypeAsync(Guid? id, ObligationTypeDetails details, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ContractOperations.Manage) is { } forbidden) return forbidden;
        ObligationType? type = null;
        if (id is { } existing)
        {
            type = await db.Set<ObligationType>().SingleOrDefaultAsync(t => t.Id == existing, cancellationToken);
            if (type is null) return Fail.NotFound("There is no such obligation type.");
        }
        var errors = new List<FieldError>();
        var name = details.Name?.Trim() ?? "";
        if (string.IsNullOrWhiteSpace(details.Name)) errors.Add(new(nameof(details.Name), "Enter a name."));
        else if (details.Name.Length > ObligationType.NameMaxLength) errors.Add(new(nameof(details.Name), $"Use at most {ObligationType.NameMaxLength} characters."));
        if (details.Description is { Length: > ObligationType.DescriptionMaxLength })
            errors.Add(new(nameof(details.Description), $"Use at most {ObligationType.DescriptionMaxLength} characters."));
        var recurrence = default(Recurrence);
        if (string.IsNullOrEmpty(details.DefaultRecurrence) || !RecurrenceText.TryParse(details.DefaultRecurrence, out recurrence))
            errors.Add(new(nameof(details.DefaultRecurrence), RecurrenceText.Choices));
        if (errors.Count == 0 && await db.Set<ObligationType>().AnyAsync(t => t.Id != id && t.Name == name, cancellationToken))
            errors.Add(new(nameof(details.Name), "Another type of this organisation has this name."));
        if (errors.Count == 0 && ShippedObligationTypes.All.Any(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)))
            errors.Add(new(nameof(details.Name), "The shipped catalogue has an entry of this name already."));
        if (errors.Count > 0) return Fail.Invalid(errors);
        if (await db.ChangeAndSaveAsync(() =>
            {
                if (type is null)
                {
                    type = ObligationType.Create(details.Name!, details.Description, recurrence, details.NeedsVendorEvidence, details.HasHours, clock.GetUtcNow());
                    db.Set<ObligationType>().Add(type);
                    audit.Record(ActionTypeCreated, nameof(ObligationType), type.Id, Snapshot(type));
                }
                else
                {
                    var before = Snapshot(type);
                    type.Update(details.Name!, details.Description, recurrence, details.NeedsVendorEvidence, details.HasHours);
                    db.Entry(type).Property(t => t.Version).OriginalValue = details.Version;
                    audit.Record(ActionTypeUpdated, nameof(ObligationType), type.Id, new { before, after = Snapshot(type) });
                }
                return Task.CompletedTask;
            }, "Someone else changed this type at the same moment. Reload the page and try again.", cancellationToken) is { } refused)
            return refused;
        return type!.Name; // created or updated by the change above
    }

    /// <summary>Retires a tenant type (no longer offered for new obligations) or restores it; its name on success.</summary>
    public async Task<Outcome<string>> RetireTypeAsync(Guid id, bool restore, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ContractOperations.Manage) is { } forbidden) return forbidden;
        var type = await db.Set<ObligationType>().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (type is null) return Fail.NotFound("There is no such obligation type.");
        try
        {
            if (restore) type.Restore(); else type.Retire();
        }
        catch (DomainException e)
        {
            return Fail.Conflict(e.Message);
        }
        audit.Record(restore ? ActionTypeRestored : ActionTypeRetired, nameof(ObligationType), type.Id, new { type.Name });
        await db.SaveChangesAsync(cancellationToken);
        return type!.Name; // created or updated by the change above
    }

    private static object Snapshot(ObligationType t) =>
        new { t.Key, t.Name, t.Description, defaultRecurrence = t.DefaultRecurrence.ToString(), t.NeedsVendorEvidence, t.HasHours };

    /// <summary>
    /// Makes the actor's calendar feed address (revoking any earlier one, which is then rotated): the address on success, shown once;
    /// only the secret's hash is kept.
    /// </summary>
    public async Task<Outcome<(string Url, bool Rotated)>> CreateCalendarFeedAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ContractQueries.Read) is { } forbidden) return forbidden;
        var now = clock.GetUtcNow();
        var revoked = await RevokeAllAsync(now, cancellationToken);
        var (token, secret) = CalendarFeedToken.Issue(access.Tenant.UserId!.Value, now);
        db.Set<CalendarFeedToken>().Add(token);
        audit.Record(ActionFeedCreated, nameof(CalendarFeedToken), token.Id, new { rotated = revoked > 0 });
        await db.SaveChangesAsync(cancellationToken);
        return (links.ObligationFeed(access.Tenant.Slug!, secret), revoked > 0);
    }

    /// <summary>Revokes the actor's calendar feed addresses; how many there were.</summary>
    public async Task<Outcome<int>> RevokeCalendarFeedAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ContractQueries.Read) is { } forbidden) return forbidden;
        var revoked = await RevokeAllAsync(clock.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return revoked;
    }

    private async Task<int> RevokeAllAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var userId = access.Tenant.UserId;
        var active = await db.Set<CalendarFeedToken>().Where(t => t.UserId == userId && t.RevokedAt == null).ToListAsync(cancellationToken);
        foreach (var token in active)
        {
            token.Revoke(now);
            audit.Record(ActionFeedRevoked, nameof(CalendarFeedToken), token.Id);
        }
        return active.Count;
    }
}
