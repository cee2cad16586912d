using System.ComponentModel;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using VendorRisk.Application.Common;
using VendorRisk.Application.Templates;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Infrastructure.Questionnaires.Spreadsheets;

namespace VendorRisk.Web.Api;

/// <summary>A version in the organisation's template library.</summary>
public sealed record TemplateSummaryDto(
    Guid Id,
    [property: Description("The template's id in the questionnaire format (shared by its versions).")] string TemplateKey,
    [property: Description("Semantic version, MAJOR.MINOR.PATCH.")] string SemanticVersion,
    QuestionnaireStatus Status,
    string Title,
    DateTimeOffset UpdatedAt,
    [property: Description("The shipped template this version was cloned from, if any.")] string? ClonedFrom);

/// <summary>
/// The template library: list, export (the questionnaire JSON format), import as a draft and publish. Each calls the same operation or
/// query as the template pages (<see cref="TemplateOperations"/>, <see cref="TemplateQueries"/>), so permissions, validation and
/// messages are the pages' (ADR-020, ADR-033).
/// </summary>
public static class TemplateEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var templates = api.MapGroup("/templates").WithTags("Templates");
        templates.MapGet("/", List).WithName("ListTemplates").WithSummary("List the organisation's template versions")
            .WithDescription("By title, then id, newest version first.")
            .Produces<PageOf<TemplateSummaryDto>>().ProducesValidationProblem();
        templates.MapGet("/{id:guid}", Get).WithName("GetTemplate").WithSummary("Get a template version")
            .Produces<TemplateSummaryDto>().Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound);
        templates.MapGet("/{id:guid}/export", Export).WithName("ExportTemplate").WithSummary("Export a template version as questionnaire JSON")
            .WithDescription("The definition in VendorRisk's questionnaire format (docs/formats/questionnaire.md), as the template pages' JSON export.")
            .Produces<JsonElement>(StatusCodes.Status200OK, "application/json").Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        templates.MapPost("/import", Import).WithName("ImportTemplate").WithSummary("Import a file as a new draft")
            .WithDescription("Needs a read-write token of a tenant admin or vendor manager. multipart/form-data with `file` (.json, .xlsx or .csv, " +
                "at most 5 MB) and `format` (`questionnaire`, `vsaq`, `branching` or `spreadsheet`); `templateId`, `title` and `version` name VSAQ and branching files and " +
                "sheets. The file must compile (no unknown references, no visibility cycle). A refused file saves nothing and answers 422: `errors.file` " +
                "holds the summary, and each problem of the definition is under `problem:` followed by its location.")
            .RequireAuthorization(ApiPolicies.Write)
            .DisableAntiforgery()
            .Accepts<TemplateImportForm>("multipart/form-data")
            .Produces<TemplateSummaryDto>(StatusCodes.Status201Created).ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        templates.MapPost("/{id:guid}/publish", Publish).WithName("PublishTemplate").WithSummary("Publish a draft")
            .WithDescription("Needs a read-write token of a tenant admin or vendor manager. The content is fixed and hashed and offered for new " +
                "assessments; a draft with problems answers 422 with them, a version that is not a draft 422, a concurrent change 409.")
            .RequireAuthorization(ApiPolicies.Write)
            .Produces<TemplateSummaryDto>().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> List(HttpContext http, TemplateQueries queries,
        [Description("Page number, from 1.")][QueryType(typeof(int))] string? page,
        [Description("Items per page, 1 to 100 (default 25).")][QueryType(typeof(int))] string? pageSize,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, errors);
        if (errors.Count > 0) return ApiProblems.Validation(http, errors);
        var library = await queries.LibraryAsync(cancellationToken);
        if (!library.Succeeded) return ApiProblems.From(http, library);
        var rows = library.Value!.Templates;
        return ApiRepresentation.Ok(http, paging.Of([.. rows.Skip(paging.Skip).Take(paging.PageSize).Select(Summary)], rows.Count));
    }

    private static async Task<IResult> Get(Guid id, HttpContext http, TemplateQueries queries, CancellationToken cancellationToken)
    {
        var found = await queries.FindAsync(id, cancellationToken);
        return found.Succeeded ? ApiRepresentation.Ok(http, Summary(found.Value!.Template)) : ApiProblems.From(http, found);
    }

    private static async Task<IResult> Export(Guid id, HttpContext http, TemplateQueries queries, CancellationToken cancellationToken)
    {
        var file = await queries.ExportAsync(id, TemplateFileFormat.Json, cancellationToken);
        if (!file.Succeeded) return ApiProblems.From(http, file);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{file.Value!.FileName}\"";
        return ApiRepresentation.OkBytes(http, file.Value.Content, "application/json; charset=utf-8");
    }

    private static async Task<IResult> Import(HttpContext http, TemplateOperations operations, TemplateQueries queries,
        CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
            return ApiProblems.Result(http, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send the file as multipart/form-data with the fields file and format.");
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var file = form.Files.GetFile("file");
        await using var content = file?.OpenReadStream() ?? Stream.Null;
        var imported = await operations.ImportAsync(new TemplateImport(
            file is null ? null : new UploadedFile(file.FileName, file.Length, content),
            form["format"].FirstOrDefault(), form["templateId"].FirstOrDefault(), form["title"].FirstOrDefault(), form["version"].FirstOrDefault(),
            new ColumnMapping()), cancellationToken);
        if (!imported.Succeeded) return ApiProblems.From(http, imported);
        var found = await queries.FindAsync(imported.Value!.Id, cancellationToken);
        http.Response.Headers.Location = $"{ApiServiceCollectionExtensions.Prefix}/templates/{imported.Value.Id}";
        return ApiRepresentation.Ok(http, Summary(found.Value!.Template), StatusCodes.Status201Created);
    }

    private static async Task<IResult> Publish(Guid id, HttpContext http, TemplateOperations operations, TemplateQueries queries,
        CancellationToken cancellationToken)
    {
        var published = await operations.PublishAsync(id, cancellationToken);
        if (!published.Succeeded) return ApiProblems.From(http, published);
        var found = await queries.FindAsync(id, cancellationToken);
        return ApiRepresentation.Ok(http, Summary(found.Value!.Template));
    }

    private static TemplateSummaryDto Summary(TemplateRow row) =>
        new(row.Id, row.TemplateKey, row.SemanticVersion, row.Status, row.Title, row.UpdatedAt, row.ClonedFrom);

    private static TemplateSummaryDto Summary(TemplateDto template) =>
        new(template.Id, template.TemplateKey, template.SemanticVersion, template.Status, template.Title, template.UpdatedAt, template.ClonedFrom);
}

/// <summary>The form fields of an import (documentation of the multipart body).</summary>
public sealed record TemplateImportForm(
    [property: Description("The file: .json (questionnaire format or VSAQ), .xlsx or .csv; at most 5 MB.")] IFormFile File,
    [property: Description("questionnaire, vsaq, branching or spreadsheet.")] string Format,
    [property: Description("VSAQ files and sheets: the template id (empty: from the file name).")] string? TemplateId = null,
    [property: Description("VSAQ files and sheets: the title.")] string? Title = null,
    [property: Description("VSAQ files and sheets: the version, default 1.0.0.")] string? Version = null);
