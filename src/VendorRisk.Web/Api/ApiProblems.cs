using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using VendorRisk.Application.Common;

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
            Type = TypeOf(status),
            Status = status,
            Title = title,
            Detail = detail,
            Instance = context.Request.Path,
        };
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier;
        return problem;
    }

    /// <summary>The problem type: the section of the RFC that defines the status (<c>about:blank</c> for others).</summary>
    public static string TypeOf(int status) => status switch
    {
        400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        401 => "https://tools.ietf.org/html/rfc9110#section-15.5.2",
        403 => "https://tools.ietf.org/html/rfc9110#section-15.5.4",
        404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        405 => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
        409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
        412 => "https://tools.ietf.org/html/rfc9110#section-15.5.13",
        413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
        422 => "https://tools.ietf.org/html/rfc9110#section-15.5.21",
        428 => "https://tools.ietf.org/html/rfc6585#section-3",
        429 => "https://tools.ietf.org/html/rfc6585#section-4",
        500 => "https://tools.ietf.org/html/rfc9110#section-15.6.1",
        _ => "about:blank",
    };

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
            Type = TypeOf(status),
            Status = status,
            Title = "One or more fields are invalid.",
            Instance = context.Request.Path,
        };
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.TraceIdentifier;
        return TypedResults.Json(problem, contentType: ContentType, statusCode: status);
    }

    /// <summary>
    /// An operation's failure as problem details: 404, 403, 422 with the fields in the API's camelCase, and
    /// <paramref name="conflictStatus"/> (409 unless the endpoint's contract says otherwise, e.g. 412 for a stale ETag).
    /// </summary>
    public static IResult From(HttpContext context, Outcome outcome, int conflictStatus = StatusCodes.Status409Conflict)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Status switch
        {
            OutcomeStatus.NotFound => Result(context, StatusCodes.Status404NotFound, "Not found", outcome.Message),
            OutcomeStatus.Forbidden => Result(context, StatusCodes.Status403Forbidden, "Forbidden", outcome.Message),
            OutcomeStatus.Invalid => Validation(context, outcome.Errors
                .GroupBy(e => JsonNamingPolicy.CamelCase.ConvertName(e.Field))
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()), StatusCodes.Status422UnprocessableEntity),
            OutcomeStatus.Conflict => Result(context, conflictStatus, conflictStatus == StatusCodes.Status412PreconditionFailed ? "Stale ETag" : "Conflict",
                outcome.Message),
            _ => throw new ArgumentException("A successful outcome is no failure.", nameof(outcome)),
        };
    }
}
