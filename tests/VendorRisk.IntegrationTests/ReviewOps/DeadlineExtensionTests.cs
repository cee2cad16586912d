using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Reviews;
using static VendorRisk.IntegrationTests.Reviews.ReviewTestKit;

namespace VendorRisk.IntegrationTests.ReviewOps;

public sealed class DeadlineExtensionTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static string Url(ReviewScene scene, WorkflowTask task) => $"/t/{scene.Tenant.Slug}/reviews/extend/{task.Id}";

    private static Dictionary<string, string> Reason(string reason = "Waiting for the vendor's SOC 2 report") => new() { ["Input.Reason"] = reason };

    private Task<WorkflowTask> TaskRowAsync(ReviewScene scene, Guid id) =>
        app.InDbAsync(db => db.Set<WorkflowTask>().AsNoTracking().SingleAsync(t => t.Id == id), scene.Tenant.Id);

    [Fact]
    public async Task The_assignee_extends_an_open_task_with_a_reason_and_its_timers_are_rescheduled()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);
        var task = await ReviewTaskAsync(app, scene, instanceId);
        var before = await app.TimersAsync(scene, instanceId);
        Assert.Equal(2, before.Count(t => t.IsPending));
        var client = await app.SignedInAsync(scene.Reviewer);
        var page = await client.GetDocumentAsync(Url(scene, task));
        Assert.Equal("0 of 2", page.QuerySelector("[data-testid=extensions]")!.TextContent.Trim());

        var response = await client.SubmitAsync(page, Url(scene, task), Reason());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var extended = await TaskRowAsync(scene, task.Id);
        Assert.Equal(task.DueAt!.Value.AddHours(72), extended.DueAt);
        var after = await app.TimersAsync(scene, instanceId);
        Assert.All(before, old => Assert.NotNull(after.Single(t => t.Id == old.Id).CancelledAt));
        var fresh = after.Where(t => t.IsPending).ToList();
        Assert.Equal(2, fresh.Count);
        Assert.Contains(fresh, t => t.Purpose == "due" && t.DueAt == extended.DueAt);
        Assert.Contains(fresh, t => t.Purpose == "reminder" && t.DueAt == extended.DueAt!.Value.AddHours(-24));

        var journal = await app.JournalAsync(scene, instanceId);
        var entry = Assert.Single(journal, j => j.Outcome == "deadlineExtended");
        Assert.Equal(("review", "review", scene.Reviewer.Id), (entry.FromActivityId, entry.ToActivityId, entry.ByUserId));
        var audit = Assert.Single(await app.AuditAsync(scene.Tenant, "review.deadline-extended"));
        Assert.Contains("SOC 2 report", audit.DetailsJson, StringComparison.Ordinal);
        Assert.Equal(scene.Reviewer.Id, audit.ActorUserId);

        // The old timers' jobs arriving later change nothing.
        app.Clock.Advance(TimeSpan.FromHours(73));
        var version = (await InstanceAsync(app, scene, instanceId)).Version;
        foreach (var old in before) Assert.False((await RunAsync(app, scene, r => r.FireTimerAsync(instanceId, old.TimerId))).Applied);
        Assert.Equal(version, (await InstanceAsync(app, scene, instanceId)).Version);

        // The new timers are rows the sweeper fires when due (ADR-046): past the new reminder's time, it fires and the new due timer waits.
        var reminder = fresh.Single(t => t.Purpose == "reminder");
        app.Clock.Advance(reminder.DueAt - app.Clock.GetUtcNow() + TimeSpan.FromMinutes(1));
        await SweepAsync(app);
        var swept = await app.TimersAsync(scene, instanceId);
        Assert.NotNull(swept.Single(t => t.Id == reminder.Id).FiredAt);
        Assert.True(swept.Single(t => t.Purpose == "due" && t.DueAt == extended.DueAt).IsPending);
    }

    [Fact]
    public async Task Extensions_stop_at_the_definitions_bound_with_a_clear_message()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);
        var task = await ReviewTaskAsync(app, scene, instanceId);
        var client = await app.SignedInAsync(scene.Reviewer);
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitAsync(Url(scene, task), Reason())).StatusCode);
        var due = (await TaskRowAsync(scene, task.Id)).DueAt;

        var page = await client.GetDocumentAsync(Url(scene, task));
        Assert.Contains("the most this review allows", page.QuerySelector("[data-testid=no-extensions-left]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("main form[method=post]"));
        var crafted = await client.PostCraftedAsync(Url(scene, task), $"/t/{scene.Tenant.Slug}/reviews",
            new Dictionary<string, string>(Reason()) { ["Input.ExtensionsSeen"] = "2" });

        Assert.Equal(HttpStatusCode.OK, crafted.StatusCode);
        Assert.Contains("extended 2 times, the most allowed", (await Forms.ParseAsync(crafted)).ValidationMessages().Single(), StringComparison.Ordinal);
        Assert.Equal(due, (await TaskRowAsync(scene, task.Id)).DueAt);
        Assert.Equal(2, (await app.JournalAsync(scene, instanceId)).Count(j => j.Outcome == "deadlineExtended"));
    }

    [Fact]
    public async Task A_resubmitted_extension_form_extends_only_once()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);
        var task = await ReviewTaskAsync(app, scene, instanceId);
        var client = await app.SignedInAsync(scene.Reviewer);
        var page = await client.GetDocumentAsync(Url(scene, task));

        var first = await client.SubmitAsync(page, Url(scene, task), Reason());
        var second = await client.SubmitAsync(page, Url(scene, task), Reason());

        Assert.Equal((HttpStatusCode.Redirect, HttpStatusCode.Redirect), (first.StatusCode, second.StatusCode));
        Assert.Equal(task.DueAt!.Value.AddHours(72), (await TaskRowAsync(scene, task.Id)).DueAt);
        var instancePage = await client.GetDocumentAsync(second.Headers.Location!.OriginalString);
        Assert.Contains("already extended", instancePage.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_or_too_long_reason_gets_a_field_message_and_changes_nothing()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);
        var task = await ReviewTaskAsync(app, scene, instanceId);
        var client = await app.SignedInAsync(scene.Reviewer);
        var version = (await InstanceAsync(app, scene, instanceId)).Version;

        var empty = await Forms.ParseAsync(await client.SubmitAsync(Url(scene, task), Reason("  ")));
        var longer = await Forms.ParseAsync(await client.SubmitAsync(Url(scene, task), Reason(new string('x', 501))));

        Assert.Equal("Give a reason for the extension.", empty.FieldError("Input.Reason"));
        Assert.Equal("Use at most 500 characters.", longer.FieldError("Input.Reason"));
        Assert.Equal(version, (await InstanceAsync(app, scene, instanceId)).Version);
    }

    [Fact]
    public async Task An_escalation_role_member_may_extend_but_not_the_requester_another_reviewer_a_vendor_contact_an_auditor_or_another_tenant()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);
        var task = await ReviewTaskAsync(app, scene, instanceId);
        var url = Url(scene, task);
        var reviewsPage = $"/t/{scene.Tenant.Slug}/reviews";
        var version = (await InstanceAsync(app, scene, instanceId)).Version;

        var requester = await app.SignedInAsync(scene.Requester);
        ReviewOpsKit.AssertRefused(await requester.GetAsync(url));
        ReviewOpsKit.AssertRefused(await requester.PostCraftedAsync(url, reviewsPage, Reason()));
        var otherReviewer = await app.SignedInAsync(await app.CreateMemberAsync(scene.Tenant, TenantRoles.Reviewer));
        ReviewOpsKit.AssertRefused(await otherReviewer.PostCraftedAsync(url, reviewsPage, Reason()));
        var contact = await app.SignedInAsync(await app.CreateMemberAsync(scene.Tenant, TenantRoles.VendorContact, vendorId: scene.VendorId));
        ReviewOpsKit.AssertRefused(await contact.GetAsync(url));
        var auditor = await app.SignedInAsync(await app.CreateMemberAsync(scene.Tenant, TenantRoles.Auditor));
        ReviewOpsKit.AssertRefused(await auditor.GetAsync(url));
        ReviewOpsKit.AssertRefused(await auditor.PostCraftedAsync(url, $"/t/{scene.Tenant.Slug}/dashboard", Reason()));
        var other = await app.CreateTenantAsync();
        var outsider = await app.SignedInAsync(await app.CreateMemberAsync(other, TenantRoles.TenantAdmin | TenantRoles.Reviewer));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/t/{other.Slug}/reviews/extend/{task.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostCraftedAsync($"/t/{other.Slug}/reviews/extend/{task.Id}", $"/t/{other.Slug}/reviews", Reason())).StatusCode);
        Assert.Equal(version, (await InstanceAsync(app, scene, instanceId)).Version);

        // The SLA escalates to tenant admins: the admin may extend.
        var admin = await app.SignedInAsync(scene.Admin);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(url, Reason("Vendor asked for a week"))).StatusCode);
        Assert.Equal(scene.Admin.Id, Assert.Single(await app.JournalAsync(scene, instanceId), j => j.Outcome == "deadlineExtended").ByUserId);
    }
}
