using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Reviews;
using static VendorRisk.IntegrationTests.Reviews.ReviewTestKit;

namespace VendorRisk.IntegrationTests.ReviewOps;

public sealed class CancellationTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static string Url(ReviewScene scene, Guid instanceId) => $"/t/{scene.Tenant.Slug}/reviews/cancel/{instanceId}";

    private static Dictionary<string, string> Reason(string reason = "The vendor was dropped from the tender") => new() { ["Input.Reason"] = reason };

    [Fact]
    public async Task A_tenant_admin_cancels_a_running_review_closing_its_tasks_and_timers_in_one_step()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);
        var task = await ReviewTaskAsync(app, scene, instanceId);
        var admin = await app.SignedInAsync(scene.Admin);
        var page = await admin.GetDocumentAsync($"/t/{scene.Tenant.Slug}/reviews/instance/{instanceId}");
        Assert.NotNull(page.QuerySelector($"a[href='{Url(scene, instanceId)}']"));

        var response = await admin.SubmitAsync(Url(scene, instanceId), Reason());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var instance = await InstanceAsync(app, scene, instanceId);
        Assert.Equal("cancelled", instance.Status);
        Assert.NotNull(instance.FinishedAt);
        var closed = await app.InDbAsync(db => db.Set<WorkflowTask>().AsNoTracking().SingleAsync(t => t.Id == task.Id), scene.Tenant.Id);
        Assert.Equal(("cancelled", scene.Admin.Id), (closed.Outcome, closed.DecidedByUserId));
        Assert.All(await app.TimersAsync(scene, instanceId), t => Assert.NotNull(t.CancelledAt));
        Assert.Equal(AssessmentStatus.Cancelled, (await AssessmentOfAsync(app, scene, instanceId)).Status);
        var entry = (await app.JournalAsync(scene, instanceId))[^1];
        Assert.Equal(("review", null, "cancelled", scene.Admin.Id), (entry.FromActivityId, entry.ToActivityId, entry.Outcome, entry.ByUserId));
        var audit = Assert.Single(await app.AuditAsync(scene.Tenant, "review.cancelled"));
        Assert.Contains("dropped from the tender", audit.DetailsJson, StringComparison.Ordinal);
        var after = await admin.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Equal("Cancelled", after.QuerySelector("[data-testid=instance-status]")!.TextContent);
        Assert.Null(after.QuerySelector($"a[href='{Url(scene, instanceId)}']"));
    }

    [Fact]
    public async Task A_cancelled_review_accepts_no_more_input()
    {
        var scene = await SceneAsync(app, RiskTier.High);
        var (instanceId, ballot) = await CommitteeVoteTests.AtCommitteeAsync(app, scene);
        var manager = await app.CreateMemberAsync(scene.Tenant, TenantRoles.VendorManager);
        Assert.Equal(HttpStatusCode.Redirect, (await (await app.SignedInAsync(manager)).SubmitAsync(Url(scene, instanceId), Reason())).StatusCode);
        var timers = await app.TimersAsync(scene, instanceId);
        var version = (await InstanceAsync(app, scene, instanceId)).Version;
        var decidedTask = await app.InDbAsync(db => db.Set<WorkflowTask>().AsNoTracking()
            .FirstAsync(t => t.InstanceId == instanceId && t.Kind == "humanTask"), scene.Tenant.Id);

        var vote = await CommitteeVoteTests.VoteAsync(app, scene, instanceId, ballot, scene.Committee[0]);
        var decide = await DecideAsync(app, scene, instanceId, decidedTask.TaskId, "reject", scene.Reviewer);
        var extend = await RunAsync(app, scene, r => r.HandleAsync(instanceId, new DeadlineExtended(ballot.TaskId, scene.Admin.Id.ToString(), "more time"), scene.Admin.Id));
        var cancelAgain = await RunAsync(app, scene, r => r.HandleAsync(instanceId, new WorkflowCancelled(scene.Admin.Id.ToString(), "again"), scene.Admin.Id));
        var clarification = await RunAsync(app, scene, r => r.ClarificationAnsweredAsync(ballot.AssessmentId, scene.Requester.Id));
        app.Clock.Advance(TimeSpan.FromDays(30));
        var fired = await Task.WhenAll(timers.Select(t => RunAsync(app, scene, r => r.FireTimerAsync(instanceId, t.TimerId))));
        await SweepAsync(app);

        Assert.All(new[] { vote, decide, extend, cancelAgain, clarification }.Concat(fired), r => Assert.False(r.Applied, r.Message));
        Assert.Contains("voting has closed", vote.Message, StringComparison.Ordinal);
        Assert.Contains("finished (cancelled)", cancelAgain.Message, StringComparison.Ordinal);
        Assert.Equal(version, (await InstanceAsync(app, scene, instanceId)).Version);
        Assert.Equal(0, await app.InDbAsync(db => db.Set<WorkflowVote>().CountAsync(v => v.WorkflowTaskId == ballot.Id), scene.Tenant.Id));

        // The cancel page no longer offers a form and says why.
        var page = await (await app.SignedInAsync(scene.Admin)).GetDocumentAsync(Url(scene, instanceId));
        Assert.Null(page.QuerySelector("main form[method=post]"));
        Assert.Contains("already finished (cancelled)", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_reason_gets_a_field_message_and_the_review_keeps_running()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);
        var admin = await app.SignedInAsync(scene.Admin);

        var response = await admin.SubmitAsync(Url(scene, instanceId), Reason(""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Give a reason for cancelling the review.", (await Forms.ParseAsync(response)).FieldError("Input.Reason"));
        Assert.Equal("waiting", (await InstanceAsync(app, scene, instanceId)).Status);
    }

    [Fact]
    public async Task Reviewers_committee_members_auditors_vendor_contacts_and_other_tenants_cannot_cancel()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);
        var url = Url(scene, instanceId);
        var version = (await InstanceAsync(app, scene, instanceId)).Version;

        var reviewer = await app.SignedInAsync(scene.Reviewer);
        ReviewOpsKit.AssertRefused(await reviewer.GetAsync(url));
        ReviewOpsKit.AssertRefused(await reviewer.PostCraftedAsync(url, $"/t/{scene.Tenant.Slug}/reviews", Reason()));
        var committee = await app.SignedInAsync(scene.Committee[0]);
        ReviewOpsKit.AssertRefused(await committee.PostCraftedAsync(url, $"/t/{scene.Tenant.Slug}/committee", Reason()));
        var auditor = await app.SignedInAsync(await app.CreateMemberAsync(scene.Tenant, TenantRoles.Auditor));
        ReviewOpsKit.AssertRefused(await auditor.GetAsync(url));
        ReviewOpsKit.AssertRefused(await auditor.PostCraftedAsync(url, $"/t/{scene.Tenant.Slug}/dashboard", Reason()));
        var contact = await app.SignedInAsync(await app.CreateMemberAsync(scene.Tenant, TenantRoles.VendorContact, vendorId: scene.VendorId));
        ReviewOpsKit.AssertRefused(await contact.GetAsync(url));
        var other = await app.CreateTenantAsync();
        var outsider = await app.SignedInAsync(await app.CreateMemberAsync(other, TenantRoles.TenantAdmin));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/t/{other.Slug}/reviews/cancel/{instanceId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await outsider.PostCraftedAsync($"/t/{other.Slug}/reviews/cancel/{instanceId}", $"/t/{other.Slug}/dashboard", Reason())).StatusCode);

        var instance = await InstanceAsync(app, scene, instanceId);
        Assert.Equal((version, "waiting"), (instance.Version, instance.Status));
    }
}
