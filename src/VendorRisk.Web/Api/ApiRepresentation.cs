using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using VendorRisk.Application.Common;

namespace VendorRisk.Web.Api;

/// <summary>
/// Writes a GET representation with a strong ETag (a hash of the exact bytes sent) and answers 304 when the client
/// already has it (If-None-Match). The same ETag is what If-Match must carry to update a resource.
/// </summary>
public static class ApiRepresentation
{
    public static byte[] Serialize<T>(HttpContext context, T value)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        return JsonSerializer.SerializeToUtf8Bytes(value, options);
    }

    public static string ETagOf(byte[] body) => "\"" + Convert.ToBase64String(SHA256.HashData(body), 0, 18)
        .Replace('+', '-').Replace('/', '_') + "\"";

    public static string ETagOf<T>(HttpContext context, T value) => ETagOf(Serialize(context, value));

    /// <summary>200 with the body and its ETag, or 304 when If-None-Match names it.</summary>
    public static IResult Ok<T>(HttpContext context, T value, int status = StatusCodes.Status200OK)
    {
        var body = Serialize(context, value);
        var etag = ETagOf(body);
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "private, no-cache";
        if (status == StatusCodes.Status200OK && Matches(context.Request.Headers.IfNoneMatch.ToString(), etag, weak: true))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(body, "application/json; charset=utf-8").WithStatus(status);
    }

    /// <summary>200 with these exact bytes (a file such as an export) and their ETag, or 304 when If-None-Match names it.</summary>
    public static IResult OkBytes(HttpContext context, byte[] body, string contentType)
    {
        ArgumentNullException.ThrowIfNull(context);
        var etag = ETagOf(body);
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "private, no-cache";
        if (Matches(context.Request.Headers.IfNoneMatch.ToString(), etag, weak: true))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(body, contentType);
    }

    /// <summary>Whether a list of entity tags (or <c>*</c>) names <paramref name="etag"/>.</summary>
    public static bool Matches(string? header, string etag, bool weak)
    {
        if (string.IsNullOrWhiteSpace(header)) return false;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "*") return true;
            var tag = part;
            if (tag.StartsWith("W/", StringComparison.Ordinal))
            {
                if (!weak) continue;
                tag = tag[2..];
            }
            if (string.Equals(tag, etag, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static IResult WithStatus(this IResult result, int status) =>
        status == StatusCodes.Status200OK ? result : new StatusWrapped(result, status);

    private sealed class StatusWrapped(IResult inner, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            return inner.ExecuteAsync(httpContext);
        }
    }
}

/// <summary>Reads and checks page/pageSize query parameters.</summary>
public sealed class Paging
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    public int Page { get; private init; } = 1;
    public int PageSize { get; private init; } = DefaultPageSize;

    public static Paging Read(string? page, string? pageSize, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var p = 1;
        var size = DefaultPageSize;
        if (page is not null && (!int.TryParse(page, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out p) || p < 1))
            errors["page"] = ["Use a whole number from 1."];
        if (pageSize is not null && (!int.TryParse(pageSize, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size)
            || size < 1 || size > MaxPageSize))
            errors["pageSize"] = [$"Use a whole number from 1 to {MaxPageSize}."];
        return new Paging { Page = Math.Max(p, 1), PageSize = size is >= 1 and <= MaxPageSize ? size : DefaultPageSize };
    }

    public int Skip => (Page - 1) * PageSize;

    /// <summary>An enum query value by name (any case); numbers and unknown names are field errors.</summary>
    public static TEnum? ReadEnum<TEnum>(string? value, string field, Dictionary<string, string[]> errors) where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (!char.IsAsciiDigit(value.Trim()[0]) && Enum.TryParse<TEnum>(value.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            return parsed;
        errors[field] = [$"Use one of: {string.Join(", ", Enum.GetNames<TEnum>())}."];
        return null;
    }

    public static Guid? ReadGuid(string? value, string field, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (Guid.TryParse(value.Trim(), out var id)) return id;
        errors[field] = ["Use an id such as 0196f5d2-7c1e-7a3b-9d2f-2b1c3d4e5f60."];
        return null;
    }

    public PageOf<T> Of<T>(IReadOnlyList<T> items, int totalCount) => new(items, Page, PageSize, totalCount);
}
