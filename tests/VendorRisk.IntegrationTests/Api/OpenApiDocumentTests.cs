using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Api;

public sealed class OpenApiDocumentTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    /// <summary>Every mapped API route except the document itself and the not-found catch-all, from the app's own endpoint table.</summary>
    private List<(string Method, string Path)> MappedApiOperations() =>
        [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true
                && !e.RoutePattern.RawText.Contains("openapi.json", StringComparison.Ordinal) && !e.RoutePattern.RawText.Contains("**", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m.ToLowerInvariant(),
                System.Text.RegularExpressions.Regex.Replace(e.RoutePattern.RawText!.TrimEnd('/'), ":[a-z]+}", "}"))))];

    [Fact]
    public async Task The_openapi_document_is_public_and_lists_every_api_endpoint_with_the_bearer_scheme()
    {
        var response = await app.ApiClient(null).GetAsync("/api/v1/openapi.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await response.JsonAsync();
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths");
        var documented = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => (o.Name, p.Name.TrimEnd('/')))).ToHashSet();
        var mapped = MappedApiOperations();
        Assert.True(mapped.Count >= 11, $"only {mapped.Count} mapped operations found");
        foreach (var operation in mapped) Assert.Contains(operation, documented);
        Assert.Equal(mapped.Count, documented.Count);
        Assert.DoesNotContain(documented, d => !d.Item2.StartsWith("/api/v1/", StringComparison.Ordinal));

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.True(document.GetProperty("security")[0].TryGetProperty("bearer", out _));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        foreach (var name in new[] { "VendorDto", "VendorWriteDto", "AssessmentDto", "DecisionDto", "AiSystemDto" })
            Assert.True(schemas.TryGetProperty(name, out _), name);
    }

    [Fact]
    public async Task The_reference_page_renders_every_operation_and_schema_from_the_document()
    {
        var tenant = await app.CreateTenantAsync();
        var member = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(member.Email!);

        var page = await browser.GetDocumentAsync($"/t/{tenant.Slug}/tokens/api-reference");

        var shown = page.QuerySelectorAll("[data-operation]").Select(e => e.GetAttribute("data-operation")!).ToHashSet();
        foreach (var (method, path) in MappedApiOperations())
            Assert.Contains($"{method.ToUpperInvariant()} {path}", shown.Select(s => s.TrimEnd('/')));
        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.NotNull(page.QuerySelector("[data-schema=VendorDto]"));
        var listVendors = page.QuerySelector("[data-operation='GET /api/v1/vendors/']") ?? page.QuerySelector("[data-operation='GET /api/v1/vendors']");
        Assert.NotNull(listVendors);
        Assert.Contains("pageSize", listVendors!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("script[src^=http], link[href^=http]"));
    }
}
