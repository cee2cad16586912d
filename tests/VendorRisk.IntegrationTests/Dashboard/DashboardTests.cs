using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.IntegrationTests.Assessments;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Dashboard.DashboardTestKit;

namespace VendorRisk.IntegrationTests.Dashboard;

public sealed class DashboardTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private sealed record Portfolio(Tenant Tenant, HttpClient Manager, HttpClient Reviewer, Dictionary<string, Vendor> Vendors,
        DateOnly FirstMonth, DateOnly SecondMonth, Guid OverdueFindingId);

    private static int Number(IHtmlDocument page, string testId) =>
        int.Parse(page.QuerySelector($"[data-testid='{testId}']")?.TextContent.Trim()
            ?? throw new InvalidOperationException($"No [data-testid={testId}] on the page."), CultureInfo.InvariantCulture);

    private async Task<HttpClient> SignedInAsync(Tenant tenant, TenantRoles roles, Guid? vendorId = null)
    {
        var user = await app.CreateMemberAsync(tenant, roles, vendorId: vendorId);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(user.Email!);
        return client;
    }

    /// <summary>
    /// Six vendors with known tiers, statuses, decisions and ratings; overdue and not-yet-overdue work; fourth parties. Part is
    /// decided now, then the clock moves 40 days on (into a later month) and Charlie is decided again.
    /// </summary>
    private async Task<Portfolio> PortfolioAsync(bool withOtherTenant = false)
    {
        var tenant = await app.CreateTenantAsync();
        var owner = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        var template = await TemplateAsync(app, tenant, owner.Id);
        var v = new Dictionary<string, Vendor>
        {
            ["Alpha"] = await VendorAsync(app, tenant, "Alpha Analytics", RiskTier.High, VendorStatus.Active, ["Example Labs"], ["CloudCo"]),
            ["Bravo"] = await VendorAsync(app, tenant, "Bravo Bots", RiskTier.High, VendorStatus.Onboarding, ["example labs"]),
            ["Charlie"] = await VendorAsync(app, tenant, "Charlie Cognition", RiskTier.Critical, VendorStatus.Active, ["Other Models"]),
            ["Delta"] = await VendorAsync(app, tenant, "Delta Data", RiskTier.Low, VendorStatus.Prospect),
            ["Echo"] = await VendorAsync(app, tenant, "Echo Engines", null, VendorStatus.Offboarded),
            ["Foxtrot"] = await VendorAsync(app, tenant, "Foxtrot Forecasts", null, VendorStatus.Prospect),
        };
        var firstMonth = TodayOf(app);

        var alpha = await DecidedAsync(app, tenant, template, v["Alpha"].Id, owner.Id, (4, 3));
        await DecidedAsync(app, tenant, template, v["Bravo"].Id, owner.Id, (4, 3), AssessmentDecision.ApprovedWithConditions, TodayOf(app).AddDays(100));
        await DecidedAsync(app, tenant, template, v["Charlie"].Id, owner.Id, (5, 5), AssessmentDecision.Rejected);
        await DecidedAsync(app, tenant, template, v["Delta"].Id, owner.Id, null);
        await DecidedAsync(app, tenant, template, v["Echo"].Id, owner.Id, (1, 1), AssessmentDecision.ApprovedWithConditions, TodayOf(app).AddDays(60));
        // Work that falls due in 10 days (overdue once the clock moves on), or later, or never counts.
        await OpenAssessmentAsync(app, tenant, template, v["Foxtrot"].Id, owner.Id, AssessmentStatus.Sent, 10);
        await OpenAssessmentAsync(app, tenant, template, v["Foxtrot"].Id, owner.Id, AssessmentStatus.Draft, 10);
        await OpenAssessmentAsync(app, tenant, template, v["Foxtrot"].Id, owner.Id, AssessmentStatus.Submitted, 10);
        await OpenAssessmentAsync(app, tenant, template, v["Delta"].Id, owner.Id, AssessmentStatus.InProgress, 100);
        await OpenAssessmentAsync(app, tenant, template, v["Foxtrot"].Id, owner.Id, AssessmentStatus.Cancelled, 10);
        var overdueFinding = await FindingAsync(app, tenant, alpha.Id, owner.Id, "Backups unencrypted", 10);
        await FindingAsync(app, tenant, alpha.Id, owner.Id, "Stale admin accounts", 10, close: true);
        await FindingAsync(app, tenant, alpha.Id, owner.Id, "No model card", 100);
        var contract = await Contracts.ContractsTestKit.SeedContractAsync(app, tenant.Id, v["Alpha"].Id, owner.Id);
        await Contracts.ContractsTestKit.SeedObligationAsync(app, tenant.Id, contract, owner.Id, Recurrence.OneOff, TodayOf(app).AddDays(5));
        var met = await Contracts.ContractsTestKit.SeedObligationAsync(app, tenant.Id, contract, owner.Id, Recurrence.OneOff, TodayOf(app).AddDays(6),
            title: "Insurance certificate");
        await Contracts.ContractsTestKit.MeetAsync(app, tenant.Id, met.First.Id, owner.Id);
        await Contracts.ContractsTestKit.SeedObligationAsync(app, tenant.Id, contract, owner.Id, Recurrence.OneOff, TodayOf(app).AddDays(100),
            title: "Model change notice");

        if (withOtherTenant) await OtherTenantAsync();

        app.Clock.Advance(TimeSpan.FromDays(40));
        var secondMonth = TodayOf(app);
        await DecidedAsync(app, tenant, template, v["Charlie"].Id, owner.Id, (2, 2));

        return new Portfolio(tenant, await SignedInAsync(tenant, TenantRoles.VendorManager), await SignedInAsync(tenant, TenantRoles.Reviewer),
            v, firstMonth, secondMonth, overdueFinding.Id);
    }

    /// <summary>Another organisation with one of everything (overdue once the clock moves on), none of which may count for the first.</summary>
    private async Task OtherTenantAsync()
    {
        var other = await app.CreateTenantAsync();
        var owner = await app.CreateMemberAsync(other, TenantRoles.VendorManager);
        var template = await TemplateAsync(app, other, owner.Id);
        var vendor = await VendorAsync(app, other, "Zulu Zero", RiskTier.High, VendorStatus.Active, ["Example Labs"], ["CloudCo"]);
        var decided = await DecidedAsync(app, other, template, vendor.Id, owner.Id, (4, 3), AssessmentDecision.ApprovedWithConditions, TodayOf(app).AddDays(100));
        await OpenAssessmentAsync(app, other, template, vendor.Id, owner.Id, AssessmentStatus.Sent, 1);
        await FindingAsync(app, other, decided.Id, owner.Id, "Foreign finding", 1);
        var contract = await Contracts.ContractsTestKit.SeedContractAsync(app, other.Id, vendor.Id, owner.Id);
        await Contracts.ContractsTestKit.SeedObligationAsync(app, other.Id, contract, owner.Id, Recurrence.OneOff, TodayOf(app).AddDays(1));
    }

    [Fact]
    public async Task Every_number_on_the_dashboard_matches_the_seeded_portfolio_and_another_tenants_data_never_counts()
    {
        var p = await PortfolioAsync(withOtherTenant: true);

        var page = await p.Manager.GetDocumentAsync($"/t/{p.Tenant.Slug}/dashboard");

        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Equal(6, Number(page, "vendor-count"));
        Assert.Equal((1, 2, 0, 1, 2), (Number(page, "tier-Critical"), Number(page, "tier-High"), Number(page, "tier-Medium"), Number(page, "tier-Low"),
            Number(page, "tier-none")));
        Assert.Equal((2, 1, 2, 1), (Number(page, "status-Prospect"), Number(page, "status-Onboarding"), Number(page, "status-Active"),
            Number(page, "status-Offboarded")));

        // Each vendor counts once, by its latest rated decision: Charlie moved from 5 x 5 to 2 x 2; Delta's decision has no rating;
        // the cancelled 5 x 5 rating never was a decision.
        var heat = new Dictionary<(int, int), int> { [(4, 3)] = 2, [(2, 2)] = 1, [(1, 1)] = 1 };
        for (var l = 1; l <= 5; l++)
            for (var i = 1; i <= 5; i++)
                Assert.True(heat.GetValueOrDefault((l, i)) == Number(page, $"heat-{l}-{i}"), $"Heat map cell {l} x {i}");
        Assert.Equal(4, Number(page, "rated-vendors"));
        Assert.Equal(3, page.QuerySelectorAll("a[data-testid^='heat-link-']").Length);

        Assert.Equal((1, 1, 1), (Number(page, "overdue-assessments"), Number(page, "overdue-obligations"), Number(page, "overdue-findings")));

        // Bravo's acceptance ends in 60 days; Echo's would too but it is offboarded; the others' reassessments are months away.
        Assert.Equal(1, Number(page, "expiring-count"));
        var expiring = Assert.Single(page.QuerySelectorAll("[data-testid=expiring-row]"));
        Assert.Contains("Bravo Bots", expiring.TextContent, StringComparison.Ordinal);
        Assert.Contains("Acceptance ends", expiring.TextContent, StringComparison.Ordinal);
        Assert.Contains(p.FirstMonth.AddDays(100).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), expiring.TextContent, StringComparison.Ordinal);

        // Rated decisions per month: four in the first month (Delta's has no rating), Charlie's second in the later one.
        string Key(DateOnly d) => d.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        Assert.Equal((1, 0, 2, 1, 4), (Number(page, $"trend-{Key(p.FirstMonth)}-low"), Number(page, $"trend-{Key(p.FirstMonth)}-medium"),
            Number(page, $"trend-{Key(p.FirstMonth)}-high"), Number(page, $"trend-{Key(p.FirstMonth)}-critical"), Number(page, $"trend-{Key(p.FirstMonth)}-total")));
        Assert.Equal((1, 1), (Number(page, $"trend-{Key(p.SecondMonth)}-low"), Number(page, $"trend-{Key(p.SecondMonth)}-total")));
        Assert.Equal(5, Number(page, "trend-total"));
        Assert.Equal(12, page.QuerySelectorAll("[data-testid$='-total'][data-testid^='trend-']:not([data-testid='trend-total'])").Length);

        // "Example Labs" and "example labs" are one provider behind two vendors.
        var providers = page.QuerySelectorAll("[data-testid=providers] [data-testid=party]")
            .Select(li => $"{li.QuerySelector("[data-testid=party-name]")!.TextContent}|{li.QuerySelector("[data-testid=party-count]")!.TextContent}");
        Assert.Equal(["Example Labs|2", "Other Models|1"], providers);
        var subprocessors = page.QuerySelectorAll("[data-testid=subprocessors] [data-testid=party]").Select(li => li.TextContent).ToList();
        Assert.Contains("CloudCo", Assert.Single(subprocessors), StringComparison.Ordinal);
        Assert.Contains("1 vendor", subprocessors[0], StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($"a[href='/t/{p.Tenant.Slug}/vendors/fourth-parties']"));
    }

    [Fact]
    public async Task A_heat_map_cell_links_to_exactly_the_vendors_in_that_cell_with_a_filter_chip_and_a_clear_link()
    {
        var p = await PortfolioAsync();
        var slug = p.Tenant.Slug;
        var dashboard = await p.Manager.GetDocumentAsync($"/t/{slug}/dashboard");
        var cell = dashboard.QuerySelector("a[data-testid='heat-link-4-3']")!;
        Assert.Contains("2 high risk vendors at likelihood 4, impact 3", cell.GetAttribute("aria-label"), StringComparison.Ordinal);
        Assert.Null(dashboard.QuerySelector("a[data-testid='heat-link-5-5']"));

        var list = await p.Manager.GetDocumentAsync(cell.GetAttribute("href")!);

        var names = list.QuerySelectorAll("table tbody tr td:first-child a").Select(a => a.TextContent).ToList();
        Assert.Equal(["Alpha Analytics", "Bravo Bots"], names);
        var chip = list.QuerySelector("[data-testid=filter-chip]")!;
        Assert.Contains("Filtered by residual risk 4 x 3 (high)", chip.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/t/{slug}/vendors", chip.QuerySelector("a")!.GetAttribute("href"));

        var charlie = await p.Manager.GetDocumentAsync($"/t/{slug}/vendors?likelihood=2&impact=2");
        Assert.Equal(["Charlie Cognition"], charlie.QuerySelectorAll("table tbody tr td:first-child a").Select(a => a.TextContent));
        Assert.Empty((await p.Manager.GetDocumentAsync($"/t/{slug}/vendors?likelihood=5&impact=5")).QuerySelectorAll("table tbody tr"));
        // Out-of-range values are ignored rather than failing.
        Assert.Equal(HttpStatusCode.OK, (await p.Manager.GetAsync($"/t/{slug}/vendors?likelihood=9&impact=0")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await p.Manager.GetAsync($"/t/{slug}/vendors?likelihood=abc")).StatusCode);
    }

    [Fact]
    public async Task The_count_links_lead_to_lists_holding_exactly_the_counted_rows()
    {
        var p = await PortfolioAsync();
        var slug = p.Tenant.Slug;

        var untiered = await p.Manager.GetDocumentAsync($"/t/{slug}/vendors?untiered=true");
        Assert.Equal(["Echo Engines", "Foxtrot Forecasts"], untiered.QuerySelectorAll("table tbody tr td:first-child a").Select(a => a.TextContent));
        var high = await p.Manager.GetDocumentAsync($"/t/{slug}/vendors?tier=High");
        Assert.Equal(["Alpha Analytics", "Bravo Bots"], high.QuerySelectorAll("table tbody tr td:first-child a").Select(a => a.TextContent));

        var overdue = await p.Manager.GetDocumentAsync($"/t/{slug}/assessments?overdue=true");
        var row = Assert.Single(overdue.QuerySelectorAll("[data-testid=assessments] tbody tr"));
        Assert.Contains("Foxtrot Forecasts", row.TextContent, StringComparison.Ordinal);
        Assert.NotNull(row.QuerySelector("[data-testid=overdue]"));

        var findings = await p.Reviewer.GetDocumentAsync($"/t/{slug}/dashboard/overdue-findings");
        Assert.Single(findings.QuerySelectorAll("h1"));
        Assert.Equal(1, Number(findings, "overdue-total"));
        Assert.Contains("Backups unencrypted", Assert.Single(findings.QuerySelectorAll("[data-testid=overdue-finding]")).TextContent, StringComparison.Ordinal);
        var reviewerDashboard = await p.Reviewer.GetDocumentAsync($"/t/{slug}/dashboard");
        Assert.NotNull(reviewerDashboard.QuerySelector($"a[href='/t/{slug}/dashboard/overdue-findings']"));
    }

    [Fact]
    public async Task A_vendor_contact_and_another_tenants_member_get_no_dashboard_and_findings_stay_with_their_readers()
    {
        var p = await PortfolioAsync();
        var slug = p.Tenant.Slug;
        var contact = await SignedInAsync(p.Tenant, TenantRoles.VendorContact, p.Vendors["Alpha"].Id);
        var stranger = await SignedInAsync(await app.CreateTenantAsync(), TenantRoles.TenantAdmin);

        AssessmentTestKit.AssertDenied(await contact.GetAsync($"/t/{slug}/dashboard"));
        AssessmentTestKit.AssertDenied(await contact.GetAsync($"/t/{slug}/dashboard/overdue-findings"));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/t/{slug}/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/t/{slug}/dashboard/overdue-findings")).StatusCode);
        // A manager sees the overdue count but not the findings themselves (reviewers and auditors read findings).
        Assert.Equal(HttpStatusCode.Forbidden, (await p.Manager.GetAsync($"/t/{slug}/dashboard/overdue-findings")).StatusCode);
        var managerDashboard = await p.Manager.GetDocumentAsync($"/t/{slug}/dashboard");
        Assert.Null(managerDashboard.QuerySelector($"a[href='/t/{slug}/dashboard/overdue-findings']"));
    }

    [Fact]
    public async Task An_empty_organisation_gets_a_dashboard_of_zeros()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await SignedInAsync(tenant, TenantRoles.TenantAdmin);

        var page = await admin.GetDocumentAsync($"/t/{tenant.Slug}/dashboard");

        Assert.Equal(0, Number(page, "vendor-count"));
        Assert.Equal(0, Number(page, "rated-vendors"));
        Assert.Equal(0, Number(page, "expiring-count"));
        Assert.Equal(0, Number(page, "trend-total"));
        Assert.Empty(page.QuerySelectorAll("a[data-testid^='heat-link-']"));
    }
}
