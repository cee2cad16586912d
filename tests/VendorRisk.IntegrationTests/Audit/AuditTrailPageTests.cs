using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Exports;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Web.Pages.Audit;

namespace VendorRisk.IntegrationTests.Audit;

public sealed class AuditTrailPageTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task A_tenant_admin_sees_only_the_own_tenants_trail_and_that_it_is_intact()
    {
        var a = await app.CreateTenantAsync();
        var b = await app.CreateTenantAsync();
        await RecordAsync(a, "Membership", "only-in-a");
        await RecordAsync(b, "Membership", "only-in-b");
        var client = await SignedInAsync(a, TenantRoles.TenantAdmin);

        var page = await client.GetDocumentAsync($"/t/{a.Slug}/audit");

        var text = page.QuerySelector("main")!.TextContent;
        Assert.Contains("only-in-a", text, StringComparison.Ordinal);
        Assert.DoesNotContain("only-in-b", text, StringComparison.Ordinal);
        var status = page.QuerySelector("[data-testid=chain-status]")!;
        Assert.Contains("alert-success", status.ClassName, StringComparison.Ordinal);
        Assert.Contains("intact", status.TextContent, StringComparison.Ordinal);
        var count = await app.InDbAsync(db => db.AuditEvents.CountAsync(), a.Id);
        Assert.Contains($"All {count} events", status.TextContent, StringComparison.Ordinal);
        Assert.Equal(count, page.QuerySelectorAll("tbody tr").Length);
    }

    [Fact]
    public async Task An_auditor_may_read_the_trail_but_a_reviewer_may_not()
    {
        var tenant = await app.CreateTenantAsync();
        var auditor = await SignedInAsync(tenant, TenantRoles.Auditor);
        var reviewer = await SignedInAsync(tenant, TenantRoles.Reviewer);

        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/t/{tenant.Slug}/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"/t/{tenant.Slug}/audit?handler=csv")).StatusCode);
        foreach (var url in new[] { $"/t/{tenant.Slug}/audit", $"/t/{tenant.Slug}/audit?handler=csv" })
        {
            var refused = await reviewer.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.StartsWith("/errors/403", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_tampered_trail_shows_the_first_bad_sequence()
    {
        var tenant = await app.CreateTenantAsync();
        for (var i = 0; i < 3; i++) await RecordAsync(tenant, "Membership", $"row-{i}");
        var client = await SignedInAsync(tenant, TenantRoles.TenantAdmin);
        var rowId = await app.InDbAsync(db => db.AuditEvents.Where(e => e.Sequence == 2).Select(e => e.Id).SingleAsync(), tenant.Id);
        await app.InDbAsync(db => db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEvents" SET "EntityId" = 'forged' WHERE "Id" = {0}""", rowId));

        var page = await client.GetDocumentAsync($"/t/{tenant.Slug}/audit");

        var status = page.QuerySelector("[data-testid=chain-status]")!;
        Assert.Contains("alert-danger", status.ClassName, StringComparison.Ordinal);
        Assert.Equal("2", status.GetAttribute("data-first-bad-sequence"));
        Assert.Contains("event 2", status.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_by_action_actor_entity_type_and_time_range_narrow_the_list()
    {
        var tenant = await app.CreateTenantAsync();
        var start = app.Clock.GetUtcNow();
        await RecordAsync(tenant, "Vendor", "v-1", action: AuditActions.InvitationSent, actor: "Alice Admin");
        app.Clock.Advance(TimeSpan.FromDays(3));
        await RecordAsync(tenant, "Membership", "m-1", action: AuditActions.RolesChanged, actor: "Bob 100%_Builder");
        var client = await SignedInAsync(tenant, TenantRoles.TenantAdmin);
        var url = $"/t/{tenant.Slug}/audit";

        Assert.Equal(["v-1"], await EntityIdsAsync(client, $"{url}?action={AuditActions.InvitationSent}"));
        Assert.Equal(["m-1"], await EntityIdsAsync(client, $"{url}?entityType=Membership"));
        Assert.Equal(["v-1"], await EntityIdsAsync(client, $"{url}?actor=alice"));
        Assert.Equal(["m-1"], await EntityIdsAsync(client, $"{url}?actor={Uri.EscapeDataString("100%_b")}"));
        Assert.Empty(await EntityIdsAsync(client, $"{url}?actor={Uri.EscapeDataString("%")}&entityType=Vendor"));
        var day = start.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(["v-1"], await EntityIdsAsync(client, $"{url}?entityType=Vendor&from={day}&to={day}"));
        Assert.Empty(await EntityIdsAsync(client, $"{url}?entityType=Membership&from={day}&to={day}"));
    }

    [Fact]
    public async Task An_end_date_before_the_start_date_is_a_field_error_not_a_failure()
    {
        var tenant = await app.CreateTenantAsync();
        var client = await SignedInAsync(tenant, TenantRoles.TenantAdmin);

        var response = await client.GetAsync($"/t/{tenant.Slug}/audit?from=2026-05-10&to=2026-05-01");
        var bad = await client.GetAsync($"/t/{tenant.Slug}/audit?from=not-a-date");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("The end date must be on or after the start date.", (await Forms.ParseAsync(response)).FieldError("To"));
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.NotNull((await Forms.ParseAsync(bad)).FieldError("From"));
    }

    [Fact]
    public async Task The_trail_is_paged_by_fifty_newest_first()
    {
        var tenant = await app.CreateTenantAsync();
        await app.InScopeAsync(async sp =>
        {
            var audit = sp.GetRequiredService<AuditLog>();
            for (var i = 1; i <= 55; i++) audit.Record(AuditActions.RolesChanged, "Membership", $"p-{i}");
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        }, tenant.Id);
        var client = await SignedInAsync(tenant, TenantRoles.TenantAdmin);

        var first = await client.GetDocumentAsync($"/t/{tenant.Slug}/audit");
        var second = await client.GetDocumentAsync($"/t/{tenant.Slug}/audit?pageNumber=2");

        var firstSequences = first.QuerySelectorAll("tbody tr").Select(r => long.Parse(r.GetAttribute("data-sequence")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var secondSequences = second.QuerySelectorAll("tbody tr").Select(r => long.Parse(r.GetAttribute("data-sequence")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(IndexModel.PageSize, firstSequences.Count);
        Assert.Equal(firstSequences.OrderDescending(), firstSequences);
        Assert.Equal(55, firstSequences[0]);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (long)i).Reverse(), secondSequences);
        Assert.NotNull(first.QuerySelector("nav[aria-label='Audit trail pages']"));
    }

    [Fact]
    public async Task The_csv_export_neutralises_values_that_look_like_formulas()
    {
        var tenant = await app.CreateTenantAsync();
        await RecordAsync(tenant, "Vendor", "-2+3", actor: "=HYPERLINK(\"http://evil.example\",\"x\")");
        var client = await SignedInAsync(tenant, TenantRoles.TenantAdmin);

        var response = await client.GetAsync($"/t/{tenant.Slug}/audit?handler=csv&entityType=Vendor");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition!.DispositionType, StringComparison.Ordinal);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("Sequence,Time (UTC),Actor", lines[0], StringComparison.Ordinal);
        var row = Assert.Single(lines.Skip(1));
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",", row, StringComparison.Ordinal);
        Assert.Contains(",'-2+3,", row, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", row, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("plain", "plain")]
    [InlineData(null, "")]
    public void Csv_cells_are_quoted_and_formula_prefixes_neutralised(string? value, string expected)
    {
        Assert.Equal(expected, SpreadsheetSafe.CsvCell(value));
        Assert.Equal(expected, CsvFormat.Cell(value));
    }

    [Theory]
    [InlineData("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [InlineData("@x", "'@x")]
    [InlineData("1-2", "1-2")]
    [InlineData("", "")]
    public void Spreadsheet_text_is_prefixed_only_when_it_starts_like_a_formula(string value, string expected) =>
        Assert.Equal(expected, SpreadsheetSafe.Text(value));

    [Fact]
    public async Task The_entity_id_filter_narrows_the_list_and_the_csv_export_to_one_entity()
    {
        var tenant = await app.CreateTenantAsync();
        await RecordAsync(tenant, "Vendor", "v-target", actor: "+SUM(A1:A9)");
        await RecordAsync(tenant, "Vendor", "v-target", action: AuditActions.InvitationSent, actor: "@attacker");
        await RecordAsync(tenant, "Vendor", "v-other", actor: "Plain Person");
        var client = await SignedInAsync(tenant, TenantRoles.Auditor);
        var url = $"/t/{tenant.Slug}/audit";

        Assert.Equal(["v-target", "v-target"], await EntityIdsAsync(client, $"{url}?entityId=v-target"));
        Assert.Equal(["v-target"], await EntityIdsAsync(client, $"{url}?entityId=v-target&action={AuditActions.InvitationSent}"));
        Assert.Empty(await EntityIdsAsync(client, $"{url}?entityId=v-targ"));
        var page = await client.GetDocumentAsync($"{url}?entityId=v-target");
        Assert.Equal("v-target", (page.QuerySelector("input[name=EntityId]") as AngleSharp.Html.Dom.IHtmlInputElement)!.Value);
        Assert.Contains("entityId=v-target", page.QuerySelector("a[href*='handler=Csv'], a[href*='handler=csv']")!.GetAttribute("href"), StringComparison.Ordinal);

        var csv = await client.GetAsync($"{url}?handler=csv&entityId=v-target");
        var lines = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines.Skip(1), l => Assert.Contains(",v-target,", l, StringComparison.Ordinal));
        Assert.Contains(",'+SUM(A1:A9),", lines[1], StringComparison.Ordinal);
        Assert.Contains(",'@attacker,", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("Plain Person", string.Join("\n", lines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_chain_verification_result_is_the_first_thing_on_the_page()
    {
        var tenant = await app.CreateTenantAsync();
        await RecordAsync(tenant, "Vendor", "v-1");
        var client = await SignedInAsync(tenant, TenantRoles.TenantAdmin);

        var page = await client.GetDocumentAsync($"/t/{tenant.Slug}/audit");

        var main = page.QuerySelector("main")!;
        var status = main.QuerySelector("[data-testid=chain-status]")!;
        Assert.Same(status, main.QuerySelector("h1")!.NextElementSibling);
    }

    private async Task<HttpClient> SignedInAsync(Tenant tenant, TenantRoles roles)
    {
        var user = await app.CreateMemberAsync(tenant, roles);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(user.Email!);
        return client;
    }

    private Task RecordAsync(Tenant tenant, string entityType, string entityId, string action = AuditActions.RolesChanged, string? actor = null) =>
        app.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<AuditLog>().Record(action, entityType, entityId, new { note = "test" }, actorName: actor);
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        }, tenant.Id);

    private static async Task<List<string>> EntityIdsAsync(HttpClient client, string url)
    {
        var page = await client.GetDocumentAsync(url);
        return page.QuerySelectorAll("tbody tr td:nth-child(6)")
            .Select(td => td.TextContent.Trim().Split(' ').Last()).ToList();
    }
}
