using System.ComponentModel;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Contracts;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Application.Common;

namespace VendorRisk.Web.Api;

/// <summary>What an obligation occurrence is, for filtering: overdue is an open one past its due date.</summary>
public enum ObligationState
{
    Open,
    Overdue,
    Met,
    Waived,
}

public sealed record ObligationDto(
    [property: Description("The id of this due date (occurrence) of the obligation.")] Guid Id,
    Guid ObligationId, Guid ContractId, string ContractTitle, Guid VendorId, string VendorName, string Title,
    [property: Description("A shipped catalogue key (e.g. pen-test-report) or a tenant type's key (custom-...).")] string TypeKey,
    string? ClauseReference, Recurrence Recurrence,
    [property: Description("1 for the first due date of the obligation, then 2, 3...")] int Sequence,
    DateOnly DueOn, OccurrenceStatus Status,
    [property: Description("Open and past its due date (UTC day).")] bool Overdue,
    DateTimeOffset? ClosedAt, bool ClosedByVendor, bool NeedsVendorEvidence, int? NotificationHours);

/// <summary>Obligations of contracts, one item per due date (occurrence), read-only.</summary>
public static class ObligationEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var obligations = api.MapGroup("/obligations").WithTags("Obligations");
        obligations.MapGet("/", List).WithName("ListObligations").WithSummary("List obligation due dates")
            .WithDescription("Each item is one due date (occurrence) of a contract obligation; earliest due first. Filter by vendor, state and due-date range.")
            .Produces<PageOf<ObligationDto>>().ProducesValidationProblem();
        obligations.MapGet("/{id:guid}", Get).WithName("GetObligation").WithSummary("Get one obligation due date")
            .Produces<ObligationDto>().Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static IQueryable<ObligationDto> Rows(AppDbContext db, IQueryable<ObligationOccurrence> occurrences, DateOnly today) =>
        occurrences.Join(db.Set<Obligation>(), o => o.ObligationId, ob => ob.Id, (o, ob) => new { o, ob })
            .Select(x => new ObligationDto(x.o.Id, x.ob.Id, x.ob.ContractId,
                db.Set<Contract>().Where(c => c.Id == x.ob.ContractId).Select(c => c.Title).First(),
                x.ob.VendorId, db.Vendors.Where(v => v.Id == x.ob.VendorId).Select(v => v.LegalName).First(),
                x.ob.Title, x.ob.TypeKey, x.ob.ClauseReference, x.ob.Recurrence, x.o.Sequence, x.o.DueOn, x.o.Status,
                x.o.Status == OccurrenceStatus.Open && x.o.DueOn < today, x.o.ClosedAt, x.o.ClosedByVendor, x.ob.NeedsVendorEvidence,
                x.ob.NotificationHours));

    private static DateOnly? ReadDate(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors[field] = ["Use a date as yyyy-MM-dd, for example 2026-12-31."];
        return null;
    }

    private static async Task<IResult> List(HttpContext http, AppDbContext db, TimeProvider clock,
        [Description("Only this vendor's obligations.")] string? vendorId,
        [Description("Open, Overdue (open and past due), Met or Waived.")] string? status,
        [Description("Due on or after this day (yyyy-MM-dd).")] string? dueFrom,
        [Description("Due on or before this day (yyyy-MM-dd).")] string? dueTo,
        [Description("Page number, from 1.")] string? page,
        [Description("Items per page, 1 to 100 (default 25).")] string? pageSize,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, errors);
        var vendor = Paging.ReadGuid(vendorId, "vendorId", errors);
        var state = Paging.ReadEnum<ObligationState>(status, "status", errors);
        var from = ReadDate(dueFrom, "dueFrom", errors);
        var to = ReadDate(dueTo, "dueTo", errors);
        if (from is { } f && to is { } t && f > t) errors["dueTo"] = ["Use a day on or after dueFrom."];
        if (errors.Count > 0) return ApiProblems.Validation(http, errors);

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var query = db.Set<ObligationOccurrence>().AsNoTracking();
        if (vendor is { } v) query = query.Where(o => db.Set<Obligation>().Any(ob => ob.Id == o.ObligationId && ob.VendorId == v));
        query = state switch
        {
            ObligationState.Open => query.Where(o => o.Status == OccurrenceStatus.Open),
            ObligationState.Overdue => query.Where(o => o.Status == OccurrenceStatus.Open && o.DueOn < today),
            ObligationState.Met => query.Where(o => o.Status == OccurrenceStatus.Met),
            ObligationState.Waived => query.Where(o => o.Status == OccurrenceStatus.Waived),
            _ => query,
        };
        if (from is { } start) query = query.Where(o => o.DueOn >= start);
        if (to is { } end) query = query.Where(o => o.DueOn <= end);
        var total = await query.CountAsync(cancellationToken);
        var items = await Rows(db, query.OrderBy(o => o.DueOn).ThenBy(o => o.Id).Skip(paging.Skip).Take(paging.PageSize), today)
            .ToListAsync(cancellationToken);
        return ApiRepresentation.Ok(http, paging.Of(items, total));
    }

    private static async Task<IResult> Get(Guid id, HttpContext http, AppDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var row = await Rows(db, db.Set<ObligationOccurrence>().AsNoTracking().Where(o => o.Id == id), today).SingleOrDefaultAsync(cancellationToken);
        return row is null ? ApiProblems.NotFound(http, "obligation due date") : ApiRepresentation.Ok(http, row);
    }
}
