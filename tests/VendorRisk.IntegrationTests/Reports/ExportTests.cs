using System.Net;
using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Reports;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Exports;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Application.Exports;

namespace VendorRisk.IntegrationTests.Reports;

/// <summary>The app with a direct-download limit of 3 source rows, so a handful of vendors already makes a background export.</summary>
public sealed class SmallExportLimitApp : VendorRiskApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Exports:DirectRowLimit"] = "3" };
}

public sealed class ExportTests(SmallExportLimitApp app) : IClassFixture<SmallExportLimitApp>
{
    private const string Justification = "-2+3 points: the vendor hosts models for us";
    private static readonly string[] FormulaNames = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+SUM(1,2)", "@cmd|' /C calc'!A0"];

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = app.CreateBrowserClient();
        await client.SignInAsync(email);
        return client;
    }

    private async Task<(Tenant Tenant, AppUser Manager)> TenantWithVendorsAsync(params string[] names)
    {
        var tenant = await app.CreateTenantAsync();
        var manager = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        await app.InDbAsync(async db =>
        {
            foreach (var name in names)
            {
                var vendor = Vendor.Create(name, null, null, null, app.Clock.GetUtcNow());
                vendor.SetComputedTier(Domain.Questionnaires.RiskTier.Low, app.Clock.GetUtcNow());
                if (name.StartsWith('+')) vendor.OverrideTier(Domain.Questionnaires.RiskTier.High, Justification, app.Clock.GetUtcNow());
                db.Vendors.Add(vendor);
            }
            return await db.SaveChangesAsync();
        }, tenant.Id);
        return (tenant, manager);
    }

    private static Task<HttpResponseMessage> ExportAsync(HttpClient client, Tenant tenant, string kind, string format) =>
        client.SubmitAsync($"/t/{tenant.Slug}/exports", new Dictionary<string, string> { ["Input.Kind"] = kind, ["Input.Format"] = format });

    /// <summary>RFC 4180 fields of a CSV document.</summary>
    internal static List<List<string>> ParseCsv(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; i++; }
            else field.Append(c);
        }
        if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(row); }
        return rows;
    }

    /// <summary>The sheet's cells as text, each at its column (a cell left out is ""); strings as stored, numbers and dates as their value.</summary>
    internal static List<List<string>> ReadXlsx(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        using var document = SpreadsheetDocument.Open(stream, false);
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet;
        Assert.Empty(sheet.Descendants<CellFormula>());
        var rows = sheet.Descendants<Row>().Select(r => r.Elements<Cell>().ToDictionary(c => ColumnIndex(c.CellReference!.Value!),
            c => c.InlineString?.InnerText ?? c.CellValue?.Text ?? "")).ToList();
        var width = rows.Count == 0 ? 0 : rows.Max(r => r.Count == 0 ? 0 : r.Keys.Max() + 1);
        return rows.Select(r => Enumerable.Range(0, width).Select(i => r.GetValueOrDefault(i, "")).ToList()).ToList();
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetterUpper)) index = index * 26 + (c - 'A' + 1);
        return index - 1;
    }

    [Fact]
    public async Task A_csv_export_puts_an_apostrophe_before_every_cell_that_starts_like_a_formula()
    {
        var (tenant, manager) = await TenantWithVendorsAsync(FormulaNames);
        var client = await SignedInAsync(manager.Email!);

        var response = await ExportAsync(client, tenant, "Vendors", "Csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var rows = ParseCsv(Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal(ExportBuilder.VendorColumns, rows[0]);
        var names = rows.Skip(1).Select(r => r[0]).ToList();
        Assert.Equal(FormulaNames.Select(n => "'" + n).Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
        Assert.Contains(rows, r => r[5] == "'" + Justification);
        Assert.All(rows.SelectMany(r => r), cell => Assert.False(cell.Length > 0 && "=+-@\t\r".Contains(cell[0], StringComparison.Ordinal), cell));
        Assert.Equal(1, await app.InDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "export.downloaded"), tenant.Id));
    }

    [Fact]
    public async Task An_xlsx_export_stores_formula_like_text_as_it_is_in_string_cells_that_are_never_evaluated()
    {
        var (tenant, manager) = await TenantWithVendorsAsync(FormulaNames);
        var client = await SignedInAsync(manager.Email!);

        var response = await ExportAsync(client, tenant, "Vendors", "Xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        var rows = ReadXlsx(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(ExportBuilder.VendorColumns, rows[0]);
        Assert.Equal(FormulaNames.Order(StringComparer.Ordinal), rows.Skip(1).Select(r => r[0]).Order(StringComparer.Ordinal));
        Assert.Contains(rows, r => r.Contains(Justification));
        Assert.DoesNotContain(rows.SelectMany(r => r), cell => cell.StartsWith('\''));
        // Every part in SpreadsheetML's default namespace, as Excel writes it: exceljs cannot read prefixed ("x:") element names.
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            var xml = await reader.ReadToEndAsync();
            Assert.DoesNotContain("<x:", xml, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_large_export_runs_as_a_job_whose_page_shows_progress_and_then_offers_the_download()
    {
        var (tenant, manager) = await TenantWithVendorsAsync("Alpha AI", "Beta Models", "Gamma Labs", "Delta Vision", "=Epsilon");
        var client = await SignedInAsync(manager.Email!);

        var response = await ExportAsync(client, tenant, "Vendors", "Xlsx");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var jobUrl = response.Headers.Location!.OriginalString;
        Assert.Matches($"^/t/{tenant.Slug}/exports/job/[0-9a-f-]{{36}}$", jobUrl);
        var jobId = Guid.Parse(jobUrl[^36..]);
        var job = await app.InDbAsync(db => db.Set<ExportJob>().AsNoTracking().SingleAsync(j => j.Id == jobId), tenant.Id);
        Assert.Equal((ExportJobStatus.Queued, ExportKind.Vendors, ExportFormat.Xlsx, manager.Id), (job.Status, job.Kind, job.Format, job.RequestedByUserId));
        var enqueued = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi().EnqueuedJobs("default", 0, 50);
        Assert.Contains(enqueued, j => j.Value.Job?.Type == typeof(ExportJobRunner) && j.Value.Job.Args.Contains(jobId));

        var waiting = await client.GetDocumentAsync(jobUrl);
        Assert.Equal("0", waiting.QuerySelector("progress#export-progress")?.GetAttribute("value"));
        Assert.Contains("Waiting to start", waiting.QuerySelector("[data-testid=export-state]")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(waiting.QuerySelector("script[src^='/js/export-progress.js']"));
        Assert.NotNull(waiting.QuerySelector($"a[href='{jobUrl}']"));
        Assert.Equal("{\"status\":\"Queued\",\"progress\":0,\"finished\":false}", await client.GetStringAsync(jobUrl + "?handler=Status"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(jobUrl + "?handler=Download")).StatusCode);

        await app.InScopeAsync(sp => sp.GetRequiredService<ExportJobRunner>().RunAsync(tenant.Id, jobId, CancellationToken.None));

        var done = await app.InDbAsync(db => db.Set<ExportJob>().AsNoTracking().SingleAsync(j => j.Id == jobId), tenant.Id);
        Assert.Equal((ExportJobStatus.Succeeded, 100, 5), (done.Status, done.ProgressPercent, done.RowCount));
        Assert.Equal("{\"status\":\"Succeeded\",\"progress\":100,\"finished\":true}", await client.GetStringAsync(jobUrl + "?handler=Status"));
        var page = await client.GetDocumentAsync(jobUrl);
        Assert.Null(page.QuerySelector("script[src^='/js/export-progress.js']"));
        Assert.Contains("5 rows", page.QuerySelector("[data-testid=export-state]")!.TextContent, StringComparison.Ordinal);
        var download = await client.GetAsync(page.QuerySelector("a[data-testid=export-download]")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        var rows = ReadXlsx(await download.Content.ReadAsByteArrayAsync());
        Assert.Equal(6, rows.Count);
        Assert.Contains(rows, r => r[0] == "=Epsilon");

        // Running the job again (a Hangfire retry) changes nothing.
        await app.InScopeAsync(sp => sp.GetRequiredService<ExportJobRunner>().RunAsync(tenant.Id, jobId, CancellationToken.None));
        Assert.Equal(done.FinishedAt, (await app.InDbAsync(db => db.Set<ExportJob>().AsNoTracking().SingleAsync(j => j.Id == jobId), tenant.Id)).FinishedAt);
    }

    [Fact]
    public async Task Progress_is_reported_chunk_by_chunk_up_to_one_hundred_percent()
    {
        var tenant = await app.CreateTenantAsync();
        await app.InDbAsync(async db =>
        {
            for (var i = 0; i < 1100; i++) db.Vendors.Add(Vendor.Create($"Vendor {i:0000}", null, null, null, app.Clock.GetUtcNow()));
            return await db.SaveChangesAsync();
        }, tenant.Id);
        var seen = new List<int>();

        var rows = await app.InScopeAsync(async sp =>
        {
            await using var sink = new CsvExportSink(Stream.Null);
            return await sp.GetRequiredService<ExportBuilder>().WriteAsync(ExportKind.Vendors, sink, p => { seen.Add(p); return Task.CompletedTask; }, CancellationToken.None);
        }, tenant.Id);

        Assert.Equal(1100, rows);
        Assert.Equal([45, 90, 100], seen);
    }

    [Fact]
    public async Task Exports_of_another_tenant_another_member_and_a_vendor_contact_are_refused_and_an_auditor_may_export()
    {
        var (tenant, manager) = await TenantWithVendorsAsync("One", "Two", "Three", "Four");
        var client = await SignedInAsync(manager.Email!);
        var jobUrl = (await ExportAsync(client, tenant, "Vendors", "Csv")).Headers.Location!.OriginalString;
        var jobId = Guid.Parse(jobUrl[^36..]);
        await app.InScopeAsync(sp => sp.GetRequiredService<ExportJobRunner>().RunAsync(tenant.Id, jobId, CancellationToken.None));
        var jobsBefore = await app.CountAllAsync<ExportJob>();

        var other = await app.CreateTenantAsync();
        var outsider = await app.CreateMemberAsync(other, TenantRoles.TenantAdmin);
        var outsiderClient = await SignedInAsync(outsider.Email!);
        foreach (var suffix in new[] { "", "?handler=Status", "?handler=Download" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await outsiderClient.GetAsync($"/t/{other.Slug}/exports/job/{jobId}{suffix}")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await outsiderClient.GetAsync(jobUrl + suffix)).StatusCode);
        }
        // The outsider's own export lists only the outsider's tenant (no vendors there).
        var outsiderExport = await ExportAsync(outsiderClient, other, "Vendors", "Csv");
        Assert.Equal(HttpStatusCode.OK, outsiderExport.StatusCode);
        Assert.Single(ParseCsv(Encoding.UTF8.GetString((await outsiderExport.Content.ReadAsByteArrayAsync())[3..])));

        var colleague = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var colleagueClient = await SignedInAsync(colleague.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await colleagueClient.GetAsync(jobUrl + "?handler=Download")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await colleagueClient.GetAsync(jobUrl)).StatusCode);

        var vendorId = await app.InDbAsync(db => db.Vendors.Select(v => v.Id).FirstAsync(), tenant.Id);
        var contact = await app.CreateMemberAsync(tenant, TenantRoles.VendorContact, vendorId: vendorId);
        var contactClient = await SignedInAsync(contact.Email!);
        AssertRefused(await contactClient.GetAsync($"/t/{tenant.Slug}/exports"));
        AssertRefused(await contactClient.GetAsync(jobUrl + "?handler=Download"));
        var token = (await client.GetDocumentAsync($"/t/{tenant.Slug}/exports")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        AssertRefused(await contactClient.PostAsync($"/t/{tenant.Slug}/exports", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Kind"] = "Vendors", ["Input.Format"] = "Csv",
        })));
        Assert.Equal(jobsBefore, await app.CountAllAsync<ExportJob>());

        var anonymous = await app.CreateBrowserClient().GetAsync(jobUrl + "?handler=Download");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location!.AbsolutePath, StringComparison.Ordinal);

        // Auditors take data away: they may start an export, here a background one.
        var auditor = await app.CreateMemberAsync(tenant, TenantRoles.Auditor);
        var auditorClient = await SignedInAsync(auditor.Email!);
        var auditorExport = await ExportAsync(auditorClient, tenant, "Vendors", "Xlsx");
        Assert.Equal(HttpStatusCode.Redirect, auditorExport.StatusCode);
        Assert.Equal(jobsBefore + 1, await app.CountAllAsync<ExportJob>());
    }

    [Fact]
    public async Task The_findings_and_decisions_exports_list_the_engine_findings_and_the_committee_decision()
    {
        var decided = await ReportTestKit.DecidedAsync(app, "Export Vendor");
        var client = await SignedInAsync(decided.Scene.Requester.Email!);

        var findings = ParseCsv(Encoding.UTF8.GetString((await (await ExportAsync(client, decided.Scene.Tenant, "Findings", "Csv")).Content.ReadAsByteArrayAsync())[3..]));
        Assert.Equal(ExportBuilder.FindingColumns, findings[0]);
        var finding = Assert.Single(findings.Skip(1));
        Assert.Equal(("Export Vendor", "no_mfa", "High", ReportTestKit.FindingTitle, "iso27001:2022:A.8.5"),
            (finding[0], finding[6], finding[7], finding[8], finding[9]));

        var decisions = ReadXlsx(await (await ExportAsync(client, decided.Scene.Tenant, "Decisions", "Xlsx")).Content.ReadAsByteArrayAsync());
        Assert.Equal(ExportBuilder.DecisionColumns, decisions[0]);
        var decision = Assert.Single(decisions.Skip(1));
        Assert.Equal(("Export Vendor", "approved with conditions", "medium", "3"), (decision[0], decision[4], decision[6], decision[7]));
    }

    [Fact]
    public async Task An_export_without_a_kind_or_with_an_unknown_format_is_refused_in_the_page()
    {
        var (tenant, manager) = await TenantWithVendorsAsync("Solo");
        var client = await SignedInAsync(manager.Email!);

        var response = await client.SubmitAsync($"/t/{tenant.Slug}/exports", new Dictionary<string, string> { ["Input.Format"] = "Pdf" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Equal("Choose what to export.", page.FieldError("Input.Kind"));
        Assert.NotNull(page.FieldError("Input.Format"));
        Assert.Equal(0, await app.InDbAsync(db => db.Set<ExportJob>().CountAsync(), tenant.Id));
    }

    /// <summary>A vendor named like a formula with a contract: an overdue obligation titled like a formula, a met one and a future one.</summary>
    private async Task<(Tenant Tenant, AppUser Manager)> TenantWithObligationsAsync()
    {
        var (tenant, manager) = await TenantWithVendorsAsync("=Obligated Vendor");
        var vendorId = await app.InDbAsync(db => db.Vendors.Select(v => v.Id).SingleAsync(), tenant.Id);
        var today = Contracts.ContractsTestKit.Today(app);
        var contract = await Contracts.ContractsTestKit.SeedContractAsync(app, tenant.Id, vendorId, manager.Id);
        await Contracts.ContractsTestKit.SeedObligationAsync(app, tenant.Id, contract, manager.Id, Domain.Contracts.Recurrence.Yearly, today.AddDays(-2),
            title: "+Pen test =SUM(1)");
        var (_, met) = await Contracts.ContractsTestKit.SeedObligationAsync(app, tenant.Id, contract, manager.Id, Domain.Contracts.Recurrence.OneOff,
            today.AddDays(5), type: "dpa-review", title: "DPA review");
        await Contracts.ContractsTestKit.MeetAsync(app, tenant.Id, met.Id, manager.Id);
        return (tenant, manager);
    }

    [Fact]
    public async Task The_obligations_export_lists_each_due_date_with_its_status_and_overdue_flag_neutralised_in_csv_and_xlsx()
    {
        var (tenant, manager) = await TenantWithObligationsAsync();
        var client = await SignedInAsync(manager.Email!);
        var today = Contracts.ContractsTestKit.Today(app);

        var csv = await ExportAsync(client, tenant, "Obligations", "Csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.StartsWith("obligations-", csv.Content.Headers.ContentDisposition?.FileNameStar ?? csv.Content.Headers.ContentDisposition?.FileName?.Trim('"'),
            StringComparison.Ordinal);
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        var rows = ParseCsv(Encoding.UTF8.GetString(bytes[3..]));
        Assert.Equal(ExportBuilder.ObligationColumns, rows[0]);
        Assert.Equal(3, rows.Count);
        var overdue = rows[1];
        Assert.Equal(["'=Obligated Vendor", "Master services agreement", "MSA-1", "'+Pen test =SUM(1)", "Annual penetration test report", "12.3", "Yearly",
            today.AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "Open", "Yes", "", ""], overdue.Take(12));
        Assert.Equal(manager.DisplayName, overdue[12]);
        var met = rows[2];
        Assert.Equal(("DPA review", "Met", "No", "Received and filed."), (met[3], met[8], met[9], met[11]));
        Assert.All(rows.SelectMany(r => r), cell => Assert.False(cell.Length > 0 && "=+-@\t\r".Contains(cell[0], StringComparison.Ordinal), cell));

        var xlsx = ReadXlsx(await (await ExportAsync(client, tenant, "Obligations", "Xlsx")).Content.ReadAsByteArrayAsync());
        Assert.Equal(ExportBuilder.ObligationColumns, xlsx[0]);
        Assert.Equal(["=Obligated Vendor", "+Pen test =SUM(1)", "Open", "Yes"], new[] { xlsx[1][0], xlsx[1][3], xlsx[1][8], xlsx[1][9] });
        // The due date is a date (a serial day number with a date format), not text: it sorts and filters as a date.
        Assert.Equal(today.AddDays(-2).ToDateTime(TimeOnly.MinValue).ToOADate().ToString(System.Globalization.CultureInfo.InvariantCulture), xlsx[1][7]);
    }

    [Fact]
    public async Task A_large_obligations_export_runs_as_a_job_of_the_requesting_tenant_only()
    {
        var (tenant, manager) = await TenantWithObligationsAsync();
        var contractId = await app.InDbAsync(db => db.Set<Domain.Contracts.Contract>().Select(c => c.Id).SingleAsync(), tenant.Id);
        var contract = await app.InDbAsync(db => db.Set<Domain.Contracts.Contract>().SingleAsync(c => c.Id == contractId), tenant.Id);
        for (var i = 0; i < 2; i++)
            await Contracts.ContractsTestKit.SeedObligationAsync(app, tenant.Id, contract, manager.Id, Domain.Contracts.Recurrence.Yearly,
                Contracts.ContractsTestKit.Today(app).AddDays(40 + i), type: "right-to-audit", title: $"Audit {i}");
        var (other, _) = await TenantWithObligationsAsync();
        var client = await SignedInAsync(manager.Email!);

        var response = await ExportAsync(client, tenant, "Obligations", "Csv");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var jobUrl = response.Headers.Location!.OriginalString;
        var jobId = Guid.Parse(jobUrl[^36..]);
        await app.InScopeAsync(sp => sp.GetRequiredService<ExportJobRunner>().RunAsync(tenant.Id, jobId, CancellationToken.None));
        var done = await app.InDbAsync(db => db.Set<ExportJob>().AsNoTracking().SingleAsync(j => j.Id == jobId), tenant.Id);
        Assert.Equal((ExportJobStatus.Succeeded, 100, 4), (done.Status, done.ProgressPercent, done.RowCount));
        var page = await client.GetDocumentAsync(jobUrl);
        var download = await client.GetAsync(page.QuerySelector("a[data-testid=export-download]")!.GetAttribute("href"));
        var rows = ParseCsv(Encoding.UTF8.GetString((await download.Content.ReadAsByteArrayAsync())[3..]));
        Assert.Equal(5, rows.Count);
        Assert.Equal(["'+Pen test =SUM(1)", "DPA review", "Audit 0", "Audit 1"], rows.Skip(1).Select(r => r[3]));
        Assert.Equal(2, await app.InDbAsync(db => db.Set<Domain.Contracts.ObligationOccurrence>().CountAsync(), other.Id));
    }

    [Theory]
    [InlineData("Vendors")]
    [InlineData("Findings")]
    [InlineData("Decisions")]
    [InlineData("Obligations")]
    public async Task Every_export_kind_holds_only_the_exporting_tenants_rows_and_is_refused_to_a_vendor_contact(string kind)
    {
        var (tenant, manager) = await TenantWithObligationsAsync();
        var outsiderTenant = await app.CreateTenantAsync();
        var outsider = await app.CreateMemberAsync(outsiderTenant, TenantRoles.TenantAdmin);

        // An outsider's export of the same kind from an empty tenant: the header row and nothing of the other tenant.
        var outsiderExport = await ExportAsync(await SignedInAsync(outsider.Email!), outsiderTenant, kind, "Csv");
        Assert.Equal(HttpStatusCode.OK, outsiderExport.StatusCode);
        var text = Encoding.UTF8.GetString((await outsiderExport.Content.ReadAsByteArrayAsync())[3..]);
        Assert.Single(ParseCsv(text));
        Assert.DoesNotContain("Obligated Vendor", text, StringComparison.Ordinal);

        // The manager's own export of the same kind does name the tenant's vendor (the control case).
        var managerClient = await SignedInAsync(manager.Email!);
        var own = await ExportAsync(managerClient, tenant, kind, "Csv");
        if (kind is "Vendors" or "Obligations")
            Assert.Contains("Obligated Vendor", Encoding.UTF8.GetString(await own.Content.ReadAsByteArrayAsync()), StringComparison.Ordinal);

        var vendorId = await app.InDbAsync(db => db.Vendors.Select(v => v.Id).SingleAsync(), tenant.Id);
        var contact = await app.CreateMemberAsync(tenant, TenantRoles.VendorContact, vendorId: vendorId);
        var contactClient = await SignedInAsync(contact.Email!);
        var jobsBefore = await app.CountAllAsync<ExportJob>();
        var token = (await managerClient.GetDocumentAsync($"/t/{tenant.Slug}/exports")).QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        AssertRefused(await contactClient.PostAsync($"/t/{tenant.Slug}/exports", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.Kind"] = kind, ["Input.Format"] = "Csv",
        })));
        Assert.Equal(jobsBefore, await app.CountAllAsync<ExportJob>());
    }

    private static void AssertRefused(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden
            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.AbsolutePath == "/errors/403"),
            $"Expected a refusal, got {(int)response.StatusCode} {response.Headers.Location}");
}
