using System.Text.Json;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using VendorRisk.Web.Api;

namespace VendorRisk.Web.Pages.Tokens;

/// <summary>
/// The API reference, rendered on the server from the same OpenAPI document that /api/v1/openapi.json serves:
/// every operation with its parameters, body and responses, then every schema. No script, nothing from elsewhere.
/// </summary>
public sealed class ApiReferenceModel : PageModel
{
    public sealed record Parameter(string Name, string In, bool Required, string Type, string? Description);
    public sealed record ResponseInfo(string Status, string? Description, string? Type);
    public sealed record Operation(string Method, string Path, string Id, string? Summary, string? Description, string Tag,
        IReadOnlyList<Parameter> Parameters, string? Body, IReadOnlyList<ResponseInfo> Responses);
    public sealed record Property(string Name, string Type, bool Required, string? Description);
    public sealed record Schema(string Name, string Type, IReadOnlyList<Property> Properties, IReadOnlyList<string> EnumValues);

    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    public IReadOnlyList<Operation> Operations { get; private set; } = [];
    public IReadOnlyList<Schema> Schemas { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var provider = HttpContext.RequestServices.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1");
        var document = await provider.GetOpenApiDocumentAsync(cancellationToken);
        var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken);
        using var parsed = JsonDocument.Parse(json);
        Read(parsed.RootElement);
    }

    private void Read(JsonElement root)
    {
        var info = root.GetProperty("info");
        Title = Text(info, "title") ?? "API";
        Description = Text(info, "description");

        var operations = new List<Operation>();
        if (root.TryGetProperty("paths", out var paths))
        {
            foreach (var path in paths.EnumerateObject())
            {
                foreach (var op in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Name != "parameters"))
                {
                    var parameters = op.Value.TryGetProperty("parameters", out var ps)
                        ? ps.EnumerateArray().Select(p => new Parameter(Text(p, "name") ?? "", Text(p, "in") ?? "",
                            p.TryGetProperty("required", out var r) && r.GetBoolean(),
                            p.TryGetProperty("schema", out var s) ? TypeOf(s) : "", Text(p, "description"))).ToList()
                        : [];
                    string? body = null;
                    if (op.Value.TryGetProperty("requestBody", out var rb) && rb.TryGetProperty("content", out var content))
                        body = content.EnumerateObject().Select(c => c.Value.TryGetProperty("schema", out var s) ? TypeOf(s) : c.Name).FirstOrDefault();
                    var responses = op.Value.TryGetProperty("responses", out var rs)
                        ? rs.EnumerateObject().Select(r => new ResponseInfo(r.Name, Text(r.Value, "description"),
                            r.Value.TryGetProperty("content", out var c)
                                ? c.EnumerateObject().Select(x => x.Value.TryGetProperty("schema", out var s) ? TypeOf(s) + " (" + x.Name + ")" : x.Name).FirstOrDefault()
                                : null)).ToList()
                        : [];
                    var tag = op.Value.TryGetProperty("tags", out var tags) && tags.GetArrayLength() > 0 ? tags[0].GetString() ?? "" : "";
                    operations.Add(new Operation(op.Name.ToUpperInvariant(), path.Name, Text(op.Value, "operationId") ?? "",
                        Text(op.Value, "summary"), Text(op.Value, "description"), tag, parameters, body, responses));
                }
            }
        }
        Operations = operations;

        var schemas = new List<Schema>();
        if (root.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var all))
        {
            foreach (var schema in all.EnumerateObject().OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                var required = schema.Value.TryGetProperty("required", out var req)
                    ? req.EnumerateArray().Select(r => r.GetString()).ToHashSet(StringComparer.Ordinal) : [];
                var properties = schema.Value.TryGetProperty("properties", out var props)
                    ? props.EnumerateObject().Select(p => new Property(p.Name, TypeOf(p.Value), required.Contains(p.Name), Text(p.Value, "description"))).ToList()
                    : [];
                var enumValues = schema.Value.TryGetProperty("enum", out var e)
                    ? e.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList() : [];
                schemas.Add(new Schema(schema.Name, TypeOf(schema.Value), properties, enumValues));
            }
        }
        Schemas = schemas;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A JSON schema in a few words: <c>string (uuid)</c>, <c>VendorDto</c>, <c>string[]</c>, <c>integer | null</c>.</summary>
    public static string TypeOf(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object) return "";
        if (Text(schema, "$ref") is { } reference) return reference[(reference.LastIndexOf('/') + 1)..];
        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.TryGetProperty(combinator, out var parts))
                return string.Join(" | ", parts.EnumerateArray().Select(TypeOf).Where(t => t.Length > 0).Distinct());
        }
        var types = schema.TryGetProperty("type", out var type)
            ? type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString() ?? "").ToList() : [type.GetString() ?? ""]
            : [];
        var format = Text(schema, "format");
        var names = types.Select(t => t switch
        {
            "array" => (schema.TryGetProperty("items", out var items) ? TypeOf(items) : "any") + "[]",
            _ when format is not null && t != "null" => $"{t} ({format})",
            _ => t,
        }).ToList();
        if (names.Count == 0 && schema.TryGetProperty("enum", out _)) names.Add("enum");
        return names.Count == 0 ? "object" : string.Join(" | ", names);
    }
}
