using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.Exports;
using VendorRisk.Domain.Contracts;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Api;
using VendorRisk.IntegrationTests.Contracts;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Portal;
using VendorRisk.Application.Portal;
using VendorRisk.IntegrationTests.Reports;

namespace VendorRisk.IntegrationTests.Outputs;

/// <summary>
/// VendorRisk's files read by the tools buyers and integrators already use (issue 18, ADR-031): exceljs and SheetJS open every export
/// kind and see text, numbers and dates as such; ical.js reads the calendar feed; the pickup .eml files pass byte-level RFC 5322 checks
/// and mailparser; redocly lints the OpenAPI document with no error and a client generated from it by openapi-typescript compiles; qpdf
/// finds the PDF report sound. Each validator runs once per kind of file.
/// </summary>
public sealed class OutputValidatorTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>, IDisposable
{
    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "vendorrisk-tests", "outputs-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static readonly string[] Kinds = ["Vendors", "Findings", "Decisions", "Obligations"];
    private static readonly string[] TransferEncodings = ["7bit", "quoted-printable", "base64"];
    private const string FormulaTitle = "=1+2 evidence review";
    private const string KnownQpdfWarning = "input stream is complete but output may still be valid";

    [ValidatorFact(Validator.Node)]
    public async Task Every_export_kind_opens_in_exceljs_and_sheetjs_with_string_number_and_date_cells()
    {
        var decided = await ReportTestKit.DecidedAsync(app, "Validator Vendor");
        var scene = decided.Scene;
        var today = app.Today();
        var contract = await app.SeedContractAsync(scene.Tenant.Id, scene.VendorId, scene.Requester.Id);
        await app.SeedObligationAsync(scene.Tenant.Id, contract, scene.Requester.Id, Recurrence.OneOff, today.AddDays(-2), title: FormulaTitle);
        var client = await app.SignedInAsync(scene.Requester);
        var files = new List<string>();
        foreach (var kind in Kinds)
        {
            var response = await client.SubmitAsync($"/t/{scene.Tenant.Slug}/exports", new Dictionary<string, string> { ["Input.Kind"] = kind, ["Input.Format"] = "Xlsx" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var file = Path.Combine(_folder, kind + ".xlsx");
            await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
            files.Add(file);
        }

        var results = (await Validators.NodeAsync("xlsx", [.. files])).EnumerateArray().ToList();

        Assert.Equal(Kinds.Length, results.Count);
        var columns = new[] { ExportBuilder.VendorColumns, ExportBuilder.FindingColumns, ExportBuilder.DecisionColumns, ExportBuilder.ObligationColumns };
        for (var k = 0; k < Kinds.Length; k++)
        {
            var exceljs = results[k].GetProperty("exceljs");
            var sheetjs = results[k].GetProperty("sheetjs");
            Assert.False(exceljs.TryGetProperty("error", out var excelError), $"exceljs cannot open the {Kinds[k]} export: {excelError}");
            Assert.False(sheetjs.TryGetProperty("error", out var sheetError), $"SheetJS cannot open the {Kinds[k]} export: {sheetError}");
            var excelRows = exceljs.GetProperty("rows").EnumerateArray().ToList();
            var sheetRows = sheetjs.GetProperty("rows").EnumerateArray().ToList();
            Assert.True(excelRows.Count >= 2, $"{Kinds[k]}: no data row");
            Assert.Equal(columns[k], excelRows[0].EnumerateArray().Select(c => c.GetProperty("value").GetString()));
            Assert.Equal(columns[k], sheetRows[0].EnumerateArray().Select(c => c.GetProperty("v").GetString()));
            // No formula anywhere, and no cell that starts with the CSV apostrophe.
            Assert.All(sheetRows.SelectMany(r => r.EnumerateArray()).Where(c => c.ValueKind != JsonValueKind.Null), c =>
            {
                Assert.Equal(JsonValueKind.Null, c.GetProperty("f").ValueKind);
                Assert.False(c.GetProperty("v").ValueKind == JsonValueKind.String && c.GetProperty("v").GetString()!.StartsWith('\''), c.ToString());
            });
        }

        JsonElement Excel(int kind, string column, Func<JsonElement, bool> row) =>
            results[kind].GetProperty("exceljs").GetProperty("rows").EnumerateArray().Skip(1).Single(row)[Array.IndexOf([.. columns[kind]], column)];
        JsonElement Sheet(int kind, string column, Func<JsonElement, bool> row) =>
            results[kind].GetProperty("sheetjs").GetProperty("rows").EnumerateArray().Skip(1).Single(row)[Array.IndexOf([.. columns[kind]], column)];
        static bool Named(JsonElement row, string property, string value) =>
            row[0].ValueKind != JsonValueKind.Null && row[0].GetProperty(property).ValueKind == JsonValueKind.String && row[0].GetProperty(property).GetString() == value;

        // Vendors: the creation time is a date-time cell.
        Assert.Equal("Date", Excel(0, "Created (UTC)", r => Named(r, "value", "Validator Vendor")).GetProperty("type").GetString());
        Assert.Equal("d", Sheet(0, "Created (UTC)", r => Named(r, "v", "Validator Vendor")).GetProperty("t").GetString());
        // Decisions: the vote count is a number.
        Assert.Equal(("Number", 3), (Excel(2, "Committee votes", r => Named(r, "value", "Validator Vendor")).GetProperty("type").GetString(),
            Excel(2, "Committee votes", r => Named(r, "value", "Validator Vendor")).GetProperty("value").GetInt32()));
        Assert.Equal("n", Sheet(2, "Committee votes", r => Named(r, "v", "Validator Vendor")).GetProperty("t").GetString());
        // Obligations: text that looks like a formula is a string as typed; the due date is a date cell on that day.
        bool Formula(JsonElement r) => r[3].ValueKind != JsonValueKind.Null && r[3].TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String && v.GetString() == FormulaTitle;
        bool SheetFormula(JsonElement r) => r[3].ValueKind != JsonValueKind.Null && r[3].GetProperty("v").ValueKind == JsonValueKind.String && r[3].GetProperty("v").GetString() == FormulaTitle;
        Assert.Equal("String", Excel(3, "Obligation", Formula).GetProperty("type").GetString());
        Assert.Equal("s", Sheet(3, "Obligation", SheetFormula).GetProperty("t").GetString());
        var due = Excel(3, "Due date", Formula);
        Assert.Equal("Date", due.GetProperty("type").GetString());
        Assert.StartsWith(today.AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00", due.GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.Equal("yyyy-mm-dd", due.GetProperty("format").GetString());
        var sheetDue = Sheet(3, "Due date", SheetFormula);
        Assert.Equal("d", sheetDue.GetProperty("t").GetString());
        Assert.StartsWith(today.AddDays(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), sheetDue.GetProperty("v").GetString(), StringComparison.Ordinal);
    }

    [ValidatorFact(Validator.Node)]
    public async Task The_portal_answer_workbook_and_the_template_workbook_open_in_exceljs_and_sheetjs()
    {
        // The vendor's answer workbook (downloaded from the portal, filled in offline, uploaded back).
        var world = await PortalTestKit.CreateWorldAsync(app);
        var vendor = await PortalTestKit.SignedInAsync(app, world.ContactA);
        var token = PortalTestKit.Token(await vendor.GetDocumentAsync(world.UrlA));
        PortalTestKit.AssertStatus(HttpStatusCode.OK, await PortalTestKit.AutosaveAsync(vendor, token, world.UrlA, "uses_ai", 0, "true"), "autosave");
        var answers = Path.Combine(_folder, "answers.xlsx");
        await File.WriteAllBytesAsync(answers, await vendor.GetByteArrayAsync(world.UrlA + "?handler=Workbook"));
        // The questionnaire template workbook (Templates → a version → Export XLSX).
        var admin = await app.SignedInAsync(world.Admin);
        var template = Path.Combine(_folder, "template.xlsx");
        await File.WriteAllBytesAsync(template, await admin.GetByteArrayAsync($"/t/{world.Tenant.Slug}/templates/details/{world.Template.Id}?handler=ExportXlsx"));

        var results = (await Validators.NodeAsync("xlsx", answers, template)).EnumerateArray().ToList();

        Assert.Equal(2, results.Count);
        foreach (var result in results)
        {
            Assert.False(result.GetProperty("exceljs").TryGetProperty("error", out var excelError), $"exceljs cannot open {result.GetProperty("file")}: {excelError}");
            Assert.False(result.GetProperty("sheetjs").TryGetProperty("error", out var sheetError), $"SheetJS cannot open {result.GetProperty("file")}: {sheetError}");
        }

        static List<string?> Column(JsonElement rows, int column, string property) =>
            [.. rows.EnumerateArray().Select(r => r[column].ValueKind == JsonValueKind.Null ? null : r[column].GetProperty(property).ToString())];
        var answerExcel = results[0].GetProperty("exceljs");
        var answerSheet = results[0].GetProperty("sheetjs");
        Assert.Equal(["Answers"], answerExcel.GetProperty("sheets").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(WorkbookReport.Headers, answerExcel.GetProperty("rows")[0].EnumerateArray().Select(c => c.GetProperty("value").GetString()));
        Assert.Equal(WorkbookReport.Headers, answerSheet.GetProperty("rows")[0].EnumerateArray().Select(c => c.GetProperty("v").GetString()));
        Assert.Equal(["id", "uses_ai", "ai_kind", "ai_notes", "staff", "contact_email"], Column(answerExcel.GetProperty("rows"), 0, "value"));
        Assert.Equal(["id", "uses_ai", "ai_kind", "ai_notes", "staff", "contact_email"], Column(answerSheet.GetProperty("rows"), 0, "v"));
        Assert.Equal("yes", answerSheet.GetProperty("rows")[1][5].GetProperty("v").GetString());

        var templateExcel = results[1].GetProperty("exceljs");
        var templateSheet = results[1].GetProperty("sheetjs");
        Assert.Equal(["Items", "Sections", "Questionnaire"], templateExcel.GetProperty("sheets").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(["Items", "Sections", "Questionnaire"], templateSheet.GetProperty("sheets").EnumerateArray().Select(n => n.GetString()));
        var itemIds = Column(templateSheet.GetProperty("rows"), 0, "v");
        Assert.Equal(["intro", "uses_ai", "ai_kind", "ai_notes", "staff", "contact_email", "policy"], itemIds.Skip(1));
        Assert.Equal(itemIds, Column(templateExcel.GetProperty("rows"), 0, "value"));
    }

    [ValidatorFact(Validator.Node)]
    public async Task The_calendar_feed_parses_in_ical_js_with_all_day_events()
    {
        var w = await app.ContractWorldAsync();
        var today = app.Today();
        await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.OneOff, today.AddDays(10), title: "Pen test; report, \"annual\" – Zoë's 日本 team");
        var client = await app.SignedInAsync(w.Manager);
        var url = $"{w.Base}/obligations/calendar";
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(url, new Dictionary<string, string>(), "main form[action$='handler=Create']")).StatusCode);
        var feed = (await client.GetDocumentAsync(url)).QuerySelector("[data-testid=feed-url]")!.GetAttribute("value")!;
        var file = Path.Combine(_folder, "feed.ics");
        await File.WriteAllBytesAsync(file, await app.CreateBrowserClient().GetByteArrayAsync(new Uri(feed).PathAndQuery));

        var calendar = await Validators.NodeAsync("ical", file);

        Assert.False(calendar.TryGetProperty("error", out var error), $"ical.js cannot read the feed: {error}");
        Assert.Equal("2.0", calendar.GetProperty("version").GetString());
        var events = calendar.GetProperty("events").EnumerateArray().ToList();
        var pen = Assert.Single(events, e => e.GetProperty("summary").GetString()!.Contains("Pen test; report, \"annual\" – Zoë's 日本 team", StringComparison.Ordinal));
        Assert.True(pen.GetProperty("startIsDate").GetBoolean());
        Assert.Equal(today.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), pen.GetProperty("start").GetString());
        Assert.StartsWith(VendorRiskApp.PublicBaseUrl + "/t/", pen.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("uid").GetString())));
    }

    [ValidatorFact(Validator.Node)]
    public async Task Pickup_mails_pass_the_rfc_5322_byte_checks_and_mailparser_reads_them_as_written()
    {
        const string subject = "Erinnerung: Zoë's Prüfung – 日本語 due";
        var paragraph = "Ünïcödé text with a long line " + string.Concat(Enumerable.Repeat("and more words ", 80)) + "– the end.";
        var ids = await app.InScopeAsync(async sp =>
        {
            var outbox = sp.GetRequiredService<EmailOutbox>();
            var messages = new[]
            {
                outbox.Enqueue(EmailTemplates.Layout(subject, "Prüfung", [paragraph], ("Open it", VendorRiskApp.PublicBaseUrl + "/t/x?a=1&b=2")),
                    $"rcpt-{Guid.NewGuid():N}@example.test", "Zoë Müller", "test"),
                outbox.Enqueue(EmailTemplates.PasswordReset(VendorRiskApp.PublicBaseUrl + "/account/reset?code=abc"), $"rcpt-{Guid.NewGuid():N}@example.test", null, "test"),
            };
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
            return messages.Select(m => m.MessageId).ToList();
        });
        await app.InScopeAsync(sp => sp.GetRequiredService<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None));
        var files = ids.Select(id => Directory.GetFiles(app.MailFolder, "*.eml").Single(f => File.ReadAllText(f).Contains($"<{id}>", StringComparison.Ordinal))).ToArray();

        var results = (await Validators.NodeAsync("eml", files)).EnumerateArray().ToList();

        Assert.All(results, r => Assert.Empty(r.GetProperty("problems").EnumerateArray()));
        var parsed = results.Select(r => r.GetProperty("parsed")).ToList();
        Assert.All(parsed, p => Assert.False(p.TryGetProperty("error", out _), p.ToString()));
        Assert.Equal(subject, parsed[0].GetProperty("subject").GetString());
        Assert.Contains("Zoë Müller", parsed[0].GetProperty("to").GetString(), StringComparison.Ordinal);
        Assert.Contains(paragraph, parsed[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains(VendorRiskApp.PublicBaseUrl + "/t/x?a=1&amp;b=2", parsed[0].GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.All(parsed, p =>
        {
            Assert.Equal("auto-generated", p.GetProperty("headers").GetProperty("auto-submitted").GetString());
            Assert.All(p.GetProperty("partTransferEncodings").EnumerateArray(), e => Assert.Contains(e.GetString(), TransferEncodings));
        });
    }

    [ValidatorFact(Validator.Node)]
    public async Task The_openapi_document_lints_without_errors_and_a_generated_typescript_client_compiles()
    {
        var response = await app.ApiClient(null).GetAsync("/api/v1/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = Path.Combine(_folder, "openapi.json");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());

        var result = await Validators.NodeAsync("openapi", file, Path.Combine(_folder, "client"));

        var redocly = result.GetProperty("redocly");
        var errors = redocly.GetProperty("problems").EnumerateArray().Where(p => p.GetProperty("severity").GetString() == "error").Select(p => p.ToString()).ToList();
        Assert.True(errors.Count == 0, "redocly lint errors:\n" + string.Join("\n", errors));
        Assert.True(result.GetProperty("generate").GetProperty("exitCode").GetInt32() == 0, result.GetProperty("generate").GetProperty("output").GetString());
        Assert.True(result.GetProperty("tsc").GetProperty("exitCode").GetInt32() == 0, "tsc: " + result.GetProperty("tsc").GetProperty("output").GetString());
    }

    [ValidatorFact(Validator.Qpdf)]
    public async Task Qpdf_finds_the_assessment_report_sound()
    {
        var decided = await ReportTestKit.DecidedAsync(app, "Qpdf Vendor");
        var client = await app.SignedInAsync(decided.Scene.Requester);
        var file = Path.Combine(_folder, "report.pdf");
        await File.WriteAllBytesAsync(file, await client.GetByteArrayAsync($"/t/{decided.Scene.Tenant.Slug}/reports/assessment/{decided.AssessmentId}"));

        var (exit, output) = await Validators.QpdfCheckAsync(file);

        // 0: sound; 3: sound with warnings. The one warning PDFsharp's compressed streams cause is known and harmless (ADR-031).
        Assert.True(exit is 0 or 3, $"qpdf --check exited {exit}:\n{output}");
        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines.Where(l => l.StartsWith("WARNING", StringComparison.Ordinal)),
            l => Assert.EndsWith(KnownQpdfWarning, l, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("ERROR", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("PDF Version: 1.7", lines);
    }
}
