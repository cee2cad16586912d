using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.Application.Assessments;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Reviews;
using static VendorRisk.IntegrationTests.Dashboard.DashboardTestKit;

namespace VendorRisk.IntegrationTests.Dashboard;

/// <summary>The vendor's denormalised current decision (ADR-015) follows every way an assessment is decided.</summary>
public sealed class CurrentDecisionTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task A_review_workflow_decision_records_the_outcome_and_rating_on_the_vendor_in_the_same_step()
    {
        var scene = await ReviewTestKit.SceneAsync(app);
        var instanceId = await ReviewTestKit.StartedReviewAsync(app, scene);
        var task = await ReviewTestKit.ReviewTaskAsync(app, scene, instanceId);

        var result = await ReviewTestKit.RunAsync(app, scene, r => r.HandleAsync(instanceId,
            new TaskCompleted(task.TaskId, "approve", scene.Reviewer.Id.ToString(), Guid.NewGuid().ToString("N"), "checked",
                Residual: new ResidualRating(3, 4)), scene.Reviewer.Id));

        Assert.True(result.Applied, result.Message);
        var assessment = await ReviewTestKit.AssessmentOfAsync(app, scene, instanceId);
        Assert.Equal(AssessmentStatus.Approved, assessment.Status);
        var vendor = await VendorRowAsync(app, scene.Tenant, scene.VendorId);
        Assert.Equal((assessment.Id, AssessmentStatus.Approved, assessment.DecidedAt), (vendor.DecisionAssessmentId!.Value, vendor.DecisionStatus!.Value, vendor.DecidedAt));
        Assert.Equal((3, 4, assessment.Id), (vendor.ResidualLikelihood!.Value, vendor.ResidualImpact!.Value, vendor.ResidualAssessmentId!.Value));

        var manager = app.CreateBrowserClient();
        await manager.SignInAsync(scene.Requester.Email!);
        var dashboard = await manager.GetDocumentAsync($"/t/{scene.Tenant.Slug}/dashboard");
        Assert.Equal("1", dashboard.QuerySelector("[data-testid='heat-3-4']")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_manual_decision_on_the_assessment_page_records_the_outcome_and_keeps_the_earlier_rating_when_it_has_none()
    {
        var tenant = await app.CreateTenantAsync();
        var manager = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        var template = await TemplateAsync(app, tenant, manager.Id);
        var vendor = await VendorAsync(app, tenant, "Manual Minds", RiskTier.Medium, VendorStatus.Active);
        var earlier = await DecidedAsync(app, tenant, template, vendor.Id, manager.Id, (2, 3));
        app.Clock.Advance(TimeSpan.FromDays(1));
        var open = await OpenAssessmentAsync(app, tenant, template, vendor.Id, manager.Id, AssessmentStatus.Submitted, 20);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(manager.Email!);
        var url = $"/t/{tenant.Slug}/assessments/details/{open.Id}";

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(client, url, "StartReview", new() { ["version"] = await VersionAsync(tenant, open.Id) })).StatusCode);
        var decided = await PostAsync(client, url, "Decide", new()
        {
            ["version"] = await VersionAsync(tenant, open.Id), ["decision"] = "Rejected", ["note"] = "No incident response plan.",
        });

        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        var row = await VendorRowAsync(app, tenant, vendor.Id);
        Assert.Equal((open.Id, AssessmentStatus.Rejected), (row.DecisionAssessmentId!.Value, row.DecisionStatus!.Value));
        Assert.Equal((2, 3, earlier.Id), (row.ResidualLikelihood!.Value, row.ResidualImpact!.Value, row.ResidualAssessmentId!.Value));
    }

    [Fact]
    public async Task A_refused_manual_decision_changes_nothing_on_the_vendor()
    {
        var tenant = await app.CreateTenantAsync();
        var manager = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        var template = await TemplateAsync(app, tenant, manager.Id);
        var vendor = await VendorAsync(app, tenant, "Refused Robotics", RiskTier.Medium, VendorStatus.Active);
        var open = await OpenAssessmentAsync(app, tenant, template, vendor.Id, manager.Id, AssessmentStatus.Submitted, 20);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(manager.Email!);
        var url = $"/t/{tenant.Slug}/assessments/details/{open.Id}";
        await PostAsync(client, url, "StartReview", new() { ["version"] = await VersionAsync(tenant, open.Id) });

        var refused = await PostAsync(client, url, "Decide", new() { ["version"] = await VersionAsync(tenant, open.Id), ["decision"] = "Rejected", ["note"] = "" });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var row = await VendorRowAsync(app, tenant, vendor.Id);
        Assert.Null(row.DecisionAssessmentId);
        Assert.Null(row.DecidedAt);
    }

    [Fact]
    public async Task The_migration_backfill_finds_each_vendors_latest_decision_and_latest_rating()
    {
        var tenant = await app.CreateTenantAsync();
        var manager = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        var template = await TemplateAsync(app, tenant, manager.Id);
        var vendor = await VendorAsync(app, tenant, "Backfilled Brains", RiskTier.High, VendorStatus.Active);
        var untouched = await VendorAsync(app, tenant, "Never Decided", RiskTier.High, VendorStatus.Active);
        var rated = await DecidedAsync(app, tenant, template, vendor.Id, manager.Id, (4, 5));
        app.Clock.Advance(TimeSpan.FromDays(3));
        var unrated = await DecidedAsync(app, tenant, template, vendor.Id, manager.Id, null, AssessmentDecision.Rejected);
        await OpenAssessmentAsync(app, tenant, template, vendor.Id, manager.Id, AssessmentStatus.Cancelled, 20);
        // As before the migration: the columns are empty.
        await app.InDbAsync(db => db.Database.ExecuteSqlRawAsync(
            """UPDATE "Vendors" SET "DecisionAssessmentId" = NULL, "DecisionStatus" = NULL, "DecidedAt" = NULL, "ResidualLikelihood" = NULL, "ResidualImpact" = NULL, "ResidualAssessmentId" = NULL, "ResidualDecidedAt" = NULL"""));

        await app.InDbAsync(db => db.Database.ExecuteSqlRawAsync(CurrentDecision.BackfillSql(sqlServer: false)));

        var row = await VendorRowAsync(app, tenant, vendor.Id);
        Assert.Equal((unrated.Id, AssessmentStatus.Rejected), (row.DecisionAssessmentId!.Value, row.DecisionStatus!.Value));
        Assert.Equal(unrated.DecidedAt!.Value, row.DecidedAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal((4, 5, rated.Id), (row.ResidualLikelihood!.Value, row.ResidualImpact!.Value, row.ResidualAssessmentId!.Value));
        Assert.Equal(rated.DecidedAt!.Value, row.ResidualDecidedAt!.Value, TimeSpan.FromMilliseconds(1));
        var none = await VendorRowAsync(app, tenant, untouched.Id);
        Assert.Equal((null, null, null), (none.DecisionAssessmentId, none.ResidualLikelihood, none.ResidualImpact));
    }

    private Task<string> VersionAsync(Tenant tenant, Guid assessmentId) =>
        app.InDbAsync(async db => (await db.Assessments.AsNoTracking().SingleAsync(a => a.Id == assessmentId)).Version.ToString(CultureInfo.InvariantCulture), tenant.Id);

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string handler, Dictionary<string, string> fields)
    {
        var document = await client.GetDocumentAsync(url);
        fields["__RequestVerificationToken"] = document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        return await client.PostAsync($"{url}?handler={handler}", new FormUrlEncodedContent(fields));
    }
}
