using System.Net;
using AngleSharp.Html.Parser;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Admin;
using VendorRisk.IntegrationTests.Api;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Security;

/// <summary>
/// ASVS 5.0 3.4.3, 3.4.6 and 14.3.2 (ADR-049): the content security policy allowed a <c>&lt;base&gt;</c> element of our own origin
/// and the operators' job dashboard had none; read-only pages without a form and API answers could be stored by a browser.
/// </summary>
public sealed class CacheAndContentPolicyTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static string Csp(HttpResponseMessage response) => Assert.Single(response.Headers.GetValues("Content-Security-Policy"));

    private static string Directive(string csp, string name) =>
        csp.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith(name + " ", StringComparison.Ordinal));

    private static string CacheControl(HttpResponseMessage response) => response.Headers.CacheControl?.ToString() ?? "";

    [Fact]
    public async Task The_portal_policy_allows_no_base_element_and_no_framing()
    {
        var response = await app.CreateBrowserClient().GetAsync("/account/login");

        var csp = Csp(response);
        // Before: base-uri 'self'.
        Assert.Equal("base-uri 'none'", Directive(csp, "base-uri"));
        Assert.Equal("frame-ancestors 'none'", Directive(csp, "frame-ancestors"));
        Assert.Equal("object-src 'none'", Directive(csp, "object-src"));
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_job_dashboard_has_a_policy_with_no_framing_no_inline_script_and_inline_styles_only_because_it_uses_them()
    {
        var operatorClient = await app.OperatorClientAsync();

        var response = await operatorClient.GetAsync("/ops/jobs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Before: no Content-Security-Policy at all on /ops/jobs.
        var csp = Csp(response);
        Assert.Equal("frame-ancestors 'none'", Directive(csp, "frame-ancestors"));
        Assert.Equal("base-uri 'none'", Directive(csp, "base-uri"));
        Assert.Equal("script-src 'self'", Directive(csp, "script-src"));
        Assert.Equal("style-src 'self' 'unsafe-inline'", Directive(csp, "style-src"));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        // What the dashboard needs, read from what it serves: every script is a file of its own origin (so script-src 'self'
        // holds), and its markup carries style attributes (the one reason for 'unsafe-inline', for styles only).
        var document = await new HtmlParser().ParseDocumentAsync(await response.Content.ReadAsStringAsync());
        var scripts = document.QuerySelectorAll("script").ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.StartsWith("/ops/jobs/", s.GetAttribute("src"), StringComparison.Ordinal));
        Assert.Empty(document.QuerySelectorAll("[onclick],[onload],[onchange],[onsubmit]"));
        Assert.NotEmpty(document.QuerySelectorAll("link[rel=stylesheet][href^='/ops/jobs/']"));
        // The portal's own pages keep the strict policy.
        Assert.DoesNotContain("unsafe", Csp(await operatorClient.GetAsync("/ops/mail")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_signed_in_page_and_api_answer_says_no_store_and_static_files_keep_caching()
    {
        var tenant = await app.CreateTenantAsync();
        var everyRole = TenantRoles.TenantAdmin | TenantRoles.VendorManager | TenantRoles.Reviewer | TenantRoles.CommitteeMember | TenantRoles.Auditor;
        var user = await app.CreateMemberAsync(tenant, everyRole);
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(user.Email!);
        var t = $"/t/{tenant.Slug}";
        string[] pages =
        [
            $"{t}/dashboard", $"{t}/vendors", $"{t}/assessments", $"{t}/reviews", $"{t}/committee", $"{t}/reassessments",
            $"{t}/contracts", $"{t}/obligations", $"{t}/incidents", $"{t}/coverage", $"{t}/templates", $"{t}/exports", $"{t}/audit",
            $"{t}/tokens", $"{t}/admin/users", AdminTestKit.EditUrl(tenant, (await app.MembershipAsync(tenant, user.Id)).Id),
            "/account/manage/sessions",
        ];
        var api = app.ApiClient(await app.TokenAsync(tenant, user));
        string[] reads = ["/api/v1/me", "/api/v1/vendors", "/api/v1/assessments", "/api/v1/decisions", "/api/v1/obligations", "/api/v1/templates"];

        var answers = new List<(string Url, HttpStatusCode Status, string CacheControl)>();
        foreach (var url in pages)
        {
            var response = await browser.GetAsync(url);
            answers.Add((url, response.StatusCode, CacheControl(response)));
        }
        foreach (var url in reads)
        {
            var response = await api.GetAsync(url);
            answers.Add((url, response.StatusCode, CacheControl(response)));
        }

        // Before: pages without a form had no Cache-Control, API answers "private, no-cache".
        Assert.All(answers, a =>
        {
            Assert.True(a.Status == HttpStatusCode.OK, $"{a.Url} answered {(int)a.Status}");
            Assert.True(a.CacheControl.Contains("no-store", StringComparison.Ordinal), $"{a.Url}: Cache-Control \"{a.CacheControl}\"");
        });
        foreach (var asset in new[] { "/css/site.css", "/js/portal.js" })
        {
            var response = await browser.GetAsync(asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("no-store", CacheControl(response), StringComparison.Ordinal);
            Assert.NotNull(response.Headers.ETag);
        }
        // Nobody signed in: the sign-in page's form says no-store anyway; a static file never does.
        Assert.DoesNotContain("no-store", CacheControl(await app.CreateBrowserClient().GetAsync("/css/site.css")), StringComparison.Ordinal);
    }
}
