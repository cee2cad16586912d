using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace VendorRisk.Web.Api;

/// <summary>RFC 9457 (formerly 7807) problem details for every API error, with the request's trace id.</summary>
public static class ApiProblems
{
    public const string ContentType = "application/problem+json";

    public static ProblemDetails Create(HttpContext context, int status, string title, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Instance = context.Request.Path,
        };
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier;
        return problem;
    }

    public static Task Write(HttpContext context, int status, string title, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(Create(context, status, title, detail), (System.Text.Json.JsonSerializerOptions?)null, ContentType);
    }

    public static IResult Result(HttpContext context, int status, string title, string? detail = null) =>
        TypedResults.Json(Create(context, status, title, detail), contentType: ContentType, statusCode: status);

    public static IResult NotFound(HttpContext context, string what) =>
        Result(context, StatusCodes.Status404NotFound, "Not found", $"No {what} with this id in your organisation.");

    /// <summary>400 for a request that cannot be read (query parameters), 422 for a body that breaks the rules.</summary>
    public static IResult Validation(HttpContext context, IDictionary<string, string[]> errors, int status = StatusCodes.Status400BadRequest)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = status,
            Title = "One or more fields are invalid.",
            Instance = context.Request.Path,
        };
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier;
        return TypedResults.Json(problem, contentType: ContentType, statusCode: status);
    }
}
