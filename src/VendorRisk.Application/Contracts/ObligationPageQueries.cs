using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Application.Tenancy;
using VendorRisk.Domain.Contracts;
using VendorRisk.Infrastructure.Links;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Contracts;

/// <summary>
/// A deadline: an obligation occurrence (<see cref="ContractKind"/> null, <see cref="OccurrenceId"/> set), or a date of a contract's term
/// (notice deadline, end, renewal) that links to the contract.
/// </summary>
public sealed record DeadlineItem(Guid? OccurrenceId, DateOnly DueOn, OccurrenceStatus Status, string Title, string VendorName, string ContractTitle,
    string? OwnerName, bool NeedsVendorEvidence, Guid ContractId, ContractDeadlineKind? ContractKind = null)
{
    public string Href(string basePath) => OccurrenceId is { } id
        ? $"{basePath}/obligations/occurrence/{id}"
        : $"{basePath}/contracts/details/{ContractId}";
}

public sealed record OccurrenceViewDto(Guid Id, Guid ObligationId, string Title, string? Clause, Guid ContractId, string ContractTitle, Guid VendorId,
    string VendorName, string? OwnerName, Guid OwnerUserId, Recurrence Recurrence, bool NeedsVendorEvidence, int? NotificationHours,
    int Sequence, int Version, DateOnly DueOn, OccurrenceStatus Status, DateTimeOffset? ClosedAt, string? ClosedBy, bool ClosedByVendor, string? Note,
    Guid? EvidenceFileId);

public sealed record OccurrenceHistoryDto(Guid Id, int Sequence, DateOnly DueOn, OccurrenceStatus Status, DateTimeOffset? ClosedAt);

public sealed record OccurrenceReminderDto(string Step, int DueRevision, int Recipients, DateTimeOffset CreatedAt);

/// <summary>One occurrence with its obligation's history and the reminders sent; <see cref="CanClose"/> when the actor may close it now.</summary>
public sealed record OccurrenceDetailsDto(OccurrenceViewDto Occurrence, IReadOnlyList<OccurrenceHistoryDto> History,
    IReadOnlyList<OccurrenceReminderDto> Reminders, string? EvidenceName, bool CanClose);

/// <summary>The obligation form: its contract and type, the owners offered, and (for an existing one) its terms and version.</summary>
public sealed record ObligationFormDto(Guid? Id, Guid ContractId, string ContractTitle, ObligationTemplate Type, IReadOnlyList<MemberChoice> Owners,
    ObligationDetails? Details, int Version, Guid? OpenOccurrenceId);

public sealed record ObligationTypeRowDto(Guid Id, string Name, string? Description, Recurrence DefaultRecurrence, bool NeedsVendorEvidence, bool HasHours,
    bool IsRetired, int Version, int InUse);

public sealed record ObligationCatalogueDto(IReadOnlyList<ObligationTypeRowDto> Own, bool CanManage);

