using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using VendorRisk.Application.Common;
using VendorRisk.Application.Vendors;
using VendorRisk.Domain.Vendors;

using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;

namespace VendorRisk.Web.Api;

/// <summary>The fields a client sets on create and replaces on update.</summary>
public sealed record VendorWriteDto(
    [property: Description("Required, 1 to 200 characters, unique in the organisation.")] string? LegalName,
    [property: Description("Optional absolute http(s) address, at most 300 characters.")] string? Website = null,
    [property: Description("Optional ISO 3166-1 alpha-2 code, such as DE.")] string? Country = null,
    [property: Description("Optional, at most 4000 characters.")] string? Description = null,
    [property: Description("Optional: an internal member of the organisation.")] Guid? BusinessOwnerUserId = null,
    [property: Description("Low, Medium, High or Critical. Defaults to Medium on create; required on update.")] BusinessCriticality? Criticality = null)
{
    public VendorDetails ToDetails() => new(LegalName, Website, Country, Description, BusinessOwnerUserId, Criticality);
}

/// <summary>Vendors and their AI systems. Reads for every internal member; writes for tenant admins and vendor managers.</summary>
public static class VendorEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var vendors = api.MapGroup("/vendors").WithTags("Vendors");
        vendors.MapGet("/", List).WithName("ListVendors").WithSummary("List vendors")
            .WithDescription("Ordered by legal name. Filters combine with AND.")
            .Produces<PageOf<VendorSummaryDto>>().ProducesValidationProblem();
        vendors.MapGet("/{id:guid}", Get).WithName("GetVendor").WithSummary("Get a vendor")
            .Produces<VendorDto>().Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound);
        vendors.MapPost("/", Create).WithName("CreateVendor").WithSummary("Create a vendor")
            .WithDescription("Needs a read-write token of a tenant admin or vendor manager. The vendor starts as a prospect.")
            .RequireAuthorization(ApiPolicies.Write)
            .Accepts<VendorWriteDto>("application/json")
            .Produces<VendorDto>(StatusCodes.Status201Created).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        vendors.MapPut("/{id:guid}", Update).WithName("UpdateVendor").WithSummary("Replace a vendor's details")
            .WithDescription("Send the ETag of the vendor you read in If-Match; a stale one answers 412, a missing one 428.")
            .RequireAuthorization(ApiPolicies.Write)
            .Accepts<VendorWriteDto>("application/json")
            .Produces<VendorDto>().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        vendors.MapGet("/{vendorId:guid}/ai-systems", ListAiSystems).WithName("ListAiSystems").WithTags("AI systems")
            .WithSummary("List a vendor's AI systems").Produces<PageOf<AiSystemSummaryDto>>().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesValidationProblem();
        vendors.MapGet("/{vendorId:guid}/ai-systems/{id:guid}", GetAiSystem).WithName("GetAiSystem").WithTags("AI systems")
            .WithSummary("Get an AI system and its current profile").Produces<AiSystemDto>().Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> List(HttpContext http, VendorQueries vendors,
        [Description("Prospect, Onboarding, Active or Offboarded.")][QueryType(typeof(VendorStatus))] string? status,
        [Description("Inherent risk tier: Low, Medium, High or Critical.")][QueryType(typeof(RiskTier))] string? tier,
        [Description("User id of the business owner.")][QueryType(typeof(Guid))] string? ownerId,
        [Description("Text in the legal name or description.")] string? q,
        [Description("Page number, from 1.")][QueryType(typeof(int))] string? page,
        [Description("Items per page, 1 to 100 (default 25).")][QueryType(typeof(int))] string? pageSize,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, errors);
        var statusFilter = Paging.ReadEnum<VendorStatus>(status, "status", errors);
        var tierFilter = Paging.ReadEnum<RiskTier>(tier, "tier", errors);
        var owner = Paging.ReadGuid(ownerId, "ownerId", errors);
        if (q is { Length: > Vendor.LegalNameMaxLength }) errors["q"] = [$"Use at most {Vendor.LegalNameMaxLength} characters."];
        if (errors.Count > 0) return ApiProblems.Validation(http, errors);

        var list = await vendors.ListAsync(new VendorFilter(q, statusFilter, tierFilter, owner), paging.Page, paging.PageSize, cancellationToken);
        return list.Succeeded ? ApiRepresentation.Ok(http, list.Value) : ApiProblems.From(http, list);
    }

    private static async Task<IResult> Get(Guid id, HttpContext http, VendorQueries vendors, CancellationToken cancellationToken)
    {
        var vendor = await vendors.FindAsync(id, cancellationToken);
        return vendor.Succeeded ? ApiRepresentation.Ok(http, vendor.Value) : ApiProblems.From(http, vendor);
    }

    private static async Task<IResult> Create([FromBody] VendorWriteDto? input, HttpContext http, VendorOperations operations,
        VendorQueries vendors, CancellationToken cancellationToken)
    {
        if (input is null) return ApiProblems.Result(http, StatusCodes.Status400BadRequest, "Missing body", "Send the vendor as a JSON object.");
        var onboarded = await operations.OnboardAsync(input.ToDetails(), cancellationToken);
        if (!onboarded.Succeeded) return ApiProblems.From(http, onboarded);
        var created = await vendors.FindAsync(onboarded.Value, cancellationToken);
        http.Response.Headers.Location = $"/api/v1/vendors/{onboarded.Value}";
        return ApiRepresentation.Ok(http, created.Value, StatusCodes.Status201Created);
    }

    private static async Task<IResult> Update(Guid id, [FromBody] VendorWriteDto? input, HttpContext http, VendorOperations operations,
        VendorQueries vendors, CancellationToken cancellationToken)
    {
        var current = await vendors.FindAsync(id, cancellationToken);
        if (!current.Succeeded) return ApiProblems.From(http, current);
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
            return ApiProblems.Result(http, StatusCodes.Status428PreconditionRequired, "If-Match required",
                "Send the ETag of the vendor you read in an If-Match header, so that you never overwrite a change you have not seen.");
        var currentEtag = ApiRepresentation.ETagOf(http, current.Value);
        if (!ApiRepresentation.Matches(ifMatch, currentEtag, weak: false))
        {
            http.Response.Headers.ETag = currentEtag;
            return ApiProblems.Result(http, StatusCodes.Status412PreconditionFailed, "Stale ETag",
                "The vendor changed since you read it. Read it again, reapply your change and send the new ETag.");
        }
        if (input is null) return ApiProblems.Result(http, StatusCodes.Status400BadRequest, "Missing body", "Send the vendor as a JSON object.");
        // The version the ETag was computed from: a write in between answers 412 instead of being overwritten.
        var updated = await operations.UpdateAsync(id, input.ToDetails(), current.Value!.Version, cancellationToken);
        if (!updated.Succeeded) return ApiProblems.From(http, updated, conflictStatus: StatusCodes.Status412PreconditionFailed);
        return ApiRepresentation.Ok(http, (await vendors.FindAsync(id, cancellationToken)).Value, StatusCodes.Status200OK);
    }

    internal static string? TokenId(HttpContext http) => http.User.FindFirstValue(ApiTokenDefaults.TokenIdClaim);

    private static async Task<IResult> ListAiSystems(Guid vendorId, HttpContext http, VendorQueries vendors,
        [Description("Page number, from 1.")][QueryType(typeof(int))] string? page,
        [Description("Items per page, 1 to 100 (default 25).")][QueryType(typeof(int))] string? pageSize,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, errors);
        if (errors.Count > 0) return ApiProblems.Validation(http, errors);
        var list = await vendors.AiSystemsAsync(vendorId, paging.Page, paging.PageSize, cancellationToken);
        return list.Succeeded ? ApiRepresentation.Ok(http, list.Value) : ApiProblems.From(http, list);
    }

    private static async Task<IResult> GetAiSystem(Guid vendorId, Guid id, HttpContext http, VendorQueries vendors, CancellationToken cancellationToken)
    {
        var system = await vendors.AiSystemAsync(vendorId, id, cancellationToken);
        return system.Succeeded ? ApiRepresentation.Ok(http, system.Value) : ApiProblems.From(http, system);
    }
}
