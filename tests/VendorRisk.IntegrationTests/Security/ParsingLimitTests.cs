using System.Net;
using System.Text;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Questionnaires.Spreadsheets;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Portal.PortalTestKit;

namespace VendorRisk.IntegrationTests.Security;

/// <summary>
/// Issue 16, item 4 (JSON part) and item 9 (autosave): a deep section chain is refused with a clear message, not 500; autosave holds
/// every answer to its item's own limits and a hard cap.
/// </summary>
public sealed class ParsingLimitTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    /// <summary>A questionnaire whose sections nest <paramref name="depth"/> levels, built without recursion.</summary>
    private static string ChainJson(int depth)
    {
        var json = new StringBuilder("""{"id":"deep","version":"1.0.0","title":"Deep","sections":[""");
        for (var i = 0; i < depth; i++)
            json.Append("{\"id\":\"s").Append(i).Append("\",\"title\":\"S\",\"items\":[{\"id\":\"q").Append(i).Append("\",\"type\":\"text\",\"text\":\"Q\"}],\"sections\":[");
        for (var i = 0; i < depth; i++) json.Append("]}");
        return json.Append("]}").ToString();
    }

    [Theory]
    [InlineData(12, "sections nest at most 10 levels")]
    [InlineData(600, "nests more than 64 levels")]
    [InlineData(10_000, "nests more than 64 levels")]
    public async Task A_deep_section_chain_in_a_json_import_is_refused_with_a_clear_message(int depth, string message)
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(admin.Email!);
        var before = await app.CountAllAsync<QuestionnaireTemplate>();

        var response = await Templates.TemplateTestKit.UploadAsync(client, tenant.Slug, "deep.json", Encoding.UTF8.GetBytes(ChainJson(depth)), "questionnaire");

        // Before the fix a 600-deep chain answered 500 (the 12-deep one was accepted).
        var problems = await Templates.TemplateTestKit.ProblemsAsync(response);
        Assert.Contains(problems, p => p.Contains(message, StringComparison.Ordinal));
        Assert.Equal(before, await app.CountAllAsync<QuestionnaireTemplate>());
    }

    [Fact]
    public async Task Ten_levels_of_sections_are_still_accepted()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(admin.Email!);

        var response = await Templates.TemplateTestKit.UploadAsync(client, tenant.Slug, "deep.json",
            Encoding.UTF8.GetBytes(ChainJson(QuestionnaireSection.MaxNesting)), "questionnaire");

        Templates.TemplateTestKit.CreatedId(response);
    }

    [Theory]
    [InlineData(600)]
    [InlineData(10_000)]
    public void A_deep_section_chain_in_a_spreadsheet_is_refused_before_the_tree_is_built(int depth)
    {
        var sections = new List<SpreadsheetRow>();
        for (var i = 0; i < depth; i++)
            sections.Add(new SpreadsheetRow(i + 2, ["s" + i, i == 0 ? "" : "s" + (i - 1), "Section " + i, "", "", ""]));
        var tables = new List<SpreadsheetTable>
        {
            new("Items", ["id", "section", "text", "type", "choices", "weight", "controls", "required", "help"],
                [new SpreadsheetRow(2, ["q0", "s0", "Question", "text", "", "", "", "", ""])]),
            new("Sections", ["id", "parent", "title", "description", "weight", "visibleIf"], sections),
        };

        // Before the fix: InvalidOperationException from the JSON writer (depth 1000) for 600, a stack overflow risk for 10,000.
        var imported = QuestionnaireSpreadsheet.Import(tables, new ColumnMapping(),
            new SpreadsheetDefaults("deep", "Deep", new SemanticVersion(1, 0, 0)));

        Assert.True(imported.IsFailure);
        Assert.True(imported.Errors.Any(e => e.Message.Contains("nest at most 10 levels", StringComparison.Ordinal)),
            string.Join(" | ", imported.Errors.Take(5)));
    }

    [Theory]
    [InlineData("staff", "20000", "between 0 and 10000")]
    [InlineData("staff", "-5", "between 0 and 10000")]
    [InlineData("contact_email", "not-an-address", "e-mail address")]
    [InlineData("ai_notes", null, "20,000 characters")]
    public async Task Autosave_refuses_a_value_beyond_the_item_s_own_limits_and_saves_nothing(string itemId, string? value, string messagePart)
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);
        var token = Token(await client.GetDocumentAsync(world.UrlA));

        var response = await AutosaveAsync(client, token, world.UrlA, itemId, 0, value ?? new string('x', 2_000_000));

        // Before the fix: 200, the value stored with a warning (a 2 MB answer to a text field among them).
        AssertStatus(HttpStatusCode.BadRequest, response, $"autosave of {itemId}");
        Assert.Contains(messagePart, (await JsonAsync(response)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await AnswersAsync(app, world.AssessmentA));
    }

    [Fact]
    public async Task Autosave_may_still_leave_a_required_answer_empty()
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);
        var token = Token(await client.GetDocumentAsync(world.UrlA));
        AssertStatus(HttpStatusCode.OK, await AutosaveAsync(client, token, world.UrlA, "uses_ai", 0, "true"), "first answer");

        var cleared = await AutosaveAsync(client, token, world.UrlA, "uses_ai", 1);

        AssertStatus(HttpStatusCode.OK, cleared, "clearing a required answer");
    }
}