public sealed partial class ObligationQueries
{
    /// <summary>
    /// Open occurrences due within <paramref name="first"/>..<paramref name="last"/> (the month calendar shows closed ones too) and the
    /// contracts' term dates in that window, by day; only the actor's own obligations and contracts when <paramref name="mine"/>.
    /// </summary>
    public async Task<Outcome<IReadOnlyList<DeadlineItem>>> DeadlinesAsync(bool calendar, DateOnly first, DateOnly last, bool mine,
        CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ContractQueries.Read) is { } forbidden) return forbidden;
        var userId = access.Tenant.UserId;
        var occurrences = db.Set<ObligationOccurrence>().AsQueryable();
        occurrences = calendar
            ? occurrences.Where(o => o.DueOn >= first && o.DueOn <= last)
            : occurrences.Where(o => o.Status == OccurrenceStatus.Open && o.DueOn <= last);
        var items = await (
                from o in occurrences
                join ob in db.Set<Obligation>() on o.ObligationId equals ob.Id
                where !mine || ob.OwnerUserId == userId
                join c in db.Set<Contract>() on ob.ContractId equals c.Id
                join v in db.Vendors on c.VendorId equals v.Id
                orderby o.DueOn, ob.Title
                select new DeadlineItem(o.Id, o.DueOn, o.Status, ob.Title, v.LegalName, c.Title,
                    db.Users.Where(u => u.Id == ob.OwnerUserId).Select(u => u.DisplayName).FirstOrDefault(), ob.NeedsVendorEvidence, c.Id, null))
            .ToListAsync(cancellationToken);
        var contractDates = await ContractDatesAsync(first, last, mine ? userId : null, cancellationToken);
        return items.Concat(contractDates).OrderBy(i => i.DueOn).ThenBy(i => i.ContractKind is null ? 1 : 0).ThenBy(i => i.Title, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The notice deadlines, ends and renewals of the tenant's contracts between <paramref name="first"/> and <paramref name="last"/>
    /// (of contracts <paramref name="ownerUserId"/> owns, when given), computed from each contract's term.
    /// </summary>
    private async Task<List<DeadlineItem>> ContractDatesAsync(DateOnly first, DateOnly last, Guid? ownerUserId, CancellationToken cancellationToken)
    {
        var contracts = await (
                from c in db.Set<Contract>()
                where c.EndsOn != null && (ownerUserId == null || c.OwnerUserId == ownerUserId)
                      && (c.RenewalPeriodMonths != null || c.EndsOn >= first)
                join v in db.Vendors on c.VendorId equals v.Id
                select new
                {
                    c.Id, c.Title, c.EndsOn, c.RenewalPeriodMonths, c.NoticePeriodDays, Vendor = v.LegalName,
                    Owner = db.Users.Where(u => u.Id == c.OwnerUserId).Select(u => u.DisplayName).FirstOrDefault(),
                })
            .AsNoTracking().ToListAsync(cancellationToken);
        return contracts
            .SelectMany(c => Contract.DeadlinesBetween(c.EndsOn, c.RenewalPeriodMonths, c.NoticePeriodDays, first, last)
                .Select(d => new DeadlineItem(null, d.On, OccurrenceStatus.Open, d.Describe(), c.Vendor, c.Title, c.Owner, false, c.Id, d.Kind)))
            .ToList();
    }

    /// <summary>One occurrence, its obligation's history (latest first), its reminders, and whether the actor may close it.</summary>
    public async Task<Outcome<OccurrenceDetailsDto>> OccurrenceAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ContractQueries.Read) is { } forbidden) return forbidden;
        var view = await (
                from o in db.Set<ObligationOccurrence>()
                where o.Id == id
                join ob in db.Set<Obligation>() on o.ObligationId equals ob.Id
                join c in db.Set<Contract>() on ob.ContractId equals c.Id
                join v in db.Vendors on c.VendorId equals v.Id
                select new OccurrenceViewDto(o.Id, ob.Id, ob.Title, ob.ClauseReference, c.Id, c.Title, v.Id, v.LegalName,
                    db.Users.Where(u => u.Id == ob.OwnerUserId).Select(u => u.DisplayName).FirstOrDefault(), ob.OwnerUserId,
                    ob.Recurrence, ob.NeedsVendorEvidence, ob.NotificationHours, o.Sequence, o.Version, o.DueOn, o.Status, o.ClosedAt,
                    db.Users.Where(u => u.Id == o.ClosedByUserId).Select(u => u.DisplayName).FirstOrDefault(), o.ClosedByVendor, o.Note,
                    o.EvidenceFileId))
            .SingleOrDefaultAsync(cancellationToken);
        if (view is null) return Fail.NotFound("There is no such occurrence.");
        var history = await db.Set<ObligationOccurrence>().Where(o => o.ObligationId == view.ObligationId).OrderByDescending(o => o.Sequence)
            .Select(o => new OccurrenceHistoryDto(o.Id, o.Sequence, o.DueOn, o.Status, o.ClosedAt)).ToListAsync(cancellationToken);
        var reminders = await db.Set<ObligationReminder>().Where(r => r.OccurrenceId == id).OrderBy(r => r.CreatedAt)
            .Select(r => new OccurrenceReminderDto(r.Step, r.DueRevision, r.Recipients, r.CreatedAt)).ToListAsync(cancellationToken);
        var evidenceName = view.EvidenceFileId is { } fileId
            ? await db.Set<ContractFile>().Where(f => f.Id == fileId).Select(f => f.FileName).SingleOrDefaultAsync(cancellationToken)
            : null;
        var canClose = view.Status == OccurrenceStatus.Open
            && await access.AllowsAsync(ObligationOperations.Close, new ObligationOwnership(view.OwnerUserId));
        return new OccurrenceDetailsDto(view, history, reminders, evidenceName, canClose);
    }

    /// <summary>The form for an existing obligation (managers only).</summary>
    public async Task<Outcome<ObligationFormDto>> EditFormAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ContractOperations.Manage) is { } forbidden) return forbidden;
        var obligation = await db.Set<Obligation>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (obligation is null) return Fail.NotFound("There is no such obligation.");
        var form = await FormAsync(obligation.ContractId, obligation.TypeKey, forNew: false, cancellationToken);
        if (form is null) return Fail.NotFound("There is no such obligation.");
        var open = await db.Set<ObligationOccurrence>().Where(o => o.ObligationId == id && o.Status == OccurrenceStatus.Open)
            .Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken);
        var details = new ObligationDetails(obligation.Title, obligation.ClauseReference, obligation.OwnerUserId, obligation.Recurrence.ToString(),
            obligation.FirstDueOn, obligation.ReminderPlan.Replace(",", ", ", StringComparison.Ordinal), obligation.NeedsVendorEvidence,
            obligation.NotificationHours);
        return form with { Id = id, Details = details, Version = obligation.Version, OpenOccurrenceId = open };
    }

    /// <summary>The form for a new obligation of a contract from a catalogue entry still offered (managers only).</summary>
    public async Task<Outcome<ObligationFormDto>> NewFormAsync(Guid contractId, string typeKey, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ContractOperations.Manage) is { } forbidden) return forbidden;
        return await FormAsync(contractId, typeKey, forNew: true, cancellationToken) is { } form ? form : Fail.NotFound("There is no such contract or type.");
    }

    private async Task<ObligationFormDto?> FormAsync(Guid contractId, string typeKey, bool forNew, CancellationToken cancellationToken)
    {
        var contract = await db.Set<Contract>().Where(c => c.Id == contractId).Select(c => new { c.Id, c.Title }).SingleOrDefaultAsync(cancellationToken);
        if (contract is null) return null;
        var catalogue = await contracts.CatalogueAsync(includeRetired: !forNew, cancellationToken);
        if (catalogue.FirstOrDefault(t => t.Key == typeKey) is not { } type) return null;
        return new ObligationFormDto(null, contract.Id, contract.Title, type, await contracts.OwnersAsync(cancellationToken), null, 0, null);
    }

    /// <summary>The tenant's own obligation types (retired last) with how many obligations use each.</summary>
    public async Task<Outcome<ObligationCatalogueDto>> TypesAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ContractQueries.Read) is { } forbidden) return forbidden;
        var own = await db.Set<ObligationType>().OrderBy(t => t.IsRetired).ThenBy(t => t.Name)
            .Select(t => new ObligationTypeRowDto(t.Id, t.Name, t.Description, t.DefaultRecurrence, t.NeedsVendorEvidence, t.HasHours, t.IsRetired, t.Version,
                db.Set<Obligation>().Count(o => o.TypeKey == t.Key)))
            .ToListAsync(cancellationToken);
        return new ObligationCatalogueDto(own, await access.AllowsAsync(ContractOperations.Manage));
    }

    /// <summary>Since when the actor's calendar feed address is active; null without one.</summary>
    public async Task<DateTimeOffset?> CalendarFeedSinceAsync(CancellationToken cancellationToken)
    {
        var userId = access.Tenant.UserId;
        return await db.Set<CalendarFeedToken>().Where(t => t.UserId == userId && t.RevokedAt == null)
            .OrderByDescending(t => t.CreatedAt).Select(t => (DateTimeOffset?)t.CreatedAt).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The iCalendar feed of the feed owner's open occurrences and contract dates; NotFound for an unknown, revoked or foreign secret,
    /// or a disabled member. Calendar apps send no cookie: the secret is the credential, and the door enters its tenant.
    /// </summary>
    public async Task<Outcome<string>> CalendarFeedAsync(string slug, string secret, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 100) return Fail.NotFound();
        var owner = await door.EnterWithCalendarFeedAsync(slug, CalendarFeedToken.Hash(secret), cancellationToken);
        if (owner is null) return Fail.NotFound();
        var items = await (
                from o in db.Set<ObligationOccurrence>()
                where o.Status == OccurrenceStatus.Open
                join ob in db.Set<Obligation>() on o.ObligationId equals ob.Id
                where ob.OwnerUserId == owner.UserId
                join c in db.Set<Contract>() on ob.ContractId equals c.Id
                join v in db.Vendors on c.VendorId equals v.Id
                orderby o.DueOn, ob.Title
                select new { o.Id, o.DueOn, ob.Title, ob.ClauseReference, Contract = c.Title, Vendor = v.LegalName })
            .AsNoTracking().ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var events = items.Select(i => new CalendarEvent(
            $"{i.Id:N}@vendorrisk",
            i.DueOn,
            $"{i.Title} ({i.Vendor})",
            $"Contract: {i.Contract}{(i.ClauseReference is null ? "" : $", clause {i.ClauseReference}")}\nVendor: {i.Vendor}",
            links.ObligationOccurrence(slug, i.Id),
            now)).ToList();
        // The owner's contracts: notice deadlines, ends and renewals from a month back to two years ahead.
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        foreach (var d in await ContractDatesAsync(today.AddDays(-30), today.AddYears(2), owner.UserId, cancellationToken))
        {
            events.Add(new CalendarEvent(
                $"contract-{d.ContractId:N}-{d.ContractKind.ToString()!.ToLowerInvariant()}-{d.DueOn:yyyyMMdd}@vendorrisk",
                d.DueOn,
                $"{d.Title}: {d.ContractTitle} ({d.VendorName})",
                d.ContractKind == ContractDeadlineKind.NoticeDeadline
                    ? $"Last day to give notice on the contract {d.ContractTitle}\nVendor: {d.VendorName}"
                    : $"Contract: {d.ContractTitle}\nVendor: {d.VendorName}",
                links.ContractDetails(slug, d.ContractId),
                now));
        }
        events.Sort((a, b) => a.Day.CompareTo(b.Day));
        return ICalendarWriter.Write($"VendorRisk deadlines, {owner.TenantName}", events);
    }
}
