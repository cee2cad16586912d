using System.Net;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Assessments;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Api;

public sealed class AssessmentApiTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task An_assessment_shows_the_engines_score_and_findings_over_its_stored_answers()
    {
        var world = await app.ApiWorldAsync();

        var body = await (await app.ApiClient(world.WriteToken).GetAsync($"/api/v1/assessments/{world.AssessmentId}")).JsonAsync();

        Assert.Equal("Approved", body.GetProperty("status").GetString());
        Assert.Equal("ai-basics", body.GetProperty("templateKey").GetString());
        // has_policy = No scores 0, trains_on_data = Never scores 100; two sections of equal weight.
        Assert.Equal(50m, body.GetProperty("score").GetDecimal());
        Assert.Equal(80m, body.GetProperty("submittedScore").GetDecimal());
        Assert.Equal(JsonValueKindNull, body.GetProperty("scoringProblem").ValueKind);
        var finding = Assert.Single(body.GetProperty("findings").EnumerateArray());
        Assert.Equal("no_policy", finding.GetProperty("itemId").GetString());
        Assert.Equal("High", finding.GetProperty("severity").GetString());
        Assert.Equal("No AI policy", finding.GetProperty("title").GetString());
        Assert.Equal(1, body.GetProperty("resultCounts").GetProperty("nonCompliant").GetInt32());
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task The_assessment_list_filters_by_vendor_and_status_and_pages_newest_first()
    {
        var world = await AssessmentTestKit.WorldAsync(app, TenantRoles.TenantAdmin);
        var sent = await AssessmentTestKit.SeedAssessmentAsync(app, world, AssessmentStatus.Sent);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var inReview = await AssessmentTestKit.SeedAssessmentAsync(app, world, AssessmentStatus.InReview);
        var otherVendor = await AssessmentTestKit.AddVendorAsync(app, world.Tenant, "Other vendor");
        var client = app.ApiClient(await app.TokenAsync(world.Tenant, world.Manager));

        async Task<List<Guid>> IdsAsync(string query) =>
            [.. (await (await client.GetAsync("/api/v1/assessments" + query)).JsonAsync()).GetProperty("items").EnumerateArray().Select(a => a.GetProperty("id").GetGuid())];

        Assert.Equal([inReview.Id, sent.Id], await IdsAsync(""));
        Assert.Equal([sent.Id], await IdsAsync("?status=sent"));
        Assert.Equal([inReview.Id, sent.Id], await IdsAsync($"?vendorId={world.Vendor.Id}"));
        Assert.Empty(await IdsAsync($"?vendorId={otherVendor.Id}"));
        Assert.Equal([sent.Id], await IdsAsync("?pageSize=1&page=2"));
        var bad = await client.GetAsync("/api/v1/assessments?status=Done&vendorId=42");
        var errors = (await bad.AssertProblemAsync(HttpStatusCode.BadRequest, "bad filters")).GetProperty("errors");
        Assert.True(errors.TryGetProperty("status", out _) && errors.TryGetProperty("vendorId", out _));
    }

    [Fact]
    public async Task Decisions_list_only_decided_assessments_with_the_workflow_outcome_and_residual_risk()
    {
        var world = await app.ApiWorldAsync();
        await AssessmentTestKit.SeedAssessmentAsync(app, await AssessmentTestKit.WorldAsync(app, TenantRoles.TenantAdmin), AssessmentStatus.Approved);
        var client = app.ApiClient(world.WriteToken);

        var list = await (await client.GetAsync("/api/v1/decisions")).JsonAsync();
        var decision = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(world.AssessmentId, decision.GetProperty("assessmentId").GetGuid());
        Assert.Equal("Approved", decision.GetProperty("decision").GetString());
        var workflow = decision.GetProperty("workflow");
        Assert.Equal("medium", workflow.GetProperty("residualRisk").GetString());
        Assert.Equal("approved", workflow.GetProperty("result").GetString());
        Assert.Equal("completed", workflow.GetProperty("status").GetString());

        var one = await (await client.GetAsync($"/api/v1/decisions/{world.AssessmentId}")).JsonAsync();
        Assert.Equal("medium", one.GetProperty("workflow").GetProperty("residualRisk").GetString());
        Assert.Empty((await (await client.GetAsync("/api/v1/decisions?decision=Rejected")).JsonAsync()).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task An_assessment_that_is_not_decided_has_no_decision()
    {
        var world = await AssessmentTestKit.WorldAsync(app, TenantRoles.TenantAdmin);
        var open = await AssessmentTestKit.SeedAssessmentAsync(app, world, AssessmentStatus.InReview);
        var client = app.ApiClient(await app.TokenAsync(world.Tenant, world.Manager));

        await (await client.GetAsync($"/api/v1/decisions/{open.Id}")).AssertProblemAsync(HttpStatusCode.NotFound, "undecided");
        Assert.Empty((await (await client.GetAsync("/api/v1/decisions")).JsonAsync()).GetProperty("items").EnumerateArray());
        var assessment = await (await client.GetAsync($"/api/v1/assessments/{open.Id}")).JsonAsync();
        Assert.Equal("InReview", assessment.GetProperty("status").GetString());
    }
}
