using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Questionnaires.Spreadsheets;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Portal;
using static VendorRisk.IntegrationTests.Templates.TemplateTestKit;

namespace VendorRisk.IntegrationTests.Templates;

/// <summary>
/// Issue 18, items 2 and 3: the import wizard, driven as a browser does (each step's form posted with the values the page chose), on
/// SIG Lite-, CAIQ- and Windows-1252-CSV-style fixtures, a goto-branching JSON file, and on malformed files (each a message, no 5xx,
/// nothing saved). Imported conditions are checked where they matter: published, sent to a vendor and answered in the portal.
/// </summary>
public sealed class SheetImportWizardTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private async Task<(Tenant Tenant, HttpClient Client)> SignedInAsync()
    {
        var tenant = await app.CreateTenantAsync();
        var user = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(user.Email!);
        return (tenant, client);
    }

    private static string Url(Tenant tenant) => $"/t/{tenant.Slug}/templates/import-sheet";

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, Tenant tenant, string fileName, byte[] content)
    {
        var document = await client.GetDocumentAsync(Url(tenant));
        var form = (IHtmlFormElement)document.QuerySelector("main form[data-step=file]")!;
        using var body = new MultipartFormDataContent();
        foreach (var hidden in form.QuerySelectorAll("input[type=hidden]").OfType<IHtmlInputElement>())
            body.Add(new StringContent(hidden.Value), hidden.Name!);
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Add(file, "Upload", fileName);
        return await client.PostAsync(Url(tenant) + "?handler=Upload", body);
    }

    /// <summary>Posts the page's wizard form as a browser would (hidden fields, checked boxes, selected options, text), with changes.</summary>
    private static async Task<HttpResponseMessage> NextAsync(HttpClient client, Tenant tenant, IHtmlDocument page, string handler,
        Dictionary<string, string>? changes = null)
    {
        var form = page.QuerySelector("main form[data-step]") as IHtmlFormElement ?? throw new InvalidOperationException("No wizard form on the page.");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input").OfType<IHtmlInputElement>())
        {
            if (input.Name is null || changes?.ContainsKey(input.Name) == true) continue;
            if (input.Type is "radio" or "checkbox" && !input.IsChecked) continue;
            if (input.Type == "file") continue;
            values.Add(new(input.Name, input.Value));
        }
        foreach (var select in form.QuerySelectorAll("select").OfType<IHtmlSelectElement>())
        {
            if (changes?.ContainsKey(select.Name!) == true) continue;
            values.Add(new(select.Name!, select.Value ?? ""));
        }
        foreach (var (name, value) in changes ?? new Dictionary<string, string>()) values.Add(new(name, value));
        return await client.PostAsync(Url(tenant) + "?handler=" + handler, new FormUrlEncodedContent(values));
    }

    private static async Task<IHtmlDocument> OkAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Forms.ParseAsync(response);
    }

    /// <summary>Upload, accept the proposed sheet and header row, accept the proposed mapping, preview, import.</summary>
    private async Task<(QuestionnaireDefinition Definition, IHtmlDocument Preview, IHtmlDocument Layout)> ImportWithDefaultsAsync(
        HttpClient client, Tenant tenant, string fileName, byte[] content)
    {
        var layout = await OkAsync(await UploadAsync(client, tenant, fileName, content));
        Assert.Empty(await ProblemsOf(layout));
        var mapping = await OkAsync(await NextAsync(client, tenant, layout, "Columns"));
        var preview = await OkAsync(await NextAsync(client, tenant, mapping, "Preview"));
        Assert.Empty(await ProblemsOf(preview));
        var imported = await NextAsync(client, tenant, preview, "Import");
        var id = CreatedId(imported);
        var row = await app.InDbAsync(db => db.QuestionnaireTemplates.AsNoTracking().SingleAsync(t => t.Id == id), tenant.Id);
        Assert.Equal(QuestionnaireStatus.Draft, row.Status);
        return (row.Definition(), preview, layout);
    }

    private static Task<IReadOnlyList<string>> ProblemsOf(IHtmlDocument document) =>
        Task.FromResult<IReadOnlyList<string>>([.. document.QuerySelectorAll(".template-problems li").Select(li => li.TextContent.Trim()), .. document.ValidationMessages()]);

    private Task<int> TemplateCountAsync() => app.CountAllAsync<QuestionnaireTemplate>();

    [Fact]
    public async Task A_SIG_Lite_style_workbook_imports_with_its_cover_sheet_and_title_rows_skipped()
    {
        var (tenant, client) = await SignedInAsync();

        var (definition, preview, layout) = await ImportWithDefaultsAsync(client, tenant, "SIG Lite 2026.xlsx", SheetFixtures.SigLite());

        // Both sheets listed with their row counts; the question sheet chosen; the header under the merged title rows detected.
        var sheets = layout.QuerySelectorAll("input[name=SheetName]").OfType<IHtmlInputElement>().ToList();
        Assert.Equal(["Business Information", "SIG Lite"], sheets.Select(s => s.Value));
        Assert.Contains("(123 rows)", layout.QuerySelector("label[for=sheet-1]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("SIG Lite", sheets.Single(s => s.IsChecked).Value);
        Assert.Equal("4", layout.QuerySelectorAll("input[name=HeaderRow]").OfType<IHtmlInputElement>().Single(r => r.IsChecked).Value);

        var items = definition.AllItems().ToList();
        Assert.Equal(120, items.Count);
        Assert.Equal(SheetFixtures.SigCategories, definition.Sections.Select(s => s.Title));
        Assert.All(definition.Sections, s => Assert.Equal(SheetFixtures.SigQuestionsPerCategory, s.Items.Length));
        Assert.Equal(108, items.Count(i => i.Type == ItemType.SingleChoice && i.Choices.Select(c => c.Label).SequenceEqual(["Yes", "No", "Not applicable"])));
        Assert.Equal(12, items.Count(i => i.Type == ItemType.Textarea));
        Assert.All(items, i => Assert.True(i.Required));
        var a1 = items.Single(i => i.Id == "A.1");
        Assert.Equal([100m, 0m], a1.Choices.Where(c => c.Score is not null).Select(c => c.Score!.Value));
        Assert.Equal("{A.1} = 'yes'", items.Single(i => i.Id == "A.2").VisibleIf);
        Assert.Equal("Attach the policy or describe where it is published.", items.Single(i => i.Id == "B.3").Help);
        Assert.Equal("Scoping note: applies to production systems only.", items.Single(i => i.Id == "B.5").Help);

        // The preview shows the first questions as the vendor sees them, with their answers and condition in words.
        Assert.Contains("120 questions in 12 sections; 1 shown only under a condition", preview.QuerySelector("[data-testid=preview-summary]")!.TextContent, StringComparison.Ordinal);
        var previewA2 = preview.QuerySelector("[data-testid=preview] [data-item='A.2']")!;
        Assert.Contains("Shown only when", previewA2.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Yes", "No", "Not applicable"], previewA2.QuerySelectorAll("label").Select(l => l.TextContent.Trim()));
        Assert.Equal(ImportSheetPreviewCount, preview.QuerySelectorAll("[data-testid=preview] [data-item]").Length);
    }

    private const int ImportSheetPreviewCount = 12;

    [Fact]
    public async Task A_CAIQ_style_workbook_takes_its_sections_from_heading_rows_and_keeps_its_notes_as_guidance()
    {
        var (tenant, client) = await SignedInAsync();

        var (definition, preview, _) = await ImportWithDefaultsAsync(client, tenant, "CAIQv4.xlsx", SheetFixtures.Caiq());

        var items = definition.AllItems().ToList();
        Assert.Equal(119, items.Count);
        Assert.Equal(SheetFixtures.CaiqDomains, definition.Sections.Select(s => s.Title));
        Assert.All(items, i => Assert.Equal(["yes", "no", "na"], i.Choices.Select(c => c.Value)));
        // "A&A-01.1" is not an id of our format: the ampersand becomes an underscore.
        Assert.Equal("A_A-01.1", items[0].Id);
        Assert.Equal("Shared responsibility: the customer configures its own tenancy.", items[0].Help);
        Assert.Null(items[1].Help);
        Assert.Equal("Every column that holds text is imported.", preview.QuerySelector("[data-testid=unmapped]")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_Windows_1252_csv_is_read_as_such_and_its_condition_works_in_the_portal()
    {
        var (tenant, client) = await SignedInAsync();
        var bytes = SheetFixtures.Windows1252(SheetFixtures.Windows1252Csv);

        var (definition, preview, layout) = await ImportWithDefaultsAsync(client, tenant, "dpa-questions.csv", bytes);

        Assert.Equal(CsvEncoding.Windows1252, layout.QuerySelector("[data-testid=encoding] strong")!.TextContent.Trim());
        Assert.Equal(CsvEncoding.Windows1252, preview.QuerySelector("[data-testid=encoding] strong")!.TextContent.Trim());
        Assert.Equal(["Données", "Sécurité"], definition.Sections.Select(s => s.Title));
        var items = definition.AllItems().ToDictionary(i => i.Id);
        Assert.Equal("Do you process personal data of EU residents – including “special categories”?", items["Q1"].Text);
        Assert.Equal("Annual security budget (€)", items["Q4"].Text);
        Assert.Equal((ItemType.Boolean, ItemType.Textarea, ItemType.SingleChoice, ItemType.Number, ItemType.Boolean),
            (items["Q1"].Type, items["Q2"].Type, items["Q3"].Type, items["Q4"].Type, items["Q5"].Type));
        Assert.Equal([100m, 50m, 0m], items["Q3"].Choices.Select(c => c.Score!.Value));
        Assert.Equal("List them,\r\none per line.", items["Q2"].Help);
        Assert.Equal("{Q1} = true", items["Q2"].VisibleIf);

        // The condition works as the vendor's answers are evaluated (the portal's engine): Q2 is shown only after "Yes" to Q1.
        var compiled = definition.Compile().Value;
        bool Shown(params (string Id, AnswerValue Answer)[] answers) =>
            new QuestionnaireEngine().Evaluate(compiled, answers.ToDictionary(a => a.Id, a => a.Answer)).Item("Q2").Visible;
        Assert.False(Shown());
        Assert.True(Shown(("Q1", AnswerValue.Boolean(true))));
        Assert.False(Shown(("Q1", AnswerValue.Boolean(false))));
    }

    [Fact]
    public async Task Csv_encodings_are_detected_and_named()
    {
        var text = "id,question\nq1,Qualité ?\n";
        Assert.Equal(CsvEncoding.Utf8, CsvEncoding.Decode(Encoding.UTF8.GetBytes(text)).Value.EncodingName);
        Assert.Equal(CsvEncoding.Utf8Bom, CsvEncoding.Decode([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]).Value.EncodingName);
        Assert.Equal(CsvEncoding.Utf16Le, CsvEncoding.Decode([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]).Value.EncodingName);
        Assert.Equal(CsvEncoding.Utf16Le, CsvEncoding.Decode(Encoding.Unicode.GetBytes(text)).Value.EncodingName);
        Assert.Equal(CsvEncoding.Utf16Be, CsvEncoding.Decode([.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)]).Value.EncodingName);
        var latin = CsvEncoding.Decode(SheetFixtures.Windows1252(text)).Value;
        Assert.Equal((CsvEncoding.Windows1252, text), (latin.EncodingName, latin.Text));
        await Task.CompletedTask;
    }

    public static TheoryData<string, string, string> Malformed => new()
    {
        { "truncated", "caiq.xlsx", "not a readable XLSX workbook" },
        { "truncated-csv", "items.csv", "a quoted cell is not closed" },
        { "wrong-encoding", "items.csv", "is not a CSV text file in UTF-8, UTF-16 or Windows-1252" },
        { "twenty-mb", "big.csv", "files up to 5 MB can be imported" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_file_gets_a_clear_message_and_nothing_is_kept_or_saved(string kind, string fileName, string message)
    {
        var (tenant, client) = await SignedInAsync();
        var before = await TemplateCountAsync();
        var content = kind switch
        {
            "truncated" => SheetFixtures.Caiq()[..4000],
            "truncated-csv" => Encoding.UTF8.GetBytes("id,question\nq1,\"Is it"),
            "wrong-encoding" => [.. Encoding.UTF8.GetBytes("id,question\n"), 0x00, 0x01, 0x02, 0xFF, 0x81, 0x00, 0x00, 0x9D],
            _ => Enumerable.Repeat((byte)'a', 20 * 1024 * 1024).ToArray(),
        };

        var response = await UploadAsync(client, tenant, fileName, content);

        var page = await OkAsync(response);
        Assert.Contains(await ProblemsOf(page), p => p.Contains(message, StringComparison.Ordinal));
        Assert.NotNull(page.QuerySelector("form[data-step=file]"));
        Assert.Equal(before, await TemplateCountAsync());
    }

    [Fact]
    public async Task Duplicate_ids_are_reported_by_sheet_row_and_column_and_nothing_is_saved()
    {
        var (tenant, client) = await SignedInAsync();
        var before = await TemplateCountAsync();
        // The third question of the first domain repeats the id of the first (sheet row 8 repeats row 6).
        var workbook = SheetFixtures.Caiq(rows => { rows[7][0] = rows[5][0]; return rows; });

        var layout = await OkAsync(await UploadAsync(client, tenant, "caiq.xlsx", workbook));
        var mapping = await OkAsync(await NextAsync(client, tenant, layout, "Columns"));
        var refused = await OkAsync(await NextAsync(client, tenant, mapping, "Import"));

        var problems = await ProblemsOf(refused);
        Assert.Contains(problems, p => p.Contains("sheet 'CAIQv4', row 8, column A (Question ID)", StringComparison.Ordinal)
            && p.Contains("the id 'A&A-01.1' is already used in row 6", StringComparison.Ordinal));
        Assert.Equal(before, await TemplateCountAsync());
    }

    [Fact]
    public async Task Visibility_cycles_and_broken_references_are_refused_at_import_by_csv_record()
    {
        var (tenant, client) = await SignedInAsync();
        var before = await TemplateCountAsync();
        // Q2's guidance spans two text lines, so Q3 is record 4 but starts on text line 5.
        var csv = "Ref,Question,Answer options,Guidance,Condition\n"
            + "Q1,Do you use AI?,Y/N,,Q3 = Y\n"
            + "Q2,Which models?,Text,\"one\nper line\",Q9 = Y\n"
            + "Q3,Is it reviewed?,Y/N,,Q1 = Y\n";

        var layout = await OkAsync(await UploadAsync(client, tenant, "cycle.csv", Encoding.UTF8.GetBytes(csv)));
        Assert.Equal(CsvEncoding.Utf8, layout.QuerySelector("[data-testid=encoding] strong")!.TextContent.Trim());
        var mapping = await OkAsync(await NextAsync(client, tenant, layout, "Columns"));
        var refused = await OkAsync(await NextAsync(client, tenant, mapping, "Import"));

        var problems = await ProblemsOf(refused);
        Assert.Contains(problems, p => p.StartsWith("row 3, column E (Condition)", StringComparison.Ordinal) && p.Contains("'Q9', which is no question id", StringComparison.Ordinal));
        Assert.Equal(before, await TemplateCountAsync());

        // Without the broken reference, the cycle is what is left: found now, not at publish.
        var fixedCsv = csv.Replace("Q9 = Y", "", StringComparison.Ordinal);
        layout = await OkAsync(await UploadAsync(client, tenant, "cycle.csv", Encoding.UTF8.GetBytes(fixedCsv)));
        mapping = await OkAsync(await NextAsync(client, tenant, layout, "Columns"));
        refused = await OkAsync(await NextAsync(client, tenant, mapping, "Import"));
        problems = await ProblemsOf(refused);
        Assert.Contains(problems, p => p.Contains("row 4, column E (Condition)", StringComparison.Ordinal) && p.Contains("visibility cycle", StringComparison.Ordinal)
            || p.Contains("row 2, column E (Condition)", StringComparison.Ordinal) && p.Contains("visibility cycle", StringComparison.Ordinal));
        Assert.Equal(before, await TemplateCountAsync());
    }

    [Fact]
    public async Task Unmapped_columns_are_listed_optional_fields_start_empty_and_another_person_cannot_use_the_upload()
    {
        var (tenant, client) = await SignedInAsync();
        var csv = "Question,Owner,Answer options\nIs MFA enforced?,IT team,Yes/No/N/A\n";

        var layout = await OkAsync(await UploadAsync(client, tenant, "plain.csv", Encoding.UTF8.GetBytes(csv)));
        var mapping = await OkAsync(await NextAsync(client, tenant, layout, "Columns"));

        Assert.Equal("0", ((IHtmlSelectElement)mapping.QuerySelector("#Map_Question")!).Value);
        foreach (var optional in new[] { "Id", "Section", "Weight", "Condition", "Required" })
            Assert.Equal("", ((IHtmlSelectElement)mapping.QuerySelector("#Map_" + optional)!).Value);
        Assert.Contains("Owner (column B)", mapping.QuerySelector("[data-testid=unmapped]")!.TextContent, StringComparison.Ordinal);

        // The token is bound to the person and organisation that uploaded the file.
        var (otherTenant, other) = await SignedInAsync();
        var token = ((IHtmlInputElement)mapping.QuerySelector("input[name=Token]")!).Value;
        var stolen = await OkAsync(await NextAsync(other, otherTenant, mapping, "Preview", new Dictionary<string, string>
        {
            ["Token"] = token, ["__RequestVerificationToken"] = await TokenAsync(other, Url(otherTenant)),
        }));
        Assert.Contains(await ProblemsOf(stolen), p => p.Contains("no longer available", StringComparison.Ordinal));
        Assert.NotNull(stolen.QuerySelector("form[data-step=file]"));
    }

    /// <summary>Publishes the draft on its page, sends it to a new vendor and signs in as the vendor's contact on the answer page.</summary>
    private async Task<(HttpClient Client, string Url, string Token, Guid AssessmentId)> PublishAndSendAsync(HttpClient client, Tenant tenant, Guid templateId)
    {
        var published = await client.SubmitAsync($"/t/{tenant.Slug}/templates/details/{templateId}", new Dictionary<string, string>(), "form[data-action=publish]");
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var template = await app.InDbAsync(db => db.QuestionnaireTemplates.AsNoTracking().SingleAsync(t => t.Id == templateId), tenant.Id);
        Assert.Equal(QuestionnaireStatus.Published, template.Status);
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var vendor = await app.Scenario.VendorAsync(tenant.Id, "Imported AI " + Guid.NewGuid().ToString("N")[..6]);
        var contact = await app.CreateMemberAsync(tenant, TenantRoles.VendorContact, vendorId: vendor.Id);
        var assessmentId = await PortalTestKit.IssueAsync(app, tenant, template, vendor.Id, admin.Id, [contact.Email!]);
        var vendorClient = await PortalTestKit.SignedInAsync(app, contact);
        var url = $"/t/{tenant.Slug}/portal/assessments/{assessmentId}";
        return (vendorClient, url, PortalTestKit.Token(await vendorClient.GetDocumentAsync(url)), assessmentId);
    }

    /// <summary>Whether the vendor's answer page shows the question (the portal renders hidden questions with the hidden attribute).</summary>
    private static async Task<bool> ShownOnPageAsync(HttpClient vendor, string url, string itemId)
    {
        var page = await vendor.GetDocumentAsync(url);
        var item = page.QuerySelector($"[id='item-{itemId}']") ?? throw new InvalidOperationException($"Question {itemId} is not on the answer page.");
        return !item.HasAttribute("hidden");
    }

    /// <summary>Saves one answer as the portal's script does and returns the visibility the portal sends back for each question.</summary>
    private async Task<Dictionary<string, bool>> AnswerAsync(HttpClient vendor, string token, string url, Guid assessmentId, string itemId, string value)
    {
        var version = (await PortalTestKit.AnswersAsync(app, assessmentId)).SingleOrDefault(a => a.ItemId == itemId)?.Version ?? 0;
        var response = await PortalTestKit.AutosaveAsync(vendor, token, url, itemId, version, value);
        PortalTestKit.AssertStatus(HttpStatusCode.OK, response, "autosave of " + itemId);
        var body = await PortalTestKit.JsonAsync(response);
        return body.GetProperty("state").GetProperty("items").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetProperty("visible").GetBoolean(), StringComparer.Ordinal);
    }

    [Fact]
    public async Task A_goto_branching_json_imports_through_the_wizard_and_its_jumps_hide_the_skipped_questions_in_the_portal()
    {
        var (tenant, client) = await SignedInAsync();

        // Step 1 takes the .json file; with nothing to map, the next step is the preview.
        var preview = await OkAsync(await UploadAsync(client, tenant, "supplier-triage.json", BranchingFixtures.Bytes(BranchingFixtures.Triage)));
        Assert.Empty(await ProblemsOf(preview));
        Assert.NotNull(preview.QuerySelector("form[data-step=branching]"));
        Assert.Equal("AI supplier triage", ((IHtmlInputElement)preview.QuerySelector("#Title")!).Value);
        Assert.Contains("11 questions in 3 sections; 5 shown only under a condition", preview.QuerySelector("[data-testid=preview-summary]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Shown only when", preview.QuerySelector("[data-testid=preview] [data-item=llm_provider]")!.TextContent, StringComparison.Ordinal);
        var id = CreatedId(await NextAsync(client, tenant, preview, "Import"));

        var definition = (await app.InDbAsync(db => db.QuestionnaireTemplates.AsNoTracking().SingleAsync(t => t.Id == id), tenant.Id)).Definition();
        Assert.Equal(("supplier-triage", "AI supplier triage"), (definition.Id, definition.Title));
        Assert.Equal(["AI use", "Data", "Security"], definition.Sections.Select(s => s.Title));
        Assert.Equal([4, 3, 4], definition.Sections.Select(s => s.Items.Length));
        var items = definition.AllItems().ToDictionary(i => i.Id);
        Assert.Equal(11, items.Count);
        Assert.Equal([ItemType.Boolean, ItemType.SingleChoice, ItemType.Text, ItemType.Boolean, ItemType.SingleChoice, ItemType.Boolean,
            ItemType.Textarea, ItemType.Boolean, ItemType.Textarea, ItemType.SingleChoice, ItemType.Number], definition.AllItems().Select(i => i.Type));
        Assert.Equal("{uses_ai} <> false", items["model_kind"].VisibleIf);
        Assert.Equal("{uses_ai} <> false and {model_kind} <> 'classic'", items["llm_provider"].VisibleIf);
        Assert.Equal("{uses_ai} <> false", items["training"].VisibleIf);
        Assert.Equal("{subprocessors} <> false", items["subprocessor_list"].VisibleIf);
        Assert.Equal("{incidents} <> false", items["incident_details"].VisibleIf);
        Assert.Null(items["data_location"].VisibleIf);
        Assert.Null(items["mfa"].VisibleIf);
        // Weighted risks and scores come along.
        Assert.Equal(3m, items["training"].Weight);
        Assert.Equal([5m, 0m], items["training"].Choices.Select(c => c.Risk));
        Assert.Equal([0m, 100m], items["training"].Choices.Select(c => c.Score));
        Assert.Equal(["eu", "us", "elsewhere"], items["data_location"].Choices.Select(c => c.Value));
        Assert.False(items["llm_provider"].Required);
        Assert.True(items["mfa"].Required);

        // Published and sent: the vendor sees the path the original tool would have taken.
        var (vendor, url, token, assessment) = await PublishAndSendAsync(client, tenant, id);
        Assert.True(await ShownOnPageAsync(vendor, url, "llm_provider"), "Before any answer, the default path shows every question.");
        var afterNo = await AnswerAsync(vendor, token, url, assessment, "uses_ai", "false");
        Assert.Equal((false, false, false, true), (afterNo["model_kind"], afterNo["llm_provider"], afterNo["training"], afterNo["data_location"]));
        Assert.False(await ShownOnPageAsync(vendor, url, "model_kind"));
        Assert.True(await ShownOnPageAsync(vendor, url, "data_location"));

        await AnswerAsync(vendor, token, url, assessment, "uses_ai", "true");
        var classic = await AnswerAsync(vendor, token, url, assessment, "model_kind", "classic");
        Assert.Equal((true, false, true), (classic["model_kind"], classic["llm_provider"], classic["training"]));
        Assert.False(await ShownOnPageAsync(vendor, url, "llm_provider"));
        var llm = await AnswerAsync(vendor, token, url, assessment, "model_kind", "llm");
        Assert.True(llm["llm_provider"]);
        Assert.True(await ShownOnPageAsync(vendor, url, "llm_provider"));

        var noSubprocessors = await AnswerAsync(vendor, token, url, assessment, "subprocessors", "false");
        Assert.False(noSubprocessors["subprocessor_list"]);
        Assert.False(await ShownOnPageAsync(vendor, url, "subprocessor_list"));
    }

    [Fact]
    public async Task A_sheets_condition_column_works_in_the_portal_after_publishing_and_sending()
    {
        var (tenant, client) = await SignedInAsync();
        var layout = await OkAsync(await UploadAsync(client, tenant, "SIG Lite 2026.xlsx", SheetFixtures.SigLite()));
        var mapping = await OkAsync(await NextAsync(client, tenant, layout, "Columns"));
        var id = CreatedId(await NextAsync(client, tenant, mapping, "Import"));

        var (vendor, url, token, assessment) = await PublishAndSendAsync(client, tenant, id);

        // "Applies If: A.1 = Yes": A.2 is hidden until A.1 is answered Yes, and hidden again after No.
        Assert.False(await ShownOnPageAsync(vendor, url, "A.2"));
        Assert.True(await ShownOnPageAsync(vendor, url, "A.3"));
        Assert.True((await AnswerAsync(vendor, token, url, assessment, "A.1", "yes"))["A.2"]);
        Assert.True(await ShownOnPageAsync(vendor, url, "A.2"));
        Assert.False((await AnswerAsync(vendor, token, url, assessment, "A.1", "no"))["A.2"]);
        Assert.False(await ShownOnPageAsync(vendor, url, "A.2"));
    }

    [Fact]
    public async Task A_branching_file_with_a_backward_jump_or_an_unknown_target_is_refused_at_the_first_step()
    {
        var (tenant, client) = await SignedInAsync();
        var before = await TemplateCountAsync();
        var broken = BranchingFixtures.Triage
            .Replace("\"goto\": \"incidents\"", "\"goto\": \"uses_ai\"", StringComparison.Ordinal)
            .Replace("\"goto\": \"mfa\"", "\"goto\": \"mfa2\"", StringComparison.Ordinal);

        var refused = await OkAsync(await UploadAsync(client, tenant, "triage.json", BranchingFixtures.Bytes(broken)));

        var problems = await ProblemsOf(refused);
        Assert.Contains(problems, p => p.Contains("$.sections[1].questions[1].options[1].goto", StringComparison.Ordinal)
            && p.Contains("question 'subprocessors', answer 'No' goes back to 'uses_ai'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("question 'incidents', answer 'No' goes to 'mfa2', which is no question id", StringComparison.Ordinal));
        Assert.NotNull(refused.QuerySelector("form[data-step=file]"));
        Assert.Equal(before, await TemplateCountAsync());

        // Our own questionnaire format is pointed to the page that imports it.
        var ours = await OkAsync(await UploadAsync(client, tenant, "cloud.json", BranchingFixtures.Bytes(SmallDefinition)));
        Assert.Contains(await ProblemsOf(ours), p => p.Contains("not a branching questionnaire", StringComparison.Ordinal));
    }
}
