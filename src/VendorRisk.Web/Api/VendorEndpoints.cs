using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;

using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;

namespace VendorRisk.Web.Api;

public sealed record VendorSummaryDto(Guid Id, string LegalName, string? Country, VendorStatus Status, RiskTier? Tier,
    BusinessCriticality Criticality, Guid? BusinessOwnerUserId, string? BusinessOwnerName, int AiSystemCount);

public sealed record VendorDto(Guid Id, string LegalName, string? Website, string? Country, string? Description, VendorStatus Status,
    RiskTier? Tier, RiskTier? ComputedTier, string? TierOverrideJustification, DateTimeOffset? TieredAt, BusinessCriticality Criticality,
    Guid? BusinessOwnerUserId, string? BusinessOwnerName, int AiSystemCount, DateTimeOffset CreatedAt, int Version);

/// <summary>The fields a client sets on create and replaces on update.</summary>
public sealed record VendorWriteDto(
    [property: Description("Required, 1 to 200 characters, unique in the organisation.")] string? LegalName,
    [property: Description("Optional absolute http(s) address, at most 300 characters.")] string? Website,
    [property: Description("Optional ISO 3166-1 alpha-2 code, such as DE.")] string? Country,
    [property: Description("Optional, at most 4000 characters.")] string? Description,
    [property: Description("Optional: an internal member of the organisation.")] Guid? BusinessOwnerUserId,
    [property: Description("Low, Medium, High or Critical. Defaults to Medium on create; required on update.")] BusinessCriticality? Criticality);

public sealed record AiSystemSummaryDto(Guid Id, Guid VendorId, string Name, int RevisionNumber, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    IReadOnlyList<string> FoundationModelProviders, IReadOnlyList<string> Subprocessors);

public sealed record FoundationModelDto(string Provider, string Model, string? Version);

