using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Api;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.IntegrationTests.Infrastructure;

using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;

namespace VendorRisk.IntegrationTests.Api;

public sealed class VendorApiTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task The_vendor_list_pages_and_filters_by_status_tier_owner_and_search()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var owner = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        await app.InDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            var a = Vendor.Create("Alpha 100% AI", null, null, null, now);
            a.SetComputedTier(RiskTier.High, now);
            a.AssignOwnership(owner.Id, BusinessCriticality.High);
            var b = Vendor.Create("Beta Models", null, null, "Sells alpha_beta models", now);
            b.StartOnboarding();
            var c = Vendor.Create("Gamma Labs", null, null, null, now);
            c.StartOnboarding();
            c.SetComputedTier(RiskTier.High, now);
            db.Vendors.AddRange(a, b, c);
            return await db.SaveChangesAsync();
        }, tenant.Id);
        var client = app.ApiClient(await app.TokenAsync(tenant, admin));

        async Task<List<string>> NamesAsync(string query)
        {
            var response = await client.GetAsync("/api/v1/vendors" + query);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {(int)response.StatusCode}");
            var body = await response.JsonAsync();
            return [.. body.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("legalName").GetString()!)];
        }

        Assert.Equal(["Alpha 100% AI", "Beta Models", "Gamma Labs"], await NamesAsync(""));
        Assert.Equal(["Beta Models", "Gamma Labs"], await NamesAsync("?status=onboarding"));
        Assert.Equal(["Alpha 100% AI", "Gamma Labs"], await NamesAsync("?tier=High"));
        Assert.Equal(["Gamma Labs"], await NamesAsync("?tier=High&status=Onboarding"));
        Assert.Equal(["Alpha 100% AI"], await NamesAsync($"?ownerId={owner.Id}"));
        Assert.Equal(["Alpha 100% AI"], await NamesAsync("?q=" + Uri.EscapeDataString("100%")));
        Assert.Equal(["Beta Models"], await NamesAsync("?q=alpha_"));

        var page = await (await client.GetAsync("/api/v1/vendors?pageSize=2&page=2")).JsonAsync();
        Assert.Equal(["Gamma Labs"], page.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("legalName").GetString()));
        Assert.Equal(2, page.GetProperty("page").GetInt32());
        Assert.Equal(2, page.GetProperty("pageSize").GetInt32());
        Assert.Equal(3, page.GetProperty("totalCount").GetInt32());
        Assert.Equal(2, page.GetProperty("totalPages").GetInt32());
        var first = (await (await client.GetAsync("/api/v1/vendors?pageSize=1")).JsonAsync()).GetProperty("items")[0];
        Assert.Equal("High", first.GetProperty("tier").GetString());
        Assert.Equal("Prospect", first.GetProperty("status").GetString());
        Assert.Equal(owner.DisplayName, first.GetProperty("businessOwnerName").GetString());
    }

    [Fact]
    public async Task Bad_query_parameters_are_400_validation_problems_naming_each_field()
    {
        var tenant = await app.CreateTenantAsync();
        var client = app.ApiClient(await app.TokenAsync(tenant, await app.CreateMemberAsync(tenant, TenantRoles.Auditor)));

        var response = await client.GetAsync("/api/v1/vendors?status=Sleeping&tier=7&ownerId=x&page=0&pageSize=500");

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "bad filters");
        var errors = problem.GetProperty("errors");
        Assert.Contains("Prospect", errors.GetProperty("status")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("Critical", errors.GetProperty("tier")[0].GetString(), StringComparison.Ordinal);
        Assert.True(errors.TryGetProperty("ownerId", out _));
        Assert.True(errors.TryGetProperty("page", out _));
        Assert.Contains("100", errors.GetProperty("pageSize")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_get_carries_an_etag_and_answers_304_while_it_still_matches()
    {
        var world = await app.ApiWorldAsync();
        var client = app.ApiClient(world.WriteToken);

        var first = await client.GetAsync($"/api/v1/vendors/{world.VendorId}");
        var etag = first.Headers.ETag!.Tag;
        var again = await client.SendAsync(ApiTestKit.Request(HttpMethod.Get, $"/api/v1/vendors/{world.VendorId}", ifNoneMatch: etag));
        var weak = await client.SendAsync(ApiTestKit.Request(HttpMethod.Get, $"/api/v1/vendors/{world.VendorId}", ifNoneMatch: "\"other\", W/" + etag));
        var other = await client.SendAsync(ApiTestKit.Request(HttpMethod.Get, $"/api/v1/vendors/{world.VendorId}", ifNoneMatch: "\"other\""));
        var list = await client.GetAsync("/api/v1/vendors");
        var listAgain = await client.SendAsync(ApiTestKit.Request(HttpMethod.Get, "/api/v1/vendors", ifNoneMatch: list.Headers.ETag!.Tag));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, again.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotModified, weak.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, listAgain.StatusCode);

        await app.InDbAsync(async db =>
        {
            (await db.Vendors.SingleAsync(v => v.Id == world.VendorId)).StartOnboarding();
            return await db.SaveChangesAsync();
        }, world.Tenant.Id);
        var changed = await client.SendAsync(ApiTestKit.Request(HttpMethod.Get, $"/api/v1/vendors/{world.VendorId}", ifNoneMatch: etag));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag!.Tag);
        Assert.Equal("Onboarding", (await changed.JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Creating_a_vendor_answers_201_with_its_location_and_etag_and_is_audited_as_an_api_call()
    {
        var world = await app.ApiWorldAsync();
        var client = app.ApiClient(world.WriteToken);

        var response = await client.PostAsync("/api/v1/vendors", ApiTestKit.Json(new
        {
            legalName = "  Delta Vision GmbH ", website = "https://delta.example", country = "de", description = "Image models",
            businessOwnerUserId = world.Admin.Id, criticality = "Critical",
        }));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/vendors/{id}", response.Headers.Location!.OriginalString);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal("Delta Vision GmbH", body.GetProperty("legalName").GetString());
        Assert.Equal("DE", body.GetProperty("country").GetString());
        Assert.Equal("Critical", body.GetProperty("criticality").GetString());
        Assert.Equal("Prospect", body.GetProperty("status").GetString());
        var fetched = await client.SendAsync(ApiTestKit.Request(HttpMethod.Get, $"/api/v1/vendors/{id}", ifNoneMatch: response.Headers.ETag!.Tag));
        Assert.Equal(HttpStatusCode.NotModified, fetched.StatusCode);

        var audit = await app.InDbAsync(db => db.AuditEvents.SingleAsync(e => e.Action == "vendor.created" && e.EntityId == id.ToString()), world.Tenant.Id);
        Assert.Equal(world.Admin.Id, audit.ActorUserId);
        Assert.Equal(world.Admin.Email, audit.ActorName);
        Assert.Contains("\"via\":\"api\"", audit.DetailsJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_vendor_is_a_422_with_field_errors_and_a_malformed_body_a_400_and_nothing_is_written()
    {
        var world = await app.ApiWorldAsync();
        var client = app.ApiClient(world.WriteToken);
        var stranger = await app.CreateUserAsync($"stranger-{Guid.NewGuid():N}@example.test");
        var existing = await app.InDbAsync(db => db.Vendors.Select(v => v.LegalName).FirstAsync(), world.Tenant.Id);
        var before = await app.CountAllAsync<Vendor>();

        var invalid = await client.PostAsync("/api/v1/vendors", ApiTestKit.Json(new
        {
            legalName = "", website = "ftp://x", country = "Germany", description = new string('x', 4001), businessOwnerUserId = stranger.Id,
        }));
        var duplicate = await client.PostAsync("/api/v1/vendors", ApiTestKit.Json(new { legalName = existing }));
        var malformed = await client.PostAsync("/api/v1/vendors", new StringContent("{\"legalName\": ", System.Text.Encoding.UTF8, "application/json"));
        var badEnum = await client.PostAsync("/api/v1/vendors", ApiTestKit.Json(new { legalName = "Epsilon", criticality = "Extreme" }));

        var errors = (await invalid.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "invalid")).GetProperty("errors");
        foreach (var field in new[] { "legalName", "website", "country", "description", "businessOwnerUserId" })
            Assert.True(errors.TryGetProperty(field, out var messages) && messages.GetArrayLength() > 0, field);
        var duplicateErrors = (await duplicate.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "duplicate")).GetProperty("errors");
        Assert.Equal("A vendor with this legal name already exists.", duplicateErrors.GetProperty("legalName")[0].GetString());
        await malformed.AssertProblemAsync(HttpStatusCode.BadRequest, "malformed JSON");
        await badEnum.AssertProblemAsync(HttpStatusCode.BadRequest, "unknown criticality");
        Assert.Equal(before, await app.CountAllAsync<Vendor>());
    }

    [Fact]
    public async Task An_update_needs_the_current_etag_in_if_match_a_stale_one_answers_412_and_changes_nothing()
    {
        var world = await app.ApiWorldAsync();
        var client = app.ApiClient(world.WriteToken);
        var url = $"/api/v1/vendors/{world.VendorId}";
        var etag = (await client.GetAsync(url)).Headers.ETag!.Tag;
        var change = new { legalName = "Renamed Vendor", website = "https://renamed.example", criticality = "High" };

        var missing = await client.SendAsync(ApiTestKit.Request(HttpMethod.Put, url, change));
        await missing.AssertProblemAsync((HttpStatusCode)428, "no If-Match");

        var updated = await client.SendAsync(ApiTestKit.Request(HttpMethod.Put, url, change, ifMatch: etag));
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var body = await updated.JsonAsync();
        Assert.Equal("Renamed Vendor", body.GetProperty("legalName").GetString());
        Assert.Equal("High", body.GetProperty("criticality").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        var newEtag = updated.Headers.ETag!.Tag;
        Assert.NotEqual(etag, newEtag);

        var stale = await client.SendAsync(ApiTestKit.Request(HttpMethod.Put, url, new { legalName = "Lost update", criticality = "Low" }, ifMatch: etag));
        await stale.AssertProblemAsync(HttpStatusCode.PreconditionFailed, "stale If-Match");
        Assert.Equal(newEtag, stale.Headers.ETag!.Tag);
        var noCriticality = await client.SendAsync(ApiTestKit.Request(HttpMethod.Put, url, new { legalName = "Renamed Vendor" }, ifMatch: newEtag));
        var errors = (await noCriticality.AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "criticality missing")).GetProperty("errors");
        Assert.True(errors.TryGetProperty("criticality", out _));

        var stored = await app.InDbAsync(db => db.Vendors.AsNoTracking().SingleAsync(v => v.Id == world.VendorId), world.Tenant.Id);
        Assert.Equal("Renamed Vendor", stored.LegalName);
        Assert.Equal(BusinessCriticality.High, stored.Criticality);
        Assert.Equal(1, stored.Version);
        Assert.True(await app.InDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "vendor.updated" && e.EntityId == world.VendorId.ToString()), world.Tenant.Id));
    }

    [Fact]
    public async Task A_vendors_ai_systems_are_listed_and_read_with_their_profile()
    {
        var world = await app.ApiWorldAsync();
        var client = app.ApiClient(world.WriteToken);

        var list = await (await client.GetAsync($"/api/v1/vendors/{world.VendorId}/ai-systems")).JsonAsync();
        var system = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal("Triage assistant", system.GetProperty("name").GetString());
        Assert.Equal(["Example Labs"], system.GetProperty("foundationModelProviders").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["Cloud Hosting Ltd"], system.GetProperty("subprocessors").EnumerateArray().Select(e => e.GetString()));

        var detail = await (await client.GetAsync($"/api/v1/vendors/{world.VendorId}/ai-systems/{world.AiSystemId}")).JsonAsync();
        Assert.Equal("Sorts incoming tickets", detail.GetProperty("purpose").GetString());
        Assert.Equal("ex-large", detail.GetProperty("foundationModels")[0].GetProperty("model").GetString());
        Assert.Equal(1, detail.GetProperty("revisionNumber").GetInt32());
        await (await client.GetAsync($"/api/v1/vendors/{Guid.NewGuid()}/ai-systems")).AssertProblemAsync(HttpStatusCode.NotFound, "unknown vendor");
    }

    [Fact]
    public async Task Me_tells_whom_the_token_acts_for_with_current_roles()
    {
        var world = await app.ApiWorldAsync();
        var me = await (await app.ApiClient(world.WriteToken).GetAsync("/api/v1/me")).JsonAsync();

        Assert.Equal(world.Admin.Id, me.GetProperty("userId").GetGuid());
        Assert.Equal(world.Tenant.Slug, me.GetProperty("tenantSlug").GetString());
        Assert.Equal(["TenantAdmin"], me.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(nameof(ApiTokenScope.ReadWrite), me.GetProperty("scope").GetString());
    }
}
