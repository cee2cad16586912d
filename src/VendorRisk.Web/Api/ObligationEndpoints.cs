using System.ComponentModel;
using System.Globalization;
using VendorRisk.Application.Contracts;
using VendorRisk.Application.Common;

namespace VendorRisk.Web.Api;

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

    private static DateOnly? ReadDate(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors[field] = ["Use a date as yyyy-MM-dd, for example 2026-12-31."];
        return null;
    }

    private static async Task<IResult> List(HttpContext http, ObligationQueries obligations,
        [Description("Only this vendor's obligations.")][QueryType(typeof(Guid))] string? vendorId,
        [Description("Open, Overdue (open and past due), Met or Waived.")][QueryType(typeof(ObligationState))] string? status,
        [Description("Due on or after this day (yyyy-MM-dd).")][QueryType(typeof(DateOnly))] string? dueFrom,
        [Description("Due on or before this day (yyyy-MM-dd).")][QueryType(typeof(DateOnly))] string? dueTo,
        [Description("Page number, from 1.")][QueryType(typeof(int))] string? page,
        [Description("Items per page, 1 to 100 (default 25).")][QueryType(typeof(int))] string? pageSize,
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

        var list = await obligations.ListAsync(new ObligationFilter(vendor, state, from, to), paging.Page, paging.PageSize, cancellationToken);
        return list.Succeeded ? ApiRepresentation.Ok(http, list.Value) : ApiProblems.From(http, list);
    }

    private static async Task<IResult> Get(Guid id, HttpContext http, ObligationQueries obligations, CancellationToken cancellationToken)
    {
        var row = await obligations.FindAsync(id, cancellationToken);
        return row.Succeeded ? ApiRepresentation.Ok(http, row.Value) : ApiProblems.From(http, row);
    }
}
