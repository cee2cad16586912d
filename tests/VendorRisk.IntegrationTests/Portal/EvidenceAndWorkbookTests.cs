using System.IO.Compression;
using System.Net;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Portal.PortalTestKit;

namespace VendorRisk.IntegrationTests.Portal;

public sealed class EvidenceAndWorkbookTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"u8.ToArray();

    public static TheoryData<string, string, string> Refusals => new()
    {
        { "exe", "report.pdf", "An executable renamed .pdf is not a PDF." },
        { "empty", "empty.pdf", "The file is empty." },
        { "disallowed", "tool.exe", "Only PDF, Word, Excel, CSV, text, PNG and JPEG files are accepted." },
        { "fake-docx", "contract.docx", "This file renamed .docx is not a Word document." },
        { "binary-csv", "data.csv", "This file renamed .csv is not a UTF-8 text file." },
    };

    private static byte[] ContentFor(string kind) => kind switch
    {
        "exe" => [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04],
        "empty" => [],
        "disallowed" => [0x4D, 0x5A, 0x90, 0x00],
        "fake-docx" => Zip(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<workbook/>")),
        _ => [0x61, 0x2C, 0x62, 0x00, 0x0A],
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_upload_gets_a_clear_message_and_stores_nothing(string kind, string fileName, string message)
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);
        var token = Token(await client.GetDocumentAsync(world.UrlA));
        var before = await app.CountAllAsync<EvidenceFile>();

        var response = await UploadAsync(client, token, world.UrlA, "policy", fileName, ContentFor(kind));

        AssertStatus(HttpStatusCode.BadRequest, response, "refused upload");
        var page = await Forms.ParseAsync(response);
        Assert.Equal(message, page.QuerySelector("#err-policy")!.TextContent.Trim());
        Assert.Equal(before, await app.CountAllAsync<EvidenceFile>());
        Assert.Empty(await AnswersAsync(app, world.AssessmentA));
        Assert.Empty(Directory.Exists(EvidenceFolder) ? Directory.GetFiles(EvidenceFolder).Where(f => !Known.Contains(f)) : []);
    }

    private string EvidenceFolder => Path.Combine(app.DataFolder, "evidence");

    private static readonly HashSet<string> Known = [];

    [Fact]
    public async Task A_pdf_is_stored_under_a_random_key_linked_to_the_answer_and_downloadable_as_an_attachment()
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);
        var token = Token(await client.GetDocumentAsync(world.UrlA));

        var response = await UploadAsync(client, token, world.UrlA, "policy", "../..\\Security policy: 2026.pdf", Pdf);

        AssertStatus(HttpStatusCode.Redirect, response, "upload");
        var file = await app.InDbAsync(db => db.EvidenceFiles.IgnoreQueryFilters().SingleAsync(f => f.AssessmentId == world.AssessmentA));
        Known.Add(Path.Combine(EvidenceFolder, file.StorageKey));
        Assert.Equal("Security policy_ 2026.pdf", file.FileName);
        Assert.DoesNotContain("policy", file.StorageKey, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Pdf)), file.Sha256);
        Assert.Equal("application/pdf", file.ContentType);
        Assert.True(File.Exists(Path.Combine(EvidenceFolder, file.StorageKey)));
        var answer = Assert.Single(await AnswersAsync(app, world.AssessmentA));
        Assert.Contains(file.Id.ToString(), answer.ValueJson!, StringComparison.Ordinal);
        Assert.Equal(AssessmentStatus.InProgress, (await AssessmentAsync(app, world.AssessmentA)).Status);

        var page = await client.GetDocumentAsync(world.UrlA);
        Assert.Equal($"/t/{world.Tenant.Slug}/portal/evidence/{file.Id}", page.QuerySelector("#item-policy [data-testid=evidence-files] a")!.GetAttribute("href"));

        var download = await client.GetAsync($"/t/{world.Tenant.Slug}/portal/evidence/{file.Id}");
        AssertStatus(HttpStatusCode.OK, download, "download");
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        var disposition = download.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal("Security policy_ 2026.pdf", disposition.FileNameStar);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        var downloaded = await app.InDbAsync(db => db.AuditEvents.IgnoreQueryFilters().SingleAsync(e => e.Action == "assessment.evidence-downloaded" && e.EntityId == file.Id.ToString()));
        Assert.Equal(world.ContactA.Id, downloaded.ActorUserId);

        // Another vendor's contact of the same organisation cannot fetch it.
        var other = await SignedInAsync(app, world.ContactB);
        AssertStatus(HttpStatusCode.NotFound, await other.GetAsync($"/t/{world.Tenant.Slug}/portal/evidence/{file.Id}"), "download by another vendor");
    }

    [Fact]
    public async Task Evidence_for_a_non_file_question_is_accepted_where_the_question_asks_for_it()
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);
        var token = Token(await client.GetDocumentAsync(world.UrlA));
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0 };

        AssertStatus(HttpStatusCode.Redirect, await UploadAsync(client, token, world.UrlA, "staff", "org-chart.png", png), "evidence upload");
        AssertStatus(HttpStatusCode.NotFound, await UploadAsync(client, token, world.UrlA, "uses_ai", "x.png", png), "upload where no evidence is asked");

        var file = await app.InDbAsync(db => db.EvidenceFiles.IgnoreQueryFilters().SingleAsync(f => f.AssessmentId == world.AssessmentA));
        Known.Add(Path.Combine(EvidenceFolder, file.StorageKey));
        Assert.Equal("staff", file.ItemId);
    }

    [Fact]
    public async Task The_workbook_round_trip_saves_valid_rows_and_reports_invalid_and_conflicting_ones()
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);
        var token = Token(await client.GetDocumentAsync(world.UrlA));
        await AutosaveAsync(client, token, world.UrlA, "uses_ai", 0, "true");
        await AutosaveAsync(client, token, world.UrlA, "contact_email", 0, "old@vendor.test");

        var download = await client.GetAsync(world.UrlA + "?handler=Workbook");
        AssertStatus(HttpStatusCode.OK, download, "workbook download");
        var bytes = await download.Content.ReadAsByteArrayAsync();
        var rows = ReadRows(bytes);
        Assert.Equal(["id", "section", "question", "type", "allowed values", "answer", "version"], rows[0]);
        var ids = rows.Skip(1).Select(r => r[0]).ToList();
        Assert.Equal(["uses_ai", "ai_kind", "ai_notes", "staff", "contact_email"], ids);
        Assert.Equal("yes", rows.Single(r => r[0] == "uses_ai")[5]);

        // Meanwhile the e-mail is changed online.
        var emailVersion = (await AnswersAsync(app, world.AssessmentA)).Single(a => a.ItemId == "contact_email").Version;
        AssertStatus(HttpStatusCode.OK, await AutosaveAsync(client, token, world.UrlA, "contact_email", emailVersion, "online@vendor.test"), "online change");

        var filled = Fill(bytes, new Dictionary<string, string>
        {
            ["ai_kind"] = "llm",
            ["ai_notes"] = "GPT-style model, v4",
            ["staff"] = "lots",
            ["contact_email"] = "offline@vendor.test",
        });
        var response = await UploadAsync(client, token, world.UrlA, "", "answers.xlsx", filled, "Workbook", "workbook");

        AssertStatus(HttpStatusCode.OK, response, "workbook upload");
        var report = (await Forms.ParseAsync(response)).QuerySelectorAll("[data-testid=workbook-report] tbody tr")
            .ToDictionary(r => r.Children[1].TextContent, r => (Row: r.Children[0].TextContent, Outcome: r.GetAttribute("data-outcome"), Message: r.Children[2].TextContent));
        Assert.Equal("Saved", report["ai_kind"].Outcome);
        Assert.Equal("Saved", report["ai_notes"].Outcome);
        Assert.Equal("Invalid", report["staff"].Outcome);
        Assert.Equal("5", report["staff"].Row);
        Assert.Contains("Enter a number", report["staff"].Message, StringComparison.Ordinal);
        Assert.Equal("Conflict", report["contact_email"].Outcome);
        Assert.Equal("Unchanged", report["uses_ai"].Outcome);
        var answers = await AnswersAsync(app, world.AssessmentA);
        Assert.Equal("""{"kind":"text","value":"llm"}""", answers.Single(a => a.ItemId == "ai_kind").ValueJson);
        Assert.Equal("""{"kind":"text","value":"GPT-style model, v4"}""", answers.Single(a => a.ItemId == "ai_notes").ValueJson);
        Assert.DoesNotContain(answers, a => a.ItemId == "staff");
        Assert.Equal("""{"kind":"text","value":"online@vendor.test"}""", answers.Single(a => a.ItemId == "contact_email").ValueJson);
    }

    [Fact]
    public async Task A_workbook_with_an_unknown_choice_reports_the_row_and_saves_nothing_from_it()
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);
        var token = Token(await client.GetDocumentAsync(world.UrlA));
        await AutosaveAsync(client, token, world.UrlA, "uses_ai", 0, "true");
        var bytes = await (await client.GetAsync(world.UrlA + "?handler=Workbook")).Content.ReadAsByteArrayAsync();

        var response = await UploadAsync(client, token, world.UrlA, "", "answers.xlsx", Fill(bytes, new Dictionary<string, string> { ["ai_kind"] = "quantum" }), "Workbook", "workbook");

        var row = (await Forms.ParseAsync(response)).QuerySelector("[data-testid=workbook-report] tbody tr[data-outcome=Invalid]")!;
        Assert.Equal("ai_kind", row.Children[1].TextContent);
        Assert.DoesNotContain(await AnswersAsync(app, world.AssessmentA), a => a.ItemId == "ai_kind");
    }

    private static List<string[]> ReadRows(byte[] bytes)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet!;
        return sheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.InnerText).ToArray()).ToList();
    }

    private static byte[] Fill(byte[] bytes, Dictionary<string, string> answers)
    {
        using var stream = new MemoryStream();
        stream.Write(bytes);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet!;
            foreach (var row in sheet.Descendants<Row>().Skip(1))
            {
                var cells = row.Elements<Cell>().ToList();
                if (!answers.TryGetValue(cells[0].InnerText, out var value)) continue;
                var answer = cells[5];
                answer.DataType = CellValues.InlineString;
                answer.RemoveAllChildren();
                answer.Append(new InlineString(new Text(value)));
            }
            sheet.Save();
        }
        return stream.ToArray();
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                writer.Write(content);
            }
        }
        return stream.ToArray();
    }
}

