using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using VendorRisk.Infrastructure.Links;

namespace VendorRisk.Web.Api;

/// <summary>
/// The type a query parameter read as text by its handler (so that a bad value answers the API's own 400 with the field
/// named) stands for in the document: <see cref="int"/>, <see cref="Guid"/>, <see cref="DateOnly"/> or an enum.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class QueryTypeAttribute(Type type) : Attribute
{
    public Type Type { get; } = type;
}

/// <summary>
/// Completes the generated OpenAPI 3.1 document so that it describes what the API really does: nullable enums that accept
/// null once, typed query parameters, the 401/403/429 answers and the ETag, precondition and rate-limit headers, and the
/// public address as the server.
/// </summary>
internal static class ApiDocument
{
    private const string Problem = "ProblemDetails";

    public static void Configure(OpenApiOptions options)
    {
        options.AddOperationTransformer(TypeQueryParameters);
        options.AddDocumentTransformer(Complete);
    }

    private static Task TypeQueryParameters(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var description in context.Description.ParameterDescriptions)
        {
            if (description.ParameterDescriptor is not IParameterInfoParameterDescriptor { ParameterInfo: var info }
                || info.GetCustomAttribute<QueryTypeAttribute>() is not { Type: var type }) continue;
            foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>().Where(p => p.Name == description.Name))
                parameter.Schema = SchemaOf(type);
        }
        return Task.CompletedTask;
    }

    private static OpenApiSchema SchemaOf(Type type) => type switch
    {
        _ when type == typeof(int) => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
        _ when type == typeof(Guid) => new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
        _ when type == typeof(DateOnly) => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date" },
        { IsEnum: true } => new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. Enum.GetNames(type).Select(n => (JsonNode)JsonValue.Create(n))] },
        _ => throw new ArgumentException($"No schema for query parameters of type {type}.", nameof(type)),
    };

    private static Task Complete(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        // The portal's public address, never the request's Host header; no trailing slash, as the paths start with '/'.
        document.Servers = [new OpenApiServer { Url = context.ApplicationServices.GetRequiredService<PublicLinks>().BaseUrl }];
        AcceptNullOnce(document);
        foreach (var item in document.Paths.Values)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                var verb = method.ToString().ToUpperInvariant();
                operation.Responses ??= [];
                ProblemResponse(document, operation, "401", "No valid token: missing, unknown, expired or revoked.");
                ProblemResponse(document, operation, "403", "The token's user may not do this (a read-only token, a vendor contact or a missing role).");
                ProblemResponse(document, operation, "429", "Too many requests for this token.")?.Headers?.TryAdd("Retry-After", new OpenApiHeader
                {
                    Description = "Seconds to wait before the next request.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                });
                if (verb == "GET")
                {
                    AddHeaderParameter(operation, "If-None-Match", required: false,
                        "ETags of representations you hold; when one is current the answer is 304 without a body.");
                    Returns(operation, "200", "304");
                }
                else if (verb == "PUT")
                {
                    AddHeaderParameter(operation, "If-Match", required: true,
                        "The ETag of the representation you read; a stale one answers 412, a missing one 428.");
                    Returns(operation, "200");
                }
                else if (verb == "POST")
                {
                    Returns(operation, "201");
                    if (Response(operation, "201")?.Headers is { } created)
                        created.TryAdd("Location", new OpenApiHeader { Description = "The address of the new resource.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } });
                }
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// A nullable enum is generated as <c>oneOf [{type: null}, $ref Enum]</c> while the enum's component also lists null, so
    /// null matches both branches and fails <c>oneOf</c>. The component lists the names only; the <c>oneOf</c> adds null.
    /// </summary>
    private static void AcceptNullOnce(OpenApiDocument document)
    {
        foreach (var schema in (document.Components?.Schemas?.Values ?? []).OfType<OpenApiSchema>())
        {
            if (schema.Enum is not { Count: > 0 } values) continue;
            var names = values.Where(v => v is not null && v.GetValueKind() != JsonValueKind.Null).ToList();
            if (names.Count != values.Count) schema.Enum = names;
            if (schema.Type is { } type && type.HasFlag(JsonSchemaType.Null)) schema.Type = type & ~JsonSchemaType.Null;
        }
    }

    private static OpenApiResponse? Response(OpenApiOperation operation, string status) =>
        operation.Responses is not null && operation.Responses.TryGetValue(status, out var response) ? response as OpenApiResponse : null;

    private static OpenApiResponse? ProblemResponse(OpenApiDocument document, OpenApiOperation operation, string status, string description)
    {
        if (Response(operation, status) is { } existing)
        {
            existing.Headers ??= new Dictionary<string, IOpenApiHeader>();
            return existing;
        }
        if (operation.Responses!.ContainsKey(status)) return null;
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ApiProblems.ContentType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(Problem, document) },
            },
            Headers = new Dictionary<string, IOpenApiHeader>(),
        };
        operation.Responses[status] = response;
        return response;
    }

    /// <summary>The ETag and caching headers of the representations in these responses.</summary>
    private static void Returns(OpenApiOperation operation, params string[] statuses)
    {
        foreach (var status in statuses)
        {
            if (Response(operation, status) is not { } response) continue;
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers.TryAdd("ETag", new OpenApiHeader
            {
                Description = "A strong entity tag of the representation: send it in If-None-Match to revalidate or in If-Match to update.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            response.Headers.TryAdd("Cache-Control", new OpenApiHeader
            {
                Description = "private, no-cache: revalidate with If-None-Match.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
    }

    private static void AddHeaderParameter(OpenApiOperation operation, string name, bool required, string description)
    {
        operation.Parameters ??= [];
        if (operation.Parameters.Any(p => p.In == ParameterLocation.Header && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))) return;
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = required,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
    }
}
