using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.IntegrationTests.Infrastructure;

using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;

namespace VendorRisk.IntegrationTests.Api;

/// <summary>
/// Real answers of the API checked against the schemas of the document the app serves (JSON Schema 2020-12, as OpenAPI 3.1
/// uses it), with an independent validator: a document that describes responses its own server cannot give is a broken
/// contract for every generated client.
/// </summary>
public sealed class OpenApiResponseValidationTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private sealed class Document(JsonElement root)
    {
        public JsonElement Root { get; } = root;

        /// <summary>The operation of <paramref name="method"/> on the documented path <paramref name="path"/>.</summary>
        public JsonElement Operation(string method, string path)
        {
            var paths = Root.GetProperty("paths");
            Assert.True(paths.TryGetProperty(path, out var item) || paths.TryGetProperty(path + "/", out item), $"{path} is documented");
            Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} is documented");
            return operation;
        }

        /// <summary>Asserts that the documented response of this status describes the real response (body and declared headers).</summary>
        public async Task AssertDescribesAsync(string method, string path, HttpResponseMessage response)
        {
            var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(Operation(method, path).GetProperty("responses").TryGetProperty(status, out var documented),
                $"{method} {path} documents its {status} response ({text})");
            if (text.Length == 0) return;
            var mediaType = response.Content.Headers.ContentType!.MediaType!;
            var media = default(JsonElement);
            Assert.True(documented.TryGetProperty("content", out var content) && content.TryGetProperty(mediaType, out media),
                $"{method} {path} {status} documents {mediaType}");
            var schema = SchemaFor(media.GetProperty("schema"));
            using var body = JsonDocument.Parse(text);
            var result = schema.Evaluate(body.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            Assert.True(result.IsValid, $"{method} {path} {status}: the body does not match the document's schema:\n{text}\n" +
                JsonSerializer.Serialize(result, Indented));
        }

        /// <summary>A schema of the document as a standalone JSON Schema: the components become <c>$defs</c>.</summary>
        private JsonSchema SchemaFor(JsonElement schema)
        {
            var standalone = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$defs"] = JsonNode.Parse(Root.GetProperty("components").GetProperty("schemas").GetRawText()),
                ["allOf"] = new JsonArray(JsonNode.Parse(schema.GetRawText())),
            };
            var text = standalone.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
            return JsonSchema.FromText(text);
        }
    }

    private async Task<Document> DocumentAsync()
    {
        var response = await app.ApiClient(null).GetAsync("/api/v1/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new Document(await response.JsonAsync());
    }

    [Fact]
    public async Task Vendor_answers_tiered_untiered_listed_and_failed_match_the_served_document()
    {
        var document = await DocumentAsync();
        var world = await app.ApiWorldAsync();
        var tiered = await app.InDbAsync(async db =>
        {
            var vendor = Vendor.Create("Tiered " + Guid.NewGuid().ToString("N")[..6], null, null, null, app.Clock.GetUtcNow());
            vendor.SetComputedTier(RiskTier.High, app.Clock.GetUtcNow());
            db.Vendors.Add(vendor);
            await db.SaveChangesAsync();
            return vendor.Id;
        }, world.Tenant.Id);
        var client = app.ApiClient(world.WriteToken);

        var created = await client.PostAsync("/api/v1/vendors", ApiTestKit.Json(new { legalName = "Untiered " + Guid.NewGuid().ToString("N")[..6] }));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await document.AssertDescribesAsync("post", "/api/v1/vendors", created);
        var untieredId = (await created.JsonAsync()).GetProperty("id").GetGuid();

        var untiered = await client.GetAsync($"/api/v1/vendors/{untieredId}");
        Assert.Equal(JsonValueKind.Null, (await untiered.JsonAsync()).GetProperty("tier").ValueKind);
        await document.AssertDescribesAsync("get", "/api/v1/vendors/{id}", untiered);
        var tieredResponse = await client.GetAsync($"/api/v1/vendors/{tiered}");
        Assert.Equal("High", (await tieredResponse.JsonAsync()).GetProperty("tier").GetString());
        await document.AssertDescribesAsync("get", "/api/v1/vendors/{id}", tieredResponse);
        await document.AssertDescribesAsync("get", "/api/v1/vendors", await client.GetAsync("/api/v1/vendors"));

        await document.AssertDescribesAsync("get", "/api/v1/vendors/{id}", await client.GetAsync($"/api/v1/vendors/{Guid.NewGuid()}"));
        await document.AssertDescribesAsync("get", "/api/v1/vendors", await client.GetAsync("/api/v1/vendors?page=0&tier=Huge"));
        await document.AssertDescribesAsync("get", "/api/v1/vendors", await app.ApiClient(null).GetAsync("/api/v1/vendors"));
        await document.AssertDescribesAsync("post", "/api/v1/vendors", await client.PostAsync("/api/v1/vendors", ApiTestKit.Json(new { website = "nope" })));
        await document.AssertDescribesAsync("put", "/api/v1/vendors/{id}",
            await client.PutAsync($"/api/v1/vendors/{untieredId}", ApiTestKit.Json(new { legalName = "Renamed" })));
        var readOnly = app.ApiClient(await app.TokenAsync(world.Tenant, world.Admin));
        await document.AssertDescribesAsync("post", "/api/v1/vendors", await readOnly.PostAsync("/api/v1/vendors", ApiTestKit.Json(new { legalName = "X" })));
    }

    [Fact]
    public async Task Every_endpoint_answer_matches_the_served_document()
    {
        var document = await DocumentAsync();
        var world = await app.ApiWorldAsync();
        var client = app.ApiClient(world.WriteToken);
        foreach (var (method, url, body) in world.Endpoints)
        {
            var etag = method == HttpMethod.Put ? (await client.GetAsync(url)).Headers.ETag?.Tag : null;
            var response = await client.SendAsync(ApiTestKit.Request(method, url, body, ifMatch: etag));
            Assert.True((int)response.StatusCode < 300, $"{method} {url}: {(int)response.StatusCode}");
            var path = document.Root.GetProperty("paths").EnumerateObject().Select(p => p.Name)
                .Single(p => System.Text.RegularExpressions.Regex.IsMatch(url, "^" + System.Text.RegularExpressions.Regex.Replace(p.TrimEnd('/'), "{[^}]+}", "[^/]+") + "$"));
            await document.AssertDescribesAsync(method.Method.ToLowerInvariant(), path, response);
        }
    }

    [Fact]
    public async Task The_document_types_parameters_requires_only_the_legal_name_and_names_the_public_server()
    {
        var document = await DocumentAsync();

        var servers = document.Root.GetProperty("servers");
        Assert.Equal(1, servers.GetArrayLength());
        var server = servers[0].GetProperty("url").GetString()!;
        Assert.Equal(app.Services.GetRequiredService<VendorRisk.Infrastructure.Links.PublicLinks>().BaseUrl, server);
        Assert.False(server.EndsWith('/'), server);

        var list = document.Operation("get", "/api/v1/vendors");
        JsonElement Parameter(JsonElement operation, string name, string location) =>
            operation.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name && p.GetProperty("in").GetString() == location);
        foreach (var name in new[] { "page", "pageSize" })
        {
            var schema = Parameter(list, name, "query").GetProperty("schema");
            Assert.Equal("integer", schema.GetProperty("type").GetString());
            Assert.Equal("int32", schema.GetProperty("format").GetString());
        }
        Assert.Equal(["Low", "Medium", "High", "Critical"], Parameter(list, "tier", "query").GetProperty("schema").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("uuid", Parameter(list, "ownerId", "query").GetProperty("schema").GetProperty("format").GetString());
        Assert.False(Parameter(list, "If-None-Match", "header").TryGetProperty("required", out var optional) && optional.GetBoolean());
        Assert.True(Parameter(document.Operation("put", "/api/v1/vendors/{id}"), "If-Match", "header").GetProperty("required").GetBoolean());
        foreach (var status in new[] { "401", "403", "429" }) Assert.True(list.GetProperty("responses").TryGetProperty(status, out _), status);
        Assert.True(list.GetProperty("responses").GetProperty("429").GetProperty("headers").TryGetProperty("Retry-After", out _));
        Assert.True(list.GetProperty("responses").GetProperty("200").GetProperty("headers").TryGetProperty("ETag", out _));

        // A nullable enum: null is allowed once (by the property), not also inside the enum's shared component.
        var riskTier = document.Root.GetProperty("components").GetProperty("schemas").GetProperty("RiskTier");
        Assert.DoesNotContain(riskTier.GetProperty("enum").EnumerateArray(), e => e.ValueKind == JsonValueKind.Null);

        var write = document.Root.GetProperty("components").GetProperty("schemas").GetProperty("VendorWriteDto");
        Assert.Equal(["legalName"], write.TryGetProperty("required", out var required) ? required.EnumerateArray().Select(r => r.GetString()) : []);
        // No integer anywhere is also a string.
        Assert.DoesNotContain("\"string\",\"integer\"", document.Root.GetRawText().Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("\"integer\",\"string\"", document.Root.GetRawText().Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_method_answers_405_with_allow_a_wrong_content_type_415_and_head_is_get_without_a_body()
    {
        var world = await app.ApiWorldAsync();
        var client = app.ApiClient(world.WriteToken);

        var delete = await client.DeleteAsync($"/api/v1/vendors/{world.VendorId}");
        var problem = await delete.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "DELETE a vendor");
        Assert.Equal(["GET", "HEAD", "PUT"], delete.Content.Headers.Allow.OrderBy(m => m, StringComparer.Ordinal));
        Assert.StartsWith("https://", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        await (await client.DeleteAsync("/api/v1/vendors")).AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "DELETE the vendor list");
        await (await client.DeleteAsync("/api/v1/no-such-thing")).AssertProblemAsync(HttpStatusCode.NotFound, "an unknown path");

        var text = await client.PostAsync("/api/v1/vendors", new StringContent("{\"legalName\":\"Plain\"}", System.Text.Encoding.UTF8, "text/plain"));
        await text.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "a text/plain body");

        var get = await client.GetAsync($"/api/v1/vendors/{world.VendorId}");
        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/vendors/{world.VendorId}"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Problems_carry_a_type_and_name_no_internal_parameter()
    {
        var world = await app.ApiWorldAsync();
        var client = app.ApiClient(world.WriteToken);

        var anonymous = await (await app.ApiClient(null).GetAsync("/api/v1/vendors")).AssertProblemAsync(HttpStatusCode.Unauthorized, "no token");
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.2", anonymous.GetProperty("type").GetString());
        var readOnly = app.ApiClient(await app.TokenAsync(world.Tenant, world.Admin));
        var forbidden = await (await readOnly.PostAsync("/api/v1/vendors", ApiTestKit.Json(new { legalName = "X" }))).AssertProblemAsync(HttpStatusCode.Forbidden, "read-only token");
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.4", forbidden.GetProperty("type").GetString());
        var precondition = await (await client.PutAsync($"/api/v1/vendors/{world.VendorId}", ApiTestKit.Json(new { legalName = "X" })))
            .AssertProblemAsync((HttpStatusCode)428, "no If-Match");
        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-3", precondition.GetProperty("type").GetString());

        var broken = await client.PostAsync("/api/v1/vendors", new StringContent("{\"legalName\": 12", System.Text.Encoding.UTF8, "application/json"));
        var problem = await broken.AssertProblemAsync(HttpStatusCode.BadRequest, "broken JSON");
        Assert.NotNull(problem.GetProperty("type").GetString());
        Assert.DoesNotContain("input", problem.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("VendorWriteDto", problem.GetRawText(), StringComparison.Ordinal);
    }
}
