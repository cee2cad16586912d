using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Templates.TemplateTestKit;

namespace VendorRisk.IntegrationTests.Templates;

public sealed class TemplateLibraryTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private async Task<(Tenant Tenant, HttpClient Client)> SignedInAsync(TenantRoles roles = TenantRoles.TenantAdmin, Tenant? tenant = null)
    {
        tenant ??= await app.CreateTenantAsync();
        var user = await app.CreateMemberAsync(tenant, roles);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(user.Email!);
        return (tenant, client);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private Task<QuestionnaireTemplate> RowAsync(Tenant tenant, Guid id) =>
        app.InDbAsync(db => db.QuestionnaireTemplates.AsNoTracking().SingleAsync(t => t.Id == id), tenant.Id);

    private Task<int> RowCountAsync() => app.CountAllAsync<QuestionnaireTemplate>();

    [Fact]
    public async Task Imported_json_becomes_a_draft_listed_beside_the_shipped_templates()
    {
        var (tenant, client) = await SignedInAsync();

        var id = CreatedId(await UploadAsync(client, tenant.Slug, "cloud.json", Utf8(SmallDefinition), "questionnaire"));

        var row = await RowAsync(tenant, id);
        Assert.Equal(QuestionnaireStatus.Draft, row.Status);
        Assert.Equal("cloud-basics", row.TemplateKey);
        Assert.Equal("1.0.0", row.SemanticVersion);
        var list = await client.GetDocumentAsync($"/t/{tenant.Slug}/templates");
        Assert.NotNull(list.QuerySelector($"[data-status=draft] tr[data-template='{id}']"));
        var shipped = list.QuerySelectorAll("[data-status=shipped] tr[data-shipped]").ToList();
        Assert.Contains(shipped, r => r.GetAttribute("data-shipped") == "ai-vendor-security-governance");
        Assert.All(shipped, r => Assert.Contains("Shipped", r.TextContent, StringComparison.Ordinal));
        Assert.All(shipped, r => Assert.NotNull(r.QuerySelector("form button")));
    }

    [Fact]
    public async Task The_library_offers_the_latest_shipped_version_and_lists_what_changed_since_an_earlier_one()
    {
        var (tenant, client) = await SignedInAsync();

        var list = await client.GetDocumentAsync($"/t/{tenant.Slug}/templates");
        var rows = list.QuerySelectorAll("[data-status=shipped] tr[data-shipped=ai-vendor-security-governance]").ToList();
        Assert.Equal("2.0.0", Assert.Single(rows).QuerySelectorAll("td")[2].TextContent.Trim());

        var page = await client.GetDocumentAsync($"/t/{tenant.Slug}/templates/shipped/ai-vendor-security-governance");
        Assert.Contains("version 2.0.0", page.QuerySelector("h1 + p")!.TextContent, StringComparison.Ordinal);
        var since = page.QuerySelector("[data-testid=earlier-versions] a")!;
        Assert.Equal("What changed since 1.0.0", since.TextContent.Trim());
        Assert.Null(page.QuerySelector("[data-testid=shipped-changes]"));

        var changes = await client.GetDocumentAsync(since.GetAttribute("href")!);
        var section = changes.QuerySelector("[data-testid=shipped-changes]")!;
        Assert.Equal("Changes from 1.0.0 to 2.0.0", section.QuerySelector("h2")!.TextContent.Trim());
        Assert.NotNull(section.QuerySelector("[data-kind=Removed] li[data-item=access_control]"));
        Assert.NotNull(section.QuerySelector("[data-kind=Added] li[data-item=tenant_isolation]"));
        Assert.Contains("now a factual question", section.QuerySelector("[data-kind=ScoringChanged] li[data-item=incidents_last_year]")!.TextContent, StringComparison.Ordinal);

        // An unknown or current version lists no changes rather than failing.
        Assert.Null((await client.GetDocumentAsync($"/t/{tenant.Slug}/templates/shipped/ai-vendor-security-governance?changesFrom=2.0.0")).QuerySelector("[data-testid=shipped-changes]"));
    }

    [Fact]
    public async Task The_preview_shows_items_required_marks_and_conditions_in_words()
    {
        var (tenant, client) = await SignedInAsync();
        var id = CreatedId(await UploadAsync(client, tenant.Slug, "cloud.json", Utf8(SmallDefinition), "questionnaire"));

        var page = await client.GetDocumentAsync($"/t/{tenant.Slug}/templates/details/{id}");

        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.NotNull(page.QuerySelector("[data-item=uses_ai] .required-mark"));
        Assert.Null(page.QuerySelector("[data-item=ai_notes] .required-mark"));
        var shown = page.QuerySelector("[data-item=ai_kind] .condition")!.TextContent;
        Assert.Contains("Shown only when “Does the service use AI?” is Yes", shown, StringComparison.Ordinal);
        var required = page.QuerySelector("[data-item=ai_notes] .condition")!.TextContent;
        Assert.Contains("Required when “Which kind of AI?” is “Large language model”", required, StringComparison.Ordinal);
        Assert.Contains("Classic machine learning", page.QuerySelector("[data-item=ai_kind]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_then_new_version_then_edit_then_compare_shows_the_changes()
    {
        var (tenant, client) = await SignedInAsync();
        var v1 = CreatedId(await UploadAsync(client, tenant.Slug, "cloud.json", Utf8(SmallDefinition), "questionnaire"));
        var details = $"/t/{tenant.Slug}/templates/details/{v1}";

        var published = await client.SubmitAsync(details, new Dictionary<string, string>(), "form[data-action=publish]");
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var row = await RowAsync(tenant, v1);
        Assert.Equal(QuestionnaireStatus.Published, row.Status);
        Assert.StartsWith("sha256:", row.ContentHash, StringComparison.Ordinal);
        Assert.Equal(row.Definition().ComputeContentHash(), row.ContentHash);

        var v2 = CreatedId(await client.SubmitAsync(details, new Dictionary<string, string>(), "form[data-action=new-version]"));
        var draft = await RowAsync(tenant, v2);
        Assert.Equal(("1.1.0", QuestionnaireStatus.Draft, "cloud-basics"), (draft.SemanticVersion, draft.Status, draft.TemplateKey));

        var edited = draft.DefinitionJson
            .Replace("Describe the model", "Describe the model and its training data", StringComparison.Ordinal)
            .Replace("\"score\": 50", "\"score\": 40", StringComparison.Ordinal)
            .Replace("{uses_ai} = true", "{uses_ai} = true and {uses_ai} notempty", StringComparison.Ordinal);
        var saved = await client.SubmitAsync($"/t/{tenant.Slug}/templates/edit/{v2}", new Dictionary<string, string> { ["Input.Json"] = edited });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var compare = await client.GetDocumentAsync($"/t/{tenant.Slug}/templates/compare?from={v1}&to={v2}");
        Assert.NotNull(compare.QuerySelector("[data-kind=TextChanged] [data-item=ai_notes]"));
        Assert.NotNull(compare.QuerySelector("[data-kind=ScoringChanged] [data-item=ai_kind]"));
        Assert.NotNull(compare.QuerySelector("[data-kind=ConditionsChanged] [data-item=ai_kind]"));
        Assert.Null(compare.QuerySelector("[data-kind=Added]"));
        Assert.Equal(QuestionnaireStatus.Published, (await RowAsync(tenant, v1)).Status);

        // Retiring the published version.
        var retired = await client.SubmitAsync(details, new Dictionary<string, string>(), "form[data-action=retire]");
        Assert.Equal(HttpStatusCode.Redirect, retired.StatusCode);
        Assert.Equal(QuestionnaireStatus.Retired, (await RowAsync(tenant, v1)).Status);
    }

    [Theory]
    [InlineData("infrastructure.json")]
    [InlineData("security_privacy_programs.json")]
    [InlineData("webapp.json")]
    public async Task A_published_VSAQ_questionnaire_imports_through_the_page_and_publishes(string file)
    {
        var (tenant, client) = await SignedInAsync();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(FindDataRoot(), file));

        var id = CreatedId(await UploadAsync(client, tenant.Slug, file, bytes, "vsaq"));

        var row = await RowAsync(tenant, id);
        Assert.Equal(Path.GetFileNameWithoutExtension(file).Replace('_', '-'), row.TemplateKey);
        Assert.True(row.Definition().AllItems().Count() > 20);
        var page = await client.GetDocumentAsync($"/t/{tenant.Slug}/templates/details/{id}");
        Assert.NotEmpty(page.QuerySelectorAll(".template-item .condition"));
        var published = await client.SubmitAsync($"/t/{tenant.Slug}/templates/details/{id}", new Dictionary<string, string>(), "form[data-action=publish]");
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
    }

    public static TheoryData<string, string, string> BadImports => new()
    {
        { "malformed JSON", """{ "id": "x", "version": "1.0.0", """, "malformed JSON at line 1, column" },
        { "unknown item type", SmallDefinition.Replace("\"textarea\"", "\"essay\"", StringComparison.Ordinal), "unknown item type 'essay'" },
        { "duplicate ids", SmallDefinition.Replace("\"ai_notes\"", "\"ai_kind\"", StringComparison.Ordinal), "duplicate id 'ai_kind'" },
        { "expression syntax error", SmallDefinition.Replace("{uses_ai} = true", "{uses_ai} = = true", StringComparison.Ordinal), "column 13" },
    };

    [Theory]
    [MemberData(nameof(BadImports))]
    public async Task A_bad_json_import_lists_its_problem_and_writes_no_row(string because, string json, string expected)
    {
        var (tenant, client) = await SignedInAsync();
        var before = await RowCountAsync();

        var problems = await ProblemsAsync(await UploadAsync(client, tenant.Slug, "bad.json", Utf8(json), "questionnaire"));

        Assert.True(problems.Any(p => p.Contains(expected, StringComparison.Ordinal)), $"{because}: {string.Join(" | ", problems)}");
        Assert.Equal(before, await RowCountAsync());
    }

    [Theory]
    [InlineData("{ai_kind} = 'llm' and {nope} = 1", "unknown item id 'nope'")]
    [InlineData("{ai_notes} notempty", "visibility cycle")]
    public async Task Import_and_publishing_are_refused_with_the_compile_errors_and_change_nothing(string visibleIf, string expected)
    {
        var (tenant, client) = await SignedInAsync();
        var json = SmallDefinition.Replace("\"visibleIf\": \"{uses_ai} = true\"", $"\"visibleIf\": \"{visibleIf}\"", StringComparison.Ordinal)
            .Replace("\"requiredIf\": \"{ai_kind} = 'llm'\"", "\"visibleIf\": \"{ai_kind} = 'llm'\"", StringComparison.Ordinal);
        // An imported file must compile (ADR-033); a draft edited into this state in the editor is refused at publishing.
        var refused = await ProblemsAsync(await UploadAsync(client, tenant.Slug, "c.json", Utf8(json), "questionnaire"));
        Assert.True(refused.Any(p => p.Contains(expected, StringComparison.Ordinal)), string.Join(" | ", refused));
        var id = CreatedId(await UploadAsync(client, tenant.Slug, "c.json", Utf8(SmallDefinition), "questionnaire"));
        Assert.Equal(HttpStatusCode.Redirect,
            (await client.SubmitAsync($"/t/{tenant.Slug}/templates/edit/{id}", new Dictionary<string, string> { ["Input.Json"] = json })).StatusCode);
        var before = await RowAsync(tenant, id);

        var problems = await ProblemsAsync(await client.SubmitAsync($"/t/{tenant.Slug}/templates/details/{id}", new Dictionary<string, string>(), "form[data-action=publish]"));

        Assert.True(problems.Any(p => p.Contains(expected, StringComparison.Ordinal)), string.Join(" | ", problems));
        var after = await RowAsync(tenant, id);
        Assert.Equal((QuestionnaireStatus.Draft, (string?)null, before.Version, before.DefinitionJson), (after.Status, after.ContentHash, after.Version, after.DefinitionJson));
    }

    [Fact]
    public async Task Malformed_json_in_the_editor_shows_line_and_column_and_saves_nothing()
    {
        var (tenant, client) = await SignedInAsync();
        var id = CreatedId(await UploadAsync(client, tenant.Slug, "c.json", Utf8(SmallDefinition), "questionnaire"));
        var before = await RowAsync(tenant, id);

        var problems = await ProblemsAsync(await client.SubmitAsync($"/t/{tenant.Slug}/templates/edit/{id}",
            new Dictionary<string, string> { ["Input.Json"] = "{\n  \"id\": \"cloud-basics\",\n  \"version\" 1\n}" }));

        Assert.Contains(problems, p => p.Contains("malformed JSON at line 3, column 13", StringComparison.Ordinal));
        Assert.Equal(before.DefinitionJson, (await RowAsync(tenant, id)).DefinitionJson);
    }

    [Fact]
    public async Task Editing_a_published_version_is_refused_and_changes_nothing()
    {
        var (tenant, client) = await SignedInAsync();
        var draftId = CreatedId(await UploadAsync(client, tenant.Slug, "c.json", Utf8(SmallDefinition), "questionnaire"));
        var otherId = CreatedId(await UploadAsync(client, tenant.Slug, "d.json", Utf8(SmallDefinition.Replace("cloud-basics", "other", StringComparison.Ordinal)), "questionnaire"));
        await client.SubmitAsync($"/t/{tenant.Slug}/templates/details/{draftId}", new Dictionary<string, string>(), "form[data-action=publish]");
        var before = await RowAsync(tenant, draftId);
        Assert.Equal(QuestionnaireStatus.Published, before.Status);

        var editPage = await client.GetDocumentAsync($"/t/{tenant.Slug}/templates/edit/{draftId}");
        Assert.Null(editPage.QuerySelector("main form button[type=submit]"));
        var response = await PostAsync(client, $"/t/{tenant.Slug}/templates/edit/{otherId}", $"/t/{tenant.Slug}/templates/edit/{draftId}",
            new Dictionary<string, string> { ["Input.Json"] = before.DefinitionJson.Replace("Cloud basics", "Changed", StringComparison.Ordinal), ["Input.RowVersion"] = before.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var problems = await ProblemsAsync(response);
        Assert.Contains(problems, p => p.Contains("Version 1.0.0 is published and cannot be edited", StringComparison.Ordinal));
        var after = await RowAsync(tenant, draftId);
        Assert.Equal((before.DefinitionJson, before.Version), (after.DefinitionJson, after.Version));
    }

    [Fact]
    public async Task A_spreadsheet_with_a_missing_mapped_column_is_refused_with_the_columns_found()
    {
        var (tenant, client) = await SignedInAsync();
        var before = await RowCountAsync();
        var csv = "id,question,type\nq1,Do you use AI?,boolean\n";

        var problems = await ProblemsAsync(await UploadAsync(client, tenant.Slug, "items.csv", Utf8(csv), "spreadsheet",
            new Dictionary<string, string> { ["Input.Title"] = "From CSV" }));

        Assert.Contains(problems, p => p.Contains("The column 'text' mapped to text is not in the file; its columns are: 'id', 'question', 'type'", StringComparison.Ordinal));
        Assert.Equal(before, await RowCountAsync());
    }

    [Fact]
    public async Task A_spreadsheet_row_with_a_bad_cell_names_its_row_and_column()
    {
        var (tenant, client) = await SignedInAsync();
        var before = await RowCountAsync();
        var csv = "id,question,type,choices\nq1,Do you use AI?,boolean,\nq2,Which?,singleChoice,a=A=ten\n";

        var problems = await ProblemsAsync(await UploadAsync(client, tenant.Slug, "items.csv", Utf8(csv), "spreadsheet",
            new Dictionary<string, string> { ["Input.Columns.Text"] = "question", ["Input.Columns.Section"] = "", ["Input.Columns.Weight"] = "", ["Input.Columns.Controls"] = "", ["Input.Columns.Required"] = "", ["Input.Columns.Help"] = "" }));

        Assert.Contains(problems, p => p.Contains("row 3, column 'choices'", StringComparison.Ordinal) && p.Contains("'ten' is not a number", StringComparison.Ordinal));
        Assert.Equal(before, await RowCountAsync());
    }

    [Fact]
    public async Task A_mapped_csv_imports_as_a_draft()
    {
        var (tenant, client) = await SignedInAsync();
        var csv = "Ref,Question,Kind,Options,Mandatory\nq1,Do you use AI?,boolean,,yes\nq2,Which vendor?,singleChoice,a=Acme=100=compliant|b=Other=0=nonCompliant,no\n";

        var id = CreatedId(await UploadAsync(client, tenant.Slug, "My Items.csv", Utf8(csv), "spreadsheet", new Dictionary<string, string>
        {
            ["Input.Title"] = "Mapped", ["Input.Columns.Id"] = "Ref", ["Input.Columns.Text"] = "Question", ["Input.Columns.Type"] = "Kind",
            ["Input.Columns.Choices"] = "Options", ["Input.Columns.Required"] = "Mandatory", ["Input.Columns.Section"] = "",
            ["Input.Columns.Weight"] = "", ["Input.Columns.Controls"] = "", ["Input.Columns.Help"] = "",
        }));

        var definition = (await RowAsync(tenant, id)).Definition();
        Assert.Equal(("my-items", "Mapped"), (definition.Id, definition.Title));
        var items = definition.AllItems().ToList();
        Assert.True(items[0].Required);
        Assert.Equal([("a", "Acme", 100m, ChoiceResult.Compliant), ("b", "Other", 0m, ChoiceResult.NonCompliant)],
            items[1].Choices.Select(c => (c.Value, c.Label, c.Score!.Value, c.Result!.Value)).ToArray());
    }

    [Fact]
    public async Task A_file_over_5_MB_is_refused_with_a_clear_message()
    {
        var (tenant, client) = await SignedInAsync();
        var before = await RowCountAsync();
        var big = new byte[(5 * 1024 * 1024) + 1];
        Array.Fill(big, (byte)' ');

        var response = await UploadAsync(client, tenant.Slug, "big.json", big, "questionnaire");

        var document = await Forms.ParseAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("The file is larger than 5 MB.", document.FieldError("Input.File"));
        Assert.Equal(before, await RowCountAsync());
    }

    [Fact]
    public async Task A_file_of_another_kind_is_refused()
    {
        var (tenant, client) = await SignedInAsync();
        var response = await UploadAsync(client, tenant.Slug, "notes.txt", Utf8("hello"), "questionnaire");
        Assert.Equal("Choose a .json, .xlsx or .csv file.", (await Forms.ParseAsync(response)).FieldError("Input.File"));
    }

    [Fact]
    public async Task Cloning_a_shipped_template_creates_a_draft_with_the_shipped_content()
    {
        var (tenant, client) = await SignedInAsync();
        var index = $"/t/{tenant.Slug}/templates";

        var response = await client.SubmitAsync(index, new Dictionary<string, string>(), "tr[data-shipped=ai-inherent-risk-intake] form");
        var id = CreatedId(response);
        var again = await client.SubmitAsync($"/t/{tenant.Slug}/templates/shipped/ai-inherent-risk-intake", new Dictionary<string, string>());

        var row = await RowAsync(tenant, id);
        Assert.Equal((QuestionnaireStatus.Draft, "ai-inherent-risk-intake@1.1.0"), (row.Status, row.ClonedFrom));
        var shipped = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "seed-data", "questionnaires", "ai-inherent-risk-intake.json"));
        Assert.Equal(shipped.ReplaceLineEndings("\n"), row.DefinitionJson);
        Assert.Contains("already has version 1.1.0", string.Join(" | ", await ProblemsAsync(again)), StringComparison.Ordinal);
        Assert.Equal(1, await app.InDbAsync(db => db.QuestionnaireTemplates.CountAsync(), tenant.Id));
    }

    [Fact]
    public async Task Another_tenant_cannot_see_or_change_a_template_and_gets_404()
    {
        var (tenantA, clientA) = await SignedInAsync();
        var id = CreatedId(await UploadAsync(clientA, tenantA.Slug, "c.json", Utf8(SmallDefinition), "questionnaire"));
        var before = await RowAsync(tenantA, id);
        var (tenantB, clientB) = await SignedInAsync();
        var b = tenantB.Slug;

        Assert.Equal(HttpStatusCode.NotFound, (await clientB.GetAsync($"/t/{b}/templates/details/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.GetAsync($"/t/{b}/templates/edit/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.GetAsync($"/t/{b}/templates/details/{id}?handler=ExportJson")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.GetAsync($"/t/{b}/templates/compare?from={id}&to={id}")).StatusCode);
        var list = await clientB.GetDocumentAsync($"/t/{b}/templates");
        Assert.Null(list.QuerySelector($"tr[data-template='{id}']"));
        foreach (var handler in new[] { "Publish", "Retire", "NewVersion" })
        {
            var post = await PostAsync(clientB, $"/t/{b}/templates", $"/t/{b}/templates/details/{id}?handler={handler}");
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }

        var edit = await PostAsync(clientB, $"/t/{b}/templates", $"/t/{b}/templates/edit/{id}",
            new Dictionary<string, string> { ["Input.Json"] = SmallDefinition.Replace("Cloud basics", "Stolen", StringComparison.Ordinal) });
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        // And tenant A's own URL space is closed to B's user.
        Assert.Equal(HttpStatusCode.NotFound, (await clientB.GetAsync($"/t/{tenantA.Slug}/templates/details/{id}")).StatusCode);

        var after = await RowAsync(tenantA, id);
        Assert.Equal((before.Status, before.Version, before.DefinitionJson), (after.Status, after.Version, after.DefinitionJson));
        Assert.Equal(0, await app.InDbAsync(db => db.QuestionnaireTemplates.CountAsync(), tenantB.Id));
    }

    [Fact]
    public async Task A_reviewer_reads_templates_but_sees_no_buttons_and_gets_403_on_every_post()
    {
        var (tenant, admin) = await SignedInAsync();
        var id = CreatedId(await UploadAsync(admin, tenant.Slug, "c.json", Utf8(SmallDefinition), "questionnaire"));
        var (_, reviewer) = await SignedInAsync(TenantRoles.Reviewer, tenant);
        var before = await RowCountAsync();

        var list = await reviewer.GetDocumentAsync($"/t/{tenant.Slug}/templates");
        var details = await reviewer.GetDocumentAsync($"/t/{tenant.Slug}/templates/details/{id}");
        Assert.Empty(list.QuerySelectorAll("main form"));
        Assert.Null(list.QuerySelector($"main a[href='/t/{tenant.Slug}/templates/import']"));
        Assert.Empty(details.QuerySelectorAll("main form"));
        Assert.NotNull(details.QuerySelector(".template-preview"));

        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync($"/t/{tenant.Slug}/templates/import")).StatusCode);
        // The library shows the reviewer no form at all: a valid token comes from the sign-in page.
        const string tokenPage = "/account/login";
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(reviewer, tokenPage, $"/t/{tenant.Slug}/templates/details/{id}?handler=Publish")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(reviewer, tokenPage, $"/t/{tenant.Slug}/templates?handler=Clone",
            new Dictionary<string, string> { ["key"] = "ai-inherent-risk-intake" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(reviewer, tokenPage, $"/t/{tenant.Slug}/templates/edit/{id}",
            new Dictionary<string, string> { ["Input.Json"] = SmallDefinition })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(reviewer, tokenPage, $"/t/{tenant.Slug}/templates/import")).StatusCode);
        Assert.Equal(before, await RowCountAsync());
        Assert.Equal(QuestionnaireStatus.Draft, (await RowAsync(tenant, id)).Status);
    }

    [Fact]
    public async Task A_vendor_manager_may_import_and_publish()
    {
        var (tenant, client) = await SignedInAsync(TenantRoles.VendorManager);
        var id = CreatedId(await UploadAsync(client, tenant.Slug, "c.json", Utf8(SmallDefinition), "questionnaire"));
        var published = await client.SubmitAsync($"/t/{tenant.Slug}/templates/details/{id}", new Dictionary<string, string>(), "form[data-action=publish]");
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
    }

    [Fact]
    public async Task An_xlsx_export_imports_back_through_the_page_as_the_same_definition()
    {
        var (tenant, client) = await SignedInAsync();
        var shipped = await client.GetAsync($"/t/{tenant.Slug}/templates/shipped/ai-vendor-security-governance?handler=ExportXlsx");
        Assert.Equal(HttpStatusCode.OK, shipped.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", shipped.Content.Headers.ContentType!.MediaType);
        var xlsx = await shipped.Content.ReadAsByteArrayAsync();

        var id = CreatedId(await UploadAsync(client, tenant.Slug, "export.xlsx", xlsx, "spreadsheet"));

        // The library offers the latest shipped version: 2.0.0, which uses every 2.0 format extension.
        var original = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "seed-data", "questionnaires", "ai-vendor-security-governance-2.0.0.json"));
        Assert.Equal(original.ReplaceLineEndings("\n"), (await RowAsync(tenant, id)).DefinitionJson);
        var json = await client.GetAsync($"/t/{tenant.Slug}/templates/details/{id}?handler=ExportJson");
        Assert.Equal(original.ReplaceLineEndings("\n"), await json.Content.ReadAsStringAsync());
    }
}
