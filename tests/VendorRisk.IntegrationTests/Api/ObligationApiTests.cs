using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Api;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Contracts;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Reports;

namespace VendorRisk.IntegrationTests.Api;

/// <summary>GET /api/v1/obligations and the decision's residual rating and conditions.</summary>
public sealed class ObligationApiTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private sealed record ObligationWorld(Tenant Tenant, Guid ManagerId, Guid VendorA, Guid VendorB, Guid Overdue, Guid Met, Guid Later, Guid OtherVendors, string Token);

    private async Task<ObligationWorld> WorldAsync()
    {
        var tenant = await app.CreateTenantAsync();
        var manager = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        var (a, b) = await app.InDbAsync(async db =>
        {
            var x = Domain.Vendors.Vendor.Create("Alpha Obligations", null, null, null, app.Clock.GetUtcNow());
            var y = Domain.Vendors.Vendor.Create("Beta Obligations", null, null, null, app.Clock.GetUtcNow());
            db.Vendors.AddRange(x, y);
            await db.SaveChangesAsync();
            return (x.Id, y.Id);
        }, tenant.Id);
        var today = app.Today();
        var contractA = await app.SeedContractAsync(tenant.Id, a, manager.Id);
        var contractB = await app.SeedContractAsync(tenant.Id, b, manager.Id);
        var (_, overdue) = await app.SeedObligationAsync(tenant.Id, contractA, manager.Id, Recurrence.Yearly, today.AddDays(-5));
        var (_, met) = await app.SeedObligationAsync(tenant.Id, contractA, manager.Id, Recurrence.OneOff, today.AddDays(10), type: "dpa-review", title: "DPA review");
        var meeting = await app.MeetAsync(tenant.Id, met.Id, manager.Id);
        Assert.True(meeting.Found && meeting.Error is null, meeting.Error);
        var (_, later) = await app.SeedObligationAsync(tenant.Id, contractA, manager.Id, Recurrence.Quarterly, today.AddDays(60), type: "right-to-audit",
            title: "Right to audit");
        var (_, others) = await app.SeedObligationAsync(tenant.Id, contractB, manager.Id, Recurrence.Yearly, today.AddDays(20));
        return new ObligationWorld(tenant, manager.Id, a, b, overdue.Id, met.Id, later.Id, others.Id, await app.TokenAsync(tenant, manager));
    }

    private static List<Guid> Ids(System.Text.Json.JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

    [Fact]
    public async Task Obligations_list_earliest_due_first_and_filter_by_vendor_state_and_due_range()
    {
        var world = await WorldAsync();
        var client = app.ApiClient(world.Token);
        var today = app.Today();

        var all = await (await client.GetAsync("/api/v1/obligations")).JsonAsync();
        Assert.Equal([world.Overdue, world.Met, world.OtherVendors, world.Later], Ids(all));
        Assert.Equal(4, all.GetProperty("totalCount").GetInt32());
        var first = all.GetProperty("items")[0];
        Assert.True(first.GetProperty("overdue").GetBoolean());
        Assert.Equal("Open", first.GetProperty("status").GetString());
        Assert.Equal("Alpha Obligations", first.GetProperty("vendorName").GetString());
        Assert.Equal("Master services agreement", first.GetProperty("contractTitle").GetString());
        Assert.Equal("pen-test-report", first.GetProperty("typeKey").GetString());

        Assert.Equal([world.Overdue, world.Met, world.Later], Ids(await (await client.GetAsync($"/api/v1/obligations?vendorId={world.VendorA}")).JsonAsync()));
        Assert.Equal([world.Overdue], Ids(await (await client.GetAsync("/api/v1/obligations?status=overdue")).JsonAsync()));
        Assert.Equal([world.Met], Ids(await (await client.GetAsync("/api/v1/obligations?status=Met")).JsonAsync()));
        Assert.Equal([world.Overdue, world.OtherVendors, world.Later], Ids(await (await client.GetAsync("/api/v1/obligations?status=Open")).JsonAsync()));
        Assert.Equal([world.Met, world.OtherVendors],
            Ids(await (await client.GetAsync($"/api/v1/obligations?dueFrom={today:yyyy-MM-dd}&dueTo={today.AddDays(30):yyyy-MM-dd}")).JsonAsync()));

        var second = await (await client.GetAsync("/api/v1/obligations?page=2&pageSize=3")).JsonAsync();
        Assert.Equal([world.Later], Ids(second));
        Assert.Equal(2, second.GetProperty("totalPages").GetInt32());
    }

    [Fact]
    public async Task Bad_obligation_filters_are_field_level_problem_details()
    {
        var world = await WorldAsync();
        var client = app.ApiClient(world.Token);

        var problem = await (await client.GetAsync("/api/v1/obligations?status=late&dueFrom=31-12-2026&vendorId=x&pageSize=1000"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "bad filters");
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "status", "dueFrom", "vendorId", "pageSize" }) Assert.True(errors.TryGetProperty(field, out _), field);
        var range = await (await client.GetAsync("/api/v1/obligations?dueFrom=2026-12-31&dueTo=2026-01-01")).AssertProblemAsync(HttpStatusCode.BadRequest, "range");
        Assert.True(range.GetProperty("errors").TryGetProperty("dueTo", out _));
    }

    [Fact]
    public async Task One_obligation_due_date_has_an_etag_and_answers_304_when_unchanged()
    {
        var world = await WorldAsync();
        var client = app.ApiClient(world.Token);

        var response = await client.GetAsync($"/api/v1/obligations/{world.Overdue}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var etag = response.Headers.ETag!.Tag;
        var body = await response.JsonAsync();
        Assert.Equal(world.Overdue, body.GetProperty("id").GetGuid());
        Assert.Equal(1, body.GetProperty("sequence").GetInt32());
        Assert.Equal("Yearly", body.GetProperty("recurrence").GetString());

        var again = await client.SendAsync(ApiTestKit.Request(HttpMethod.Get, $"/api/v1/obligations/{world.Overdue}", ifNoneMatch: etag));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        await app.MeetAsync(world.Tenant.Id, world.Overdue, world.ManagerId);
        var changed = await client.SendAsync(ApiTestKit.Request(HttpMethod.Get, $"/api/v1/obligations/{world.Overdue}", ifNoneMatch: etag));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("Met", (await changed.JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Obligations_are_read_only_a_write_changes_nothing_and_another_tenant_sees_none()
    {
        var world = await WorldAsync();
        var write = await app.ApiClient(world.Token).PostAsync("/api/v1/obligations", ApiTestKit.Json(new { title = "Injected" }));
        Assert.True(write.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.Forbidden, $"{(int)write.StatusCode}");
        Assert.Equal(4, await app.InDbAsync(db => db.Set<ObligationOccurrence>().CountAsync(), world.Tenant.Id));

        var other = await WorldAsync();
        var client = app.ApiClient(other.Token);
        await (await client.GetAsync($"/api/v1/obligations/{world.Overdue}")).AssertProblemAsync(HttpStatusCode.NotFound, "foreign obligation");
        var body = await (await client.GetAsync($"/api/v1/obligations?vendorId={world.VendorA}")).JsonAsync();
        Assert.Empty(body.GetProperty("items").EnumerateArray());
        var list = await (await client.GetAsync("/api/v1/obligations")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(world.Overdue.ToString(), list, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(other.Overdue.ToString(), list, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_decision_carries_its_residual_rating_and_the_committees_conditions()
    {
        var decided = await ReportTestKit.DecidedAsync(app, "Decided Via Api");
        var scene = decided.Scene;
        await app.InDbAsync(async db =>
        {
            var assessment = await db.Assessments.SingleAsync(a => a.Id == decided.AssessmentId);
            db.Entry(assessment).Property(a => a.ResidualLikelihood).CurrentValue = 4;
            db.Entry(assessment).Property(a => a.ResidualImpact).CurrentValue = 3;
            db.Entry(assessment).Property(a => a.ResidualRatedAt).CurrentValue = app.Clock.GetUtcNow();
            return await db.SaveChangesAsync();
        }, scene.Tenant.Id);
        var client = app.ApiClient(await app.TokenAsync(scene.Tenant, scene.Requester, ApiTokenScope.Read));

        var decision = await (await client.GetAsync($"/api/v1/decisions/{decided.AssessmentId}")).JsonAsync();

        Assert.Equal("ApprovedWithConditions", decision.GetProperty("decision").GetString());
        var residual = decision.GetProperty("residual");
        Assert.Equal((4, 3), (residual.GetProperty("likelihood").GetInt32(), residual.GetProperty("impact").GetInt32()));
        Assert.Equal(global::VendorRisk.Domain.Reviews.ResidualRisk.Level(4, 3), residual.GetProperty("level").GetString());
        var conditions = decision.GetProperty("conditions").EnumerateArray().ToList();
        Assert.Equal(2, conditions.Count);
        Assert.All(conditions, c => Assert.Equal(ReportTestKit.Conditions, c.GetProperty("conditions").GetString()));
        Assert.Equal(scene.Committee[0].DisplayName, conditions[0].GetProperty("setBy").GetString());
        var listed = Assert.Single((await (await client.GetAsync("/api/v1/decisions")).JsonAsync()).GetProperty("items").EnumerateArray());
        Assert.Equal(2, listed.GetProperty("conditions").GetArrayLength());
    }
}
