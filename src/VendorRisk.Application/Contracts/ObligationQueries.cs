using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Contracts;
using VendorRisk.Application.Tenancy;
using VendorRisk.Infrastructure.Links;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Contracts;

/// <summary>What an obligation occurrence is, for filtering: overdue is an open one past its due date.</summary>
public enum ObligationState
{
    Open,
    Overdue,
    Met,
    Waived,
}

/// <summary>One due date (occurrence) of a contract obligation (<c>GET /api/v1/obligations</c>).</summary>
public sealed record ObligationDto(
    [property: Description("The id of this due date (occurrence) of the obligation.")] Guid Id,
    Guid ObligationId, Guid ContractId, string ContractTitle, Guid VendorId, string VendorName, string Title,
    [property: Description("A shipped catalogue key (e.g. pen-test-report) or a tenant type's key (custom-...).")] string TypeKey,
    string? ClauseReference, Recurrence Recurrence,
    [property: Description("1 for the first due date of the obligation, then 2, 3...")] int Sequence,
    DateOnly DueOn, OccurrenceStatus Status,
    [property: Description("Open and past its due date (UTC day).")] bool Overdue,
    DateTimeOffset? ClosedAt, bool ClosedByVendor, bool NeedsVendorEvidence, int? NotificationHours);

/// <summary>Filters of the obligation due dates; they combine with AND. Due dates are inclusive.</summary>
public sealed record ObligationFilter(Guid? VendorId = null, ObligationState? State = null, DateOnly? DueFrom = null, DateOnly? DueTo = null);

/// <summary>What any internal member may read about obligations and their due dates.</summary>
public sealed partial class ObligationQueries(AppDbContext db, Access access, TimeProvider clock, ContractQueries contracts, TenantDoor door,
    PublicLinks links)
{
    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Due dates, earliest first; <paramref name="page"/> from 1.</summary>
    public async Task<Outcome<PageOf<ObligationDto>>> ListAsync(ObligationFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ContractQueries.Read) is { } forbidden) return forbidden;
        var today = Today;
        var query = db.Set<ObligationOccurrence>().AsNoTracking();
        if (filter.VendorId is { } v) query = query.Where(o => db.Set<Obligation>().Any(ob => ob.Id == o.ObligationId && ob.VendorId == v));
        query = filter.State switch
        {
            ObligationState.Open => query.Where(o => o.Status == OccurrenceStatus.Open),
            ObligationState.Overdue => query.Where(o => o.Status == OccurrenceStatus.Open && o.DueOn < today),
            ObligationState.Met => query.Where(o => o.Status == OccurrenceStatus.Met),
            ObligationState.Waived => query.Where(o => o.Status == OccurrenceStatus.Waived),
            _ => query,
        };
        if (filter.DueFrom is { } start) query = query.Where(o => o.DueOn >= start);
        if (filter.DueTo is { } end) query = query.Where(o => o.DueOn <= end);
        var total = await query.CountAsync(cancellationToken);
        var items = await Rows(query.OrderBy(o => o.DueOn).ThenBy(o => o.Id).Skip((page - 1) * pageSize).Take(pageSize), today)
            .ToListAsync(cancellationToken);
        return new PageOf<ObligationDto>(items, page, pageSize, total);
    }

    /// <summary>One due date; another tenant's is not found.</summary>
    public async Task<Outcome<ObligationDto>> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ContractQueries.Read) is { } forbidden) return forbidden;
        var row = await Rows(db.Set<ObligationOccurrence>().AsNoTracking().Where(o => o.Id == id), Today).SingleOrDefaultAsync(cancellationToken);
        return row is null ? Fail.NotFound("No obligation due date with this id in your organisation.") : row;
    }

    private IQueryable<ObligationDto> Rows(IQueryable<ObligationOccurrence> occurrences, DateOnly today) =>
        occurrences.Join(db.Set<Obligation>(), o => o.ObligationId, ob => ob.Id, (o, ob) => new { o, ob })
            .Select(x => new ObligationDto(x.o.Id, x.ob.Id, x.ob.ContractId,
                db.Set<Contract>().Where(c => c.Id == x.ob.ContractId).Select(c => c.Title).First(),
                x.ob.VendorId, db.Vendors.Where(v => v.Id == x.ob.VendorId).Select(v => v.LegalName).First(),
                x.ob.Title, x.ob.TypeKey, x.ob.ClauseReference, x.ob.Recurrence, x.o.Sequence, x.o.DueOn, x.o.Status,
                x.o.Status == OccurrenceStatus.Open && x.o.DueOn < today, x.o.ClosedAt, x.o.ClosedByVendor, x.ob.NeedsVendorEvidence,
                x.ob.NotificationHours));
}