public sealed record AiSystemDto(Guid Id, Guid VendorId, string Name, int RevisionNumber, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    string Purpose, string? UseCase, string? ModelType, IReadOnlyList<FoundationModelDto> FoundationModels, AiDeployment Deployment,
    IReadOnlyList<string> DataCategories, bool ProcessesPersonalData, CustomerDataTraining TrainingOnCustomerData, AutonomyLevel Autonomy,
    HumanOversight Oversight, string? PeopleAffected, EuAiActRiskClass EuAiActRiskClass, IReadOnlyList<string> Subprocessors);

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

    private static async Task<IResult> List(HttpContext http, AppDbContext db,
        [Description("Prospect, Onboarding, Active or Offboarded.")] string? status,
        [Description("Inherent risk tier: Low, Medium, High or Critical.")] string? tier,
        [Description("User id of the business owner.")] string? ownerId,
        [Description("Text in the legal name or description.")] string? q,
        [Description("Page number, from 1.")] string? page,
        [Description("Items per page, 1 to 100 (default 25).")] string? pageSize,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, errors);
        var statusFilter = Paging.ReadEnum<VendorStatus>(status, "status", errors);
        var tierFilter = Paging.ReadEnum<RiskTier>(tier, "tier", errors);
        var owner = Paging.ReadGuid(ownerId, "ownerId", errors);
        if (q is { Length: > Vendor.LegalNameMaxLength }) errors["q"] = [$"Use at most {Vendor.LegalNameMaxLength} characters."];
        if (errors.Count > 0) return ApiProblems.Validation(http, errors);

        var query = db.Vendors.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = "%" + Like.Escape(q.Trim()) + "%";
            query = query.Where(v => EF.Functions.Like(v.LegalName, pattern, "\\")
                || (v.Description != null && EF.Functions.Like(v.Description, pattern, "\\")));
        }
        if (statusFilter is { } s) query = query.Where(v => v.Status == s);
        if (tierFilter is { } t) query = query.Where(v => v.InherentTier == t);
        if (owner is { } o) query = query.Where(v => v.BusinessOwnerUserId == o);

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(v => v.LegalName).ThenBy(v => v.Id).Skip(paging.Skip).Take(paging.PageSize)
            .Select(v => new VendorSummaryDto(v.Id, v.LegalName, v.Country, v.Status, v.InherentTier, v.Criticality, v.BusinessOwnerUserId,
                db.Users.Where(u => u.Id == v.BusinessOwnerUserId).Select(u => u.DisplayName).FirstOrDefault(),
                db.AiSystems.Count(a => a.VendorId == v.Id)))
            .ToListAsync(cancellationToken);
        return ApiRepresentation.Ok(http, paging.Of(items, total));
    }

    private static IQueryable<VendorDto> Representation(AppDbContext db, Guid id) =>
        db.Vendors.AsNoTracking().Where(v => v.Id == id)
            .Select(v => new VendorDto(v.Id, v.LegalName, v.Website, v.Country, v.Description, v.Status, v.InherentTier, v.ComputedTier,
                v.TierOverrideJustification, v.TieredAt, v.Criticality, v.BusinessOwnerUserId,
                db.Users.Where(u => u.Id == v.BusinessOwnerUserId).Select(u => u.DisplayName).FirstOrDefault(),
                db.AiSystems.Count(a => a.VendorId == v.Id), v.CreatedAt, v.Version));

    private static async Task<IResult> Get(Guid id, HttpContext http, AppDbContext db, CancellationToken cancellationToken)
    {
        var vendor = await Representation(db, id).SingleOrDefaultAsync(cancellationToken);
        return vendor is null ? ApiProblems.NotFound(http, "vendor") : ApiRepresentation.Ok(http, vendor);
    }

    private static async Task<IResult> Create([FromBody] VendorWriteDto? input, HttpContext http, AppDbContext db, AuditLog audit,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (input is null) return ApiProblems.Result(http, StatusCodes.Status400BadRequest, "Missing body", "Send the vendor as a JSON object.");
        var errors = await ValidateAsync(input, db, null, requireCriticality: false, cancellationToken);
        if (errors.Count > 0) return ApiProblems.Validation(http, errors, StatusCodes.Status422UnprocessableEntity);

        Vendor vendor;
        try
        {
            vendor = Vendor.Create(input.LegalName!, input.Website, CountryCode(input.Country), input.Description, clock.GetUtcNow());
            vendor.AssignOwnership(input.BusinessOwnerUserId, input.Criticality ?? BusinessCriticality.Medium);
        }
        catch (DomainException e)
        {
            return ApiProblems.Validation(http, new Dictionary<string, string[]> { [""] = [e.Message] }, StatusCodes.Status422UnprocessableEntity);
        }
        db.Vendors.Add(vendor);
        audit.Record("vendor.created", nameof(Vendor), vendor.Id,
            new { vendor.LegalName, vendor.Country, vendor.Criticality, via = "api", token = TokenId(http) });
        await db.SaveChangesAsync(cancellationToken);

        var created = await Representation(db, vendor.Id).SingleAsync(cancellationToken);
        http.Response.Headers.Location = $"/api/v1/vendors/{vendor.Id}";
        return ApiRepresentation.Ok(http, created, StatusCodes.Status201Created);
    }

    private static async Task<IResult> Update(Guid id, [FromBody] VendorWriteDto? input, HttpContext http, AppDbContext db, AuditLog audit,
        CancellationToken cancellationToken)
    {
        var current = await Representation(db, id).SingleOrDefaultAsync(cancellationToken);
        if (current is null) return ApiProblems.NotFound(http, "vendor");
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
            return ApiProblems.Result(http, StatusCodes.Status428PreconditionRequired, "If-Match required",
                "Send the ETag of the vendor you read in an If-Match header, so that you never overwrite a change you have not seen.");
        var currentEtag = ApiRepresentation.ETagOf(http, current);
        if (!ApiRepresentation.Matches(ifMatch, currentEtag, weak: false))
        {
            http.Response.Headers.ETag = currentEtag;
            return ApiProblems.Result(http, StatusCodes.Status412PreconditionFailed, "Stale ETag",
                "The vendor changed since you read it. Read it again, reapply your change and send the new ETag.");
        }
        if (input is null) return ApiProblems.Result(http, StatusCodes.Status400BadRequest, "Missing body", "Send the vendor as a JSON object.");
        var errors = await ValidateAsync(input, db, id, requireCriticality: true, cancellationToken);
        if (errors.Count > 0) return ApiProblems.Validation(http, errors, StatusCodes.Status422UnprocessableEntity);

        var vendor = await db.Vendors.SingleAsync(v => v.Id == id, cancellationToken);
        // The version the ETag was computed from: a write in between fails the save instead of being overwritten.
        db.Entry(vendor).Property(v => v.Version).OriginalValue = current.Version;
        var before = new { vendor.LegalName, vendor.Website, vendor.Country, vendor.Description, vendor.BusinessOwnerUserId, vendor.Criticality };
        try
        {
            vendor.UpdateDetails(input.LegalName!, input.Website, CountryCode(input.Country), input.Description);
            vendor.AssignOwnership(input.BusinessOwnerUserId, input.Criticality!.Value);
        }
        catch (DomainException e)
        {
            return ApiProblems.Validation(http, new Dictionary<string, string[]> { [""] = [e.Message] }, StatusCodes.Status422UnprocessableEntity);
        }
        audit.Record("vendor.updated", nameof(Vendor), vendor.Id, new
        {
            before,
            after = new { vendor.LegalName, vendor.Website, vendor.Country, vendor.Description, vendor.BusinessOwnerUserId, vendor.Criticality },
            via = "api",
            token = TokenId(http),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return ApiProblems.Result(http, StatusCodes.Status412PreconditionFailed, "Stale ETag",
                "The vendor changed while your update was being saved. Read it again and retry.");
        }
        var updated = await Representation(db, id).SingleAsync(cancellationToken);
        return ApiRepresentation.Ok(http, updated, StatusCodes.Status200OK);
    }

    private static async Task<Dictionary<string, string[]>> ValidateAsync(VendorWriteDto input, AppDbContext db, Guid? id, bool requireCriticality,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = input.LegalName?.Trim();
        if (string.IsNullOrEmpty(name)) errors["legalName"] = ["Enter the vendor's legal name."];
        else if (name.Length > Vendor.LegalNameMaxLength) errors["legalName"] = [$"Use at most {Vendor.LegalNameMaxLength} characters."];
        if (!string.IsNullOrWhiteSpace(input.Website) && (input.Website.Trim().Length > Vendor.WebsiteMaxLength
            || !Uri.TryCreate(input.Website.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
            errors["website"] = ["Enter a full address starting with https://, at most 300 characters."];
        if (!string.IsNullOrWhiteSpace(input.Country) && (input.Country.Trim().Length != 2 || !input.Country.Trim().All(char.IsAsciiLetter)))
            errors["country"] = ["Use the two-letter country code, such as DE or US."];
        if (input.Description is { Length: > Vendor.DescriptionMaxLength })
            errors["description"] = [$"Use at most {Vendor.DescriptionMaxLength} characters."];
        if (input.Criticality is { } c && !Enum.IsDefined(c)) errors["criticality"] = ["Use Low, Medium, High or Critical."];
        if (requireCriticality && input.Criticality is null) errors["criticality"] = ["Give the criticality: Low, Medium, High or Critical."];
        if (input.BusinessOwnerUserId is { } owner
            && !await db.Memberships.AnyAsync(m => m.UserId == owner && !m.IsDisabled && m.VendorId == null, cancellationToken))
            errors["businessOwnerUserId"] = ["Choose an owner who is an internal member of this organisation."];
        if (!errors.ContainsKey("legalName") && await db.Vendors.AnyAsync(v => v.LegalName == name && v.Id != id, cancellationToken))
            errors["legalName"] = [id is null ? "A vendor with this legal name already exists." : "Another vendor has this legal name."];
        return errors;
    }

    private static string? CountryCode(string? country) => string.IsNullOrWhiteSpace(country) ? null : country.Trim().ToUpperInvariant();

    internal static string? TokenId(HttpContext http) => http.User.FindFirstValue(ApiTokenDefaults.TokenIdClaim);

    private static async Task<IResult> ListAiSystems(Guid vendorId, HttpContext http, AppDbContext db,
        [Description("Page number, from 1.")] string? page,
        [Description("Items per page, 1 to 100 (default 25).")] string? pageSize,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, errors);
        if (errors.Count > 0) return ApiProblems.Validation(http, errors);
        if (!await db.Vendors.AnyAsync(v => v.Id == vendorId, cancellationToken)) return ApiProblems.NotFound(http, "vendor");

        var query = db.AiSystems.AsNoTracking().Where(s => s.VendorId == vendorId);
        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(s => s.Name).ThenBy(s => s.Id).Skip(paging.Skip).Take(paging.PageSize)
            .Select(s => new { s.Id, s.VendorId, s.Name, s.RevisionNumber, s.CreatedAt, s.UpdatedAt })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var dependencies = await db.AiSystemDependencies.AsNoTracking().Where(d => ids.Contains(d.AiSystemId))
            .Select(d => new { d.AiSystemId, d.Kind, d.Name }).ToListAsync(cancellationToken);
        var items = rows.Select(r => new AiSystemSummaryDto(r.Id, r.VendorId, r.Name, r.RevisionNumber, r.CreatedAt, r.UpdatedAt,
            [.. dependencies.Where(d => d.AiSystemId == r.Id && d.Kind == DependencyKind.FoundationModelProvider).Select(d => d.Name).Order(StringComparer.Ordinal)],
            [.. dependencies.Where(d => d.AiSystemId == r.Id && d.Kind == DependencyKind.Subprocessor).Select(d => d.Name).Order(StringComparer.Ordinal)]))
            .ToList();
        return ApiRepresentation.Ok(http, paging.Of(items, total));
    }

    private static async Task<IResult> GetAiSystem(Guid vendorId, Guid id, HttpContext http, AppDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.AiSystems.AsNoTracking().Where(s => s.Id == id && s.VendorId == vendorId)
            .Select(s => new { s.Id, s.VendorId, s.Name, s.RevisionNumber, s.CreatedAt, s.UpdatedAt, s.ProfileJson })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null) return ApiProblems.NotFound(http, "AI system of this vendor");
        var p = AiSystemProfile.FromJson(row.ProfileJson);
        return ApiRepresentation.Ok(http, new AiSystemDto(row.Id, row.VendorId, row.Name, row.RevisionNumber, row.CreatedAt, row.UpdatedAt,
            p.Purpose, p.UseCase, p.ModelType, [.. p.FoundationModels.Select(m => new FoundationModelDto(m.Provider, m.Model, m.Version))],
            p.Deployment, p.DataCategories, p.ProcessesPersonalData, p.TrainingOnCustomerData, p.Autonomy, p.Oversight, p.PeopleAffected,
            p.EuAiActRiskClass, p.Subprocessors));
    }
}

internal static class Like
{
    /// <summary>A search for "50%" means the characters, not a wildcard.</summary>
    public static string Escape(string term) =>
        term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
