using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Api;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Templates.VsaqFixtures;

namespace VendorRisk.IntegrationTests.Api;

/// <summary>Issue 18, item 4: the template library over the REST API, with the pages' permissions and validation (ADR-033).</summary>
public sealed class TemplateApiTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private const string Small = """
        { "id": "cloud-basics", "version": "1.0.0", "title": "Cloud basics", "sections": [ { "id": "s", "title": "S", "items": [
          { "id": "uses_ai", "type": "boolean", "text": "Does the service use AI?" },
          { "id": "ai_notes", "type": "textarea", "text": "Describe the model", "visibleIf": "{uses_ai} = true" } ] } ] }
        """;

    private async Task<(Tenant Tenant, HttpClient Api)> ManagerAsync(ApiTokenScope scope = ApiTokenScope.ReadWrite, TenantRoles roles = TenantRoles.VendorManager)
    {
        var tenant = await app.CreateTenantAsync();
        var member = await app.CreateMemberAsync(tenant, roles);
        return (tenant, app.ApiClient(await app.TokenAsync(tenant, member, scope)));
    }

    private Task<int> TemplateCountAsync(Tenant tenant) => app.InDbAsync(db => db.QuestionnaireTemplates.CountAsync(), tenant.Id);

    [Fact]
    public async Task A_manager_imports_lists_exports_and_publishes_a_template()
    {
        var (_, api) = await ManagerAsync();

        var created = await ImportAsync(api, "cloud.json", Small, "questionnaire");
        var id = await ImportedIdAsync(created);
        Assert.Equal($"/api/v1/templates/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal("Draft", (await created.JsonAsync()).GetProperty("status").GetString());

        var list = await (await api.GetAsync("/api/v1/templates")).JsonAsync();
        var row = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(("cloud-basics", "1.0.0"), (row.GetProperty("templateKey").GetString(), row.GetProperty("semanticVersion").GetString()));

        var export = await api.GetAsync($"/api/v1/templates/{id}/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Contains("cloud-basics-1.0.0.json", export.Content.Headers.ContentDisposition?.ToString() ?? "", StringComparison.Ordinal);
        var definition = Domain.Questionnaires.Serialization.QuestionnaireJson.Parse(await export.Content.ReadAsStringAsync());
        Assert.True(definition.IsSuccess);
        Assert.Equal(["uses_ai", "ai_notes"], definition.Value.AllItems().Select(i => i.Id));
        var again = await api.SendAsync(ApiTestKit.Request(HttpMethod.Get, $"/api/v1/templates/{id}/export", ifNoneMatch: export.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);

        var published = await api.PostAsync($"/api/v1/templates/{id}/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal("Published", (await published.JsonAsync()).GetProperty("status").GetString());
        var twice = await (await api.PostAsync($"/api/v1/templates/{id}/publish", null)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "publishing twice");
        Assert.True(twice.GetProperty("errors").EnumerateObject().Any());
    }

    [Theory]
    [InlineData(ApiTokenScope.Read, TenantRoles.VendorManager)]
    [InlineData(ApiTokenScope.ReadWrite, TenantRoles.Auditor)]
    [InlineData(ApiTokenScope.ReadWrite, TenantRoles.Reviewer)]
    public async Task Read_only_tokens_and_roles_may_list_but_not_import_or_publish(ApiTokenScope scope, TenantRoles roles)
    {
        var (tenant, writer) = await ManagerAsync();
        var id = await ImportedIdAsync(await ImportAsync(writer, "cloud.json", Small, "questionnaire"));
        var member = await app.CreateMemberAsync(tenant, roles);
        var reader = app.ApiClient(await app.TokenAsync(tenant, member, scope));
        var before = await TemplateCountAsync(tenant);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/templates")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/v1/templates/{id}/export")).StatusCode);
        await (await ImportAsync(reader, "other.json", Small.Replace("cloud-basics", "other", StringComparison.Ordinal), "questionnaire"))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "import");
        await (await reader.PostAsync($"/api/v1/templates/{id}/publish", null)).AssertProblemAsync(HttpStatusCode.Forbidden, "publish");

        Assert.Equal(before, await TemplateCountAsync(tenant));
        var row = await app.InDbAsync(db => db.QuestionnaireTemplates.SingleAsync(t => t.Id == id), tenant.Id);
        Assert.Equal(QuestionnaireStatus.Draft, row.Status);
    }

    [Fact]
    public async Task Another_organisations_templates_are_invisible()
    {
        var (_, owner) = await ManagerAsync();
        var id = await ImportedIdAsync(await ImportAsync(owner, "cloud.json", Small, "questionnaire"));
        var (_, stranger) = await ManagerAsync();

        Assert.Empty((await (await stranger.GetAsync("/api/v1/templates")).JsonAsync()).GetProperty("items").EnumerateArray());
        await (await stranger.GetAsync($"/api/v1/templates/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "get");
        await (await stranger.GetAsync($"/api/v1/templates/{id}/export")).AssertProblemAsync(HttpStatusCode.NotFound, "export");
        await (await stranger.PostAsync($"/api/v1/templates/{id}/publish", null)).AssertProblemAsync(HttpStatusCode.NotFound, "publish");
    }

    public static TheoryData<string, string, string, string> BadFiles => new()
    {
        { "truncated", "questionnaire", Small[..(Small.Length / 2)], "malformed JSON" },
        { "duplicate item ids", "questionnaire", Small.Replace("\"ai_notes\"", "\"uses_ai\"", StringComparison.Ordinal), "uses_ai" },
        { "duplicate VSAQ choice ids", "vsaq", Supplier.Replace("{ \"data_money\": \"Payment cards\" }", "{ \"mfa_none\": \"Payment cards\" }", StringComparison.Ordinal),
            "the id 'mfa_none' is used twice" },
        { "a visibility cycle", "questionnaire", Small.Replace("\"text\": \"Does the service use AI?\"", "\"text\": \"Does the service use AI?\", \"visibleIf\": \"{ai_notes} notempty\"", StringComparison.Ordinal),
            "cycle" },
        { "10,000-deep nesting", "questionnaire", new string('[', 10_000) + new string(']', 10_000), "nests more than 64 levels" },
        { "10,000-deep VSAQ nesting", "vsaq", "{\"questionnaire\": " + new string('[', 10_000) + new string(']', 10_000) + "}", "nests more than 64 levels" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_answers_422_with_its_problem_and_saves_nothing(string because, string format, string content, string expected)
    {
        var (tenant, api) = await ManagerAsync();

        var response = await ImportAsync(api, "bad.json", content, format);

        var problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, because);
        var messages = problem.GetProperty("errors").EnumerateObject().SelectMany(e => e.Value.EnumerateArray().Select(m => e.Name + ": " + m.GetString())).ToList();
        Assert.Contains(messages, m => m.StartsWith("file: ", StringComparison.Ordinal));
        Assert.True(messages.Any(m => m.Contains(expected, StringComparison.Ordinal)), $"{because}: {string.Join(" | ", messages)}");
        Assert.Equal(0, await TemplateCountAsync(tenant));
    }

    [Fact]
    public async Task A_missing_file_or_format_is_named_and_a_json_body_is_415()
    {
        var (tenant, api) = await ManagerAsync();

        var empty = await api.PostAsync("/api/v1/templates/import", new MultipartFormDataContent { { new StringContent("x"), "title" } });
        var problem = await empty.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "no file");
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("format", out _));

        var json = await api.PostAsync("/api/v1/templates/import", new StringContent(Small, Encoding.UTF8, "application/json"));
        await json.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "a JSON body");
        Assert.Equal(0, await TemplateCountAsync(tenant));
    }

    [Fact]
    public async Task A_vsaq_import_keeps_sanitised_markup_apart_from_plain_text()
    {
        var (_, api) = await ManagerAsync();
        var id = await ImportedIdAsync(await ImportAsync(api, "supplier.json", Supplier, "vsaq"));

        var text = await (await api.GetAsync($"/api/v1/templates/{id}/export")).Content.ReadAsStringAsync();
        var definition = Domain.Questionnaires.Serialization.QuestionnaireJson.Parse(text).Value;
        var mfa = definition.AllItems().Single(i => i.Id == "mfa");

        Assert.Equal("Do staff use two factors? See our guide.", mfa.Text);
        Assert.Equal("Do staff use <b>two factors</b>? See <a href=\"https://example.com/mfa\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">our guide</a>.", mfa.TextHtml);
        Assert.Equal("Yes, <i>everyone</i>", mfa.Choices[0].LabelHtml);
        var intro = definition.AllItems().First(i => i.Type == ItemType.Info);
        Assert.Equal("Tell us how people sign in.", intro.Text);
        Assert.DoesNotContain("script", intro.TextHtml!, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(definition.AllItems(), i => i.Text.Contains('<', StringComparison.Ordinal));
    }
}
