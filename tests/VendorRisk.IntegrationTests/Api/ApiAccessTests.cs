using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Api;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Api;

/// <summary>Who may call the API: every endpoint against every kind of caller that must be refused.</summary>
public sealed class ApiAccessTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task Every_endpoint_answers_401_problem_details_without_a_token()
    {
        var world = await app.ApiWorldAsync();
        var client = app.ApiClient(null);

        foreach (var (method, url, body) in world.Endpoints)
        {
            var response = await client.SendAsync(ApiTestKit.Request(method, url, body, ifMatch: "*"));
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, $"{method} {url}");
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        }
        await AssertUnchangedAsync(world);
    }

    [Fact]
    public async Task A_signed_in_browser_cookie_does_not_authenticate_an_api_call()
    {
        var world = await app.ApiWorldAsync();
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(world.Admin.Email!);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/t/{world.Tenant.Slug}/vendors")).StatusCode);

        foreach (var (method, url, body) in world.Endpoints)
        {
            var response = await browser.SendAsync(ApiTestKit.Request(method, url, body, ifMatch: "*"));
            await response.AssertProblemAsync(HttpStatusCode.Unauthorized, $"{method} {url} with a cookie");
        }
        await AssertUnchangedAsync(world);
    }

    [Fact]
    public async Task Revoked_expired_unknown_and_malformed_tokens_are_refused_on_every_endpoint()
    {
        var world = await app.ApiWorldAsync();
        var revoked = await app.TokenAsync(world.Tenant, world.Admin, ApiTokenScope.ReadWrite, revoked: true);
        var expiring = await app.TokenAsync(world.Tenant, world.Admin, ApiTokenScope.ReadWrite, expiresAt: app.Clock.GetUtcNow().AddHours(1));
        Assert.Equal(HttpStatusCode.OK, (await app.ApiClient(expiring).GetAsync("/api/v1/me")).StatusCode);
        app.Clock.Advance(TimeSpan.FromHours(2));

        foreach (var secret in new[] { revoked, expiring, "vrk_" + new string('A', 43), "not-a-token", world.WriteToken + "x" })
        {
            var client = app.ApiClient(secret);
            foreach (var (method, url, body) in world.Endpoints)
            {
                var response = await client.SendAsync(ApiTestKit.Request(method, url, body, ifMatch: "*"));
                var problem = await response.AssertProblemAsync(HttpStatusCode.Unauthorized, $"{method} {url}");
                Assert.Contains("expired or revoked", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }
        }
        await AssertUnchangedAsync(world);
    }

    [Fact]
    public async Task A_disabled_membership_makes_its_token_answer_401_at_once()
    {
        var world = await app.ApiWorldAsync();
        var client = app.ApiClient(world.WriteToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/vendors")).StatusCode);

        await app.InDbAsync(async db =>
        {
            var membership = await db.Memberships.SingleAsync(m => m.UserId == world.Admin.Id);
            membership.Disable();
            return await db.SaveChangesAsync();
        }, world.Tenant.Id);

        await (await client.GetAsync("/api/v1/vendors")).AssertProblemAsync(HttpStatusCode.Unauthorized, "disabled member");
    }

    [Fact]
    public async Task A_token_of_another_tenant_gets_404_for_this_tenants_ids_and_sees_none_of_its_data()
    {
        var world = await app.ApiWorldAsync();
        var other = await app.ApiWorldAsync();
        var client = app.ApiClient(other.WriteToken);

        foreach (var url in new[]
        {
            $"/api/v1/vendors/{world.VendorId}", $"/api/v1/vendors/{world.VendorId}/ai-systems",
            $"/api/v1/vendors/{world.VendorId}/ai-systems/{world.AiSystemId}", $"/api/v1/vendors/{other.VendorId}/ai-systems/{world.AiSystemId}",
            $"/api/v1/assessments/{world.AssessmentId}", $"/api/v1/decisions/{world.AssessmentId}", $"/api/v1/obligations/{world.ObligationId}",
        })
        {
            var problem = await (await client.GetAsync(url)).AssertProblemAsync(HttpStatusCode.NotFound, url);
            Assert.DoesNotContain("Vendor ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        var put = await client.SendAsync(ApiTestKit.Request(HttpMethod.Put, $"/api/v1/vendors/{world.VendorId}",
            new { legalName = "Hijacked", criticality = "Low" }, ifMatch: "*"));
        await put.AssertProblemAsync(HttpStatusCode.NotFound, "PUT of a foreign vendor");

        foreach (var list in new[] { "/api/v1/vendors", "/api/v1/assessments", "/api/v1/decisions", "/api/v1/obligations" })
        {
            var body = await (await client.GetAsync(list)).Content.ReadAsStringAsync();
            Assert.DoesNotContain(world.VendorId.ToString(), body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(world.AssessmentId.ToString(), body, StringComparison.OrdinalIgnoreCase);
            Assert.Contains(other.VendorId.ToString(), body, StringComparison.OrdinalIgnoreCase);
        }
        var me = await (await client.GetAsync("/api/v1/me")).JsonAsync();
        Assert.Equal(other.Tenant.Slug, me.GetProperty("tenantSlug").GetString());
        await AssertUnchangedAsync(world);
    }

    [Fact]
    public async Task A_read_only_token_may_read_everything_but_writing_answers_403_and_changes_nothing()
    {
        var world = await app.ApiWorldAsync();
        var client = app.ApiClient(await app.TokenAsync(world.Tenant, world.Admin, ApiTokenScope.Read));
        var vendors = await app.CountAllAsync<Vendor>();

        foreach (var (method, url, body) in world.Endpoints)
        {
            var response = await client.SendAsync(ApiTestKit.Request(method, url, body, ifMatch: "*"));
            if (method == HttpMethod.Get)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
                continue;
            }
            var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden, $"{method} {url}");
            Assert.Contains("read-only", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(vendors, await app.CountAllAsync<Vendor>());
        await AssertUnchangedAsync(world);
    }

    [Theory]
    [InlineData(TenantRoles.Reviewer)]
    [InlineData(TenantRoles.Auditor)]
    [InlineData(TenantRoles.CommitteeMember)]
    public async Task A_read_write_token_cannot_write_beyond_its_users_roles(TenantRoles roles)
    {
        var world = await app.ApiWorldAsync();
        var member = await app.CreateMemberAsync(world.Tenant, roles);
        var client = app.ApiClient(await app.TokenAsync(world.Tenant, member, ApiTokenScope.ReadWrite));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/vendors/{world.VendorId}")).StatusCode);
        var post = await client.PostAsync("/api/v1/vendors", ApiTestKit.Json(new { legalName = "Not allowed" }));
        var problem = await post.AssertProblemAsync(HttpStatusCode.Forbidden, "POST by " + roles);
        Assert.Contains("roles", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await AssertUnchangedAsync(world);
    }

    [Fact]
    public async Task A_vendor_contacts_token_forged_in_the_database_answers_403_on_every_endpoint()
    {
        var world = await app.ApiWorldAsync();
        var contact = await app.CreateMemberAsync(world.Tenant, TenantRoles.VendorContact, vendorId: world.VendorId);
        var client = app.ApiClient(await app.TokenAsync(world.Tenant, contact, ApiTokenScope.ReadWrite));

        foreach (var (method, url, body) in world.Endpoints)
        {
            var response = await client.SendAsync(ApiTestKit.Request(method, url, body, ifMatch: "*"));
            var problem = await response.AssertProblemAsync(HttpStatusCode.Forbidden, $"{method} {url} by a vendor contact");
            Assert.DoesNotContain("Triage", problem.ToString(), StringComparison.Ordinal);
        }
        await AssertUnchangedAsync(world);
    }

    [Fact]
    public async Task An_unknown_api_path_is_a_problem_details_404_not_an_html_page()
    {
        var response = await app.ApiClient(null).GetAsync("/api/v1/nothing-here");
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "unknown path");
        var badId = await app.ApiClient(null).GetAsync("/api/v1/vendors/not-a-guid");
        await badId.AssertProblemAsync(HttpStatusCode.NotFound, "not a guid");
    }

    [Fact]
    public async Task Using_a_token_records_when_it_was_last_used()
    {
        var world = await app.ApiWorldAsync();
        Assert.Null(await LastUsedAsync(world));
        await app.ApiClient(world.WriteToken).GetAsync("/api/v1/me");
        var used = await LastUsedAsync(world);
        Assert.NotNull(used);
        Assert.True((app.Clock.GetUtcNow() - used.Value).Duration() < TimeSpan.FromMilliseconds(1), $"last used {used}");
    }

    private Task<DateTimeOffset?> LastUsedAsync(ApiWorld world) =>
        app.InDbAsync(db => db.PersonalAccessTokens.Where(t => t.UserId == world.Admin.Id && t.Scope == ApiTokenScope.ReadWrite)
            .Select(t => t.LastUsedAt).SingleAsync(), world.Tenant.Id);

    /// <summary>The world's vendor keeps its name and version, and no vendor by a refused request exists.</summary>
    private async Task AssertUnchangedAsync(ApiWorld world)
    {
        var vendor = await app.InDbAsync(db => db.Vendors.AsNoTracking().SingleAsync(v => v.Id == world.VendorId), world.Tenant.Id);
        Assert.StartsWith("Vendor ", vendor.LegalName, StringComparison.Ordinal);
        Assert.Equal(0, vendor.Version);
        Assert.False(await app.InDbAsync(db => db.Vendors.IgnoreQueryFilters().AnyAsync(v => v.LegalName == "Renamed" || v.LegalName == "Hijacked"
            || v.LegalName == "Not allowed" || v.LegalName.StartsWith("Created "))));
    }
}
