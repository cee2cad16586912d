using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Reviews.ReviewTestKit;

namespace VendorRisk.IntegrationTests.Reviews;

public sealed class ReviewPageTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = app.CreateBrowserClient();
        await client.SignInAsync(email);
        return client;
    }

    private static Dictionary<string, string> Approve() => new()
    {
        ["Input.Outcome"] = "approve", ["Input.Comment"] = "All good", ["Input.Likelihood"] = "2", ["Input.Impact"] = "3",
        ["Input.Rationale"] = "MFA and encryption in place",
    };

    [Fact]
    public async Task The_assigned_reviewer_sees_the_task_in_the_inbox_and_approves_it_with_a_residual_risk_rating()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);
        var task = await ReviewTaskAsync(app, scene, instanceId);
        var client = await SignedInAsync(scene.Reviewer.Email!);

        var inbox = await client.GetDocumentAsync($"/t/{scene.Tenant.Slug}/reviews");
        Assert.NotNull(inbox.QuerySelector($"a[href='/t/{scene.Tenant.Slug}/reviews/task/{task.Id}']"));
        var page = await client.GetDocumentAsync($"/t/{scene.Tenant.Slug}/reviews/task/{task.Id}");
        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.NotNull(page.QuerySelector("button[name='Input.Outcome'][value='requestClarification']"));

        var response = await client.SubmitAsync(page, $"/t/{scene.Tenant.Slug}/reviews/task/{task.Id}", Approve());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var instance = await InstanceAsync(app, scene, instanceId);
        Assert.Equal(("completed", "medium"), (instance.Status, instance.ResidualRisk)); // 2 x 3 = 6
        var assessment = await AssessmentOfAsync(app, scene, instanceId);
        Assert.Equal(AssessmentStatus.Approved, assessment.Status);
        Assert.Equal((2, 3), (assessment.ResidualLikelihood, assessment.ResidualImpact));
        Assert.Equal(app.Clock.GetUtcNow(), assessment.ResidualRatedAt!.Value, TimeSpan.FromMilliseconds(1));
        var graph = await client.GetDocumentAsync($"/t/{scene.Tenant.Slug}/reviews/instance/{instanceId}");
        Assert.Contains("approve", graph.QuerySelector("[data-testid=journal]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_a_review_workflow_runs_the_assessment_page_offers_no_manual_decision_and_refuses_one()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);
        var assessment = await AssessmentOfAsync(app, scene, instanceId);
        var client = await SignedInAsync(scene.Requester.Email!);
        var url = $"/t/{scene.Tenant.Slug}/assessments/details/{assessment.Id}";

        var page = await client.GetDocumentAsync(url);
        Assert.Null(page.QuerySelector("#decide-heading"));
        Assert.Null(page.QuerySelector("form[action*='handler=Cancel']"));
        Assert.Equal($"/t/{scene.Tenant.Slug}/reviews/instance/{instanceId}", page.QuerySelector("[data-testid=active-review]")?.GetAttribute("href"));

        var version = assessment.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (handler, fields) in new (string, Dictionary<string, string>)[]
        {
            ("Decide", new() { ["version"] = version, ["decision"] = "Approved" }),
            ("Cancel", new() { ["version"] = version }),
        })
        {
            // The forms are gone; post what a stale page or a crafted request would, with a valid anti-forgery token.
            fields["__RequestVerificationToken"] = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            var response = await client.PostAsync($"{url}?handler={handler}", new FormUrlEncodedContent(fields));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("A review workflow runs this assessment", (await Forms.ParseAsync(response)).ValidationMessages().Single(), StringComparison.Ordinal);
        }
        var after = await AssessmentOfAsync(app, scene, instanceId);
        Assert.Equal((AssessmentStatus.InReview, assessment.Version), (after.Status, after.Version));
        Assert.Equal("waiting", (await InstanceAsync(app, scene, instanceId)).Status);
    }

    [Fact]
    public async Task A_double_submitted_decision_form_is_answered_already_decided_not_with_an_error()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);
        var task = await ReviewTaskAsync(app, scene, instanceId);
        var client = await SignedInAsync(scene.Reviewer.Email!);
        var url = $"/t/{scene.Tenant.Slug}/reviews/task/{task.Id}";
        var page = await client.GetDocumentAsync(url);

        var first = await client.SubmitAsync(page, url, Approve());
        var second = await client.SubmitAsync(page, url, Approve());

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var inbox = await client.GetDocumentAsync($"/t/{scene.Tenant.Slug}/reviews");
        Assert.Contains("already decided", inbox.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_residual_risk_and_clarification_questions_get_field_messages()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);
        var task = await ReviewTaskAsync(app, scene, instanceId);
        var client = await SignedInAsync(scene.Reviewer.Email!);
        var url = $"/t/{scene.Tenant.Slug}/reviews/task/{task.Id}";

        var approve = await Forms.ParseAsync(await client.SubmitAsync(url, new Dictionary<string, string> { ["Input.Outcome"] = "approve" }));
        var clarify = await Forms.ParseAsync(await client.SubmitAsync(url, new Dictionary<string, string> { ["Input.Outcome"] = "requestClarification" }));

        Assert.NotNull(approve.FieldError("Input.Likelihood"));
        Assert.NotNull(approve.FieldError("Input.Rationale"));
        Assert.NotNull(clarify.FieldError("Input.QuestionIds"));
        Assert.Equal("waiting", (await InstanceAsync(app, scene, instanceId)).Status);
    }

    [Fact]
    public async Task A_user_of_another_tenant_the_vendor_contact_and_the_requester_cannot_decide()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);
        var task = await ReviewTaskAsync(app, scene, instanceId);
        var url = $"/t/{scene.Tenant.Slug}/reviews/task/{task.Id}";
        var before = (await InstanceAsync(app, scene, instanceId)).Version;

        // Another tenant's reviewer, on their own tenant's URL with this task id: 404.
        var other = await app.CreateTenantAsync();
        var outsider = await app.CreateMemberAsync(other, TenantRoles.Reviewer);
        var outsiderClient = await SignedInAsync(outsider.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await outsiderClient.GetAsync($"/t/{other.Slug}/reviews/task/{task.Id}")).StatusCode);
        var token = await TokenAsync(outsiderClient, $"/t/{other.Slug}/reviews");
        Assert.Equal(HttpStatusCode.NotFound, (await outsiderClient.PostAsync($"/t/{other.Slug}/reviews/task/{task.Id}", Form(token))).StatusCode);

        // The vendor's contact and the requester: refused.
        var contact = await app.CreateMemberAsync(scene.Tenant, TenantRoles.VendorContact, vendorId: scene.VendorId);
        var contactClient = await SignedInAsync(contact.Email!);
        AssertRefused(await contactClient.GetAsync(url));
        var requesterClient = await SignedInAsync(scene.Requester.Email!);
        AssertRefused(await requesterClient.GetAsync(url));
        var requesterToken = await TokenAsync(requesterClient, $"/t/{scene.Tenant.Slug}/reviews");
        AssertRefused(await requesterClient.PostAsync(url, Form(requesterToken)));

        var after = await InstanceAsync(app, scene, instanceId);
        Assert.Equal((before, "waiting"), (after.Version, after.Status));
    }

    [Fact]
    public async Task A_user_of_another_tenant_the_vendor_contact_and_the_requester_cannot_vote()
    {
        var scene = await SceneAsync(app, RiskTier.High);
        var requesterInCommittee = scene.Requester;
        await app.InDbAsync(async db =>
        {
            var membership = await db.Memberships.SingleAsync(m => m.UserId == requesterInCommittee.Id);
            membership.ChangeRoles(membership.Roles | TenantRoles.CommitteeMember);
            return await db.SaveChangesAsync();
        }, scene.Tenant.Id);
        var (instanceId, ballot) = await CommitteeVoteTests.AtCommitteeAsync(app, scene);
        var url = $"/t/{scene.Tenant.Slug}/committee/vote/{ballot.Id}";
        var fields = new Dictionary<string, string> { ["Input.Vote"] = "approve" };

        var other = await app.CreateTenantAsync();
        var outsider = await app.CreateMemberAsync(other, TenantRoles.CommitteeMember);
        var outsiderClient = await SignedInAsync(outsider.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await outsiderClient.GetAsync($"/t/{other.Slug}/committee/vote/{ballot.Id}")).StatusCode);

        var contact = await app.CreateMemberAsync(scene.Tenant, TenantRoles.VendorContact, vendorId: scene.VendorId);
        var contactClient = await SignedInAsync(contact.Email!);
        AssertRefused(await contactClient.GetAsync(url));

        var requesterClient = await SignedInAsync(scene.Requester.Email!);
        var requesterPage = await requesterClient.GetDocumentAsync(url);
        Assert.Null(requesterPage.QuerySelector("main form[method=post] input[name='Input.Vote']"));
        var token = await TokenAsync(requesterClient, url);
        var forged = await requesterClient.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = token }));
        AssertRefused(forged);
        Assert.Equal(0, await app.InDbAsync(db => db.Set<WorkflowVote>().CountAsync(v => v.WorkflowTaskId == ballot.Id), scene.Tenant.Id));

        // A committee member votes through the page; a second vote is not offered and a forged one is refused in the page.
        var member = await SignedInAsync(scene.Committee[0].Email!);
        Assert.Equal(HttpStatusCode.Redirect, (await member.SubmitAsync(url, fields)).StatusCode);
        var again = await member.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = await TokenAsync(member, $"/t/{scene.Tenant.Slug}/committee") }));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("already voted", (await Forms.ParseAsync(again)).ValidationMessages().Single(), StringComparison.Ordinal);
        Assert.Equal(1, await app.InDbAsync(db => db.Set<WorkflowVote>().CountAsync(v => v.WorkflowTaskId == ballot.Id), scene.Tenant.Id));
        _ = instanceId;
    }

    /// <summary>Refused: 403 from the page's resource check, or the policy's redirect to the 403 page.</summary>
    private static void AssertRefused(HttpResponseMessage response) =>
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden
            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.AbsolutePath == "/errors/403"),
            $"Expected a refusal, got {(int)response.StatusCode} {response.Headers.Location}");

    private static FormUrlEncodedContent Form(string token) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token, ["Input.Outcome"] = "reject", ["Input.Comment"] = "no", ["Input.IdempotencyKey"] = Guid.NewGuid().ToString("N"),
    });

    private static async Task<string> TokenAsync(HttpClient client, string pageUrl) =>
        (await client.GetDocumentAsync(pageUrl)).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
        ?? throw new InvalidOperationException($"No anti-forgery token on {pageUrl}.");
}
