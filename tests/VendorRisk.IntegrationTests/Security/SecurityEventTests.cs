using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Audit;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.IntegrationTests.Admin;
using VendorRisk.IntegrationTests.Api;
using VendorRisk.IntegrationTests.Identity;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Security;

/// <summary>
/// ASVS 5.0 16.3.2 and 16.3.3 (ADR-049): refusals (403) and rate-limit hits (429) were only in the framework's console log. They are
/// now audit events, on the organisation's trail where its admins read them, at most one per caller per five minutes with the
/// count of the refusals in between, so a flood of refusals cannot flood the trail.
/// </summary>
public sealed class SecurityEventTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task Refusals_in_an_organisation_are_one_event_per_member_per_window_with_the_count_between_and_admins_see_them()
    {
        var tenant = await app.CreateTenantAsync();
        var reviewer = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(reviewer.Email!);
        var api = app.ApiClient(await app.TokenAsync(tenant, reviewer));

        // A reviewer at the admin pages (the cookie's redirect to the 403 page) and writing through a read-only token (403).
        for (var i = 0; i < 3; i++)
        {
            var refused = await browser.GetAsync($"/t/{tenant.Slug}/admin/users");
            Assert.Equal("/errors/403", refused.Headers.Location!.AbsolutePath);
        }
        var write = await api.PostAsync("/api/v1/vendors", ApiTestKit.Json(new { legalName = "Sneaky Ltd" }));
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);

        // Before: nothing on the trail. Now one event for the four refusals of this window.
        var first = Assert.Single(await app.AuditEventsAsync(tenant, AuditActions.AccessDenied));
        Assert.Equal(reviewer.Id, first.ActorUserId);
        Assert.Contains($"\"path\":\"/t/{tenant.Slug}/admin/users\"", first.DetailsJson, StringComparison.Ordinal);
        Assert.Contains("\"refusedSinceLastEvent\":0", first.DetailsJson, StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsync("/api/v1/vendors", ApiTestKit.Json(new { legalName = "Sneaky Ltd" }))).StatusCode);
        var events = await app.AuditEventsAsync(tenant, AuditActions.AccessDenied);
        Assert.Equal(2, events.Count);
        Assert.Contains("\"refusedSinceLastEvent\":3", events[1].DetailsJson, StringComparison.Ordinal);
        Assert.Contains("\"channel\":\"api\"", events[1].DetailsJson, StringComparison.Ordinal);

        // The organisation's admins read them on the audit page, and the chain still verifies.
        var admin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        var page = await admin.GetDocumentAsync($"/t/{tenant.Slug}/audit?action={AuditActions.AccessDenied}");
        Assert.Equal(2, page.QuerySelectorAll("tbody tr").Count(r => r.TextContent.Contains(AuditActions.AccessDenied, StringComparison.Ordinal)));
        // Another organisation's trail has none of them.
        var other = await app.CreateTenantAsync();
        Assert.Empty(await app.AuditEventsAsync(other, AuditActions.AccessDenied));
    }
}

/// <summary>A host with API and sign-in limits low enough to reach in a test.</summary>
public sealed class LowLimitsApp : VendorRiskApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Api:RequestsPerMinute"] = "3",
        ["Security:SignInAttemptsPerMinute"] = "3",
    };
}

public sealed class RateLimitEventTests(LowLimitsApp app) : IClassFixture<LowLimitsApp>
{
    // One test: the limiters' windows are shared by every request of this host.
    [Fact]
    public async Task Rate_limit_refusals_are_one_event_per_caller_per_window_on_the_tokens_organisation_or_the_platform_trail()
    {
        var tenant = await app.CreateTenantAsync();
        var member = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var busy = app.ApiClient(await app.TokenAsync(tenant, member));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++) statuses.Add((await busy.GetAsync("/api/v1/vendors")).StatusCode);
        var client = app.CreateBrowserClient();
        for (var i = 0; i < 6; i++) statuses.Add((await client.TrySignInAsync($"nobody-{Guid.NewGuid():N}@example.test", "Wrong-Password-42")).StatusCode);

        Assert.Equal(6, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        // Before: no trace on any trail. The token's organisation sees its token refused, once for the window.
        var tokenEvent = Assert.Single(await app.AuditEventsAsync(tenant, AuditActions.RateLimited));
        Assert.Contains("\"limit\":\"api-token\"", tokenEvent.DetailsJson, StringComparison.Ordinal);
        // The sign-in page's refusals belong to no organisation: the platform trail, read by operators.
        var platform = await app.PlatformAuditAsync(AuditActions.RateLimited);
        var signIn = Assert.Single(platform);
        Assert.Equal(AuditEvent.PlatformChain, signIn.TenantId);
        Assert.Contains("\"limit\":\"sign-in-and-sign-up\"", signIn.DetailsJson, StringComparison.Ordinal);
        Assert.Contains("\"path\":\"/account/login\"", signIn.DetailsJson, StringComparison.Ordinal);
    }
}