/// <summary>The same app with a tiny evidence limit, to prove the limit is configurable and enforced.</summary>
public sealed class SmallEvidenceLimitApp : VendorRiskApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Storage:MaxEvidenceBytes"] = "1024" };
}

public sealed class EvidenceSizeLimitTests(SmallEvidenceLimitApp app) : IClassFixture<SmallEvidenceLimitApp>
{
    [Fact]
    public async Task A_file_over_the_configured_limit_is_refused_with_the_limit_in_the_message()
    {
        var world = await CreateWorldAsync(app);
        var client = await SignedInAsync(app, world.ContactA);
        var page = await client.GetDocumentAsync(world.UrlA);
        Assert.Contains("at most 1 KB", page.QuerySelector("label[for='file-policy']")!.TextContent, StringComparison.Ordinal);
        var big = new byte[2048];
        "%PDF-1.7\n"u8.CopyTo(big);

        var response = await UploadAsync(client, Token(page), world.UrlA, "policy", "big.pdf", big);

        AssertStatus(HttpStatusCode.BadRequest, response, "oversized upload");
        Assert.Equal("The file is larger than 1 KB.", (await Forms.ParseAsync(response)).QuerySelector("#err-policy")!.TextContent.Trim());
        Assert.Equal(0, await app.CountAllAsync<EvidenceFile>());
    }
}
