using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Application.Findings;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Findings.FindingsTestKit;

namespace VendorRisk.IntegrationTests.Findings;

/// <summary>The vendor's side of findings, and who may not read or change them.</summary>
public sealed class FindingAccessTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static string Day(int daysFromNow, DateTimeOffset now) =>
        DateOnly.FromDateTime(now.UtcDateTime).AddDays(daysFromNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_vendor_contact_answers_a_finding_with_a_remediation_plan_and_the_reviewer_sees_it_and_is_mailed()
    {
        var scene = await SceneAsync(app);
        var reviewer = await SignedInAsync(app, scene.Review.Reviewer.Email!);
        var finding = await RaiseAsync(app, scene, reviewer);
        var internalOnly = await RaiseAsync(app, scene, reviewer, Fields(title: "Internal follow-up", owner: scene.Review.Admin.Id.ToString()));
        Assert.Contains(await MailsAsync(app, FindingMails.KindAssignedToVendor), m => m.To == scene.Contact.Email);

        var contact = await SignedInAsync(app, scene.Contact.Email!);
        var home = await contact.GetDocumentAsync("/portal");
        Assert.NotNull(home.QuerySelector($"a[data-testid=portal-findings][href='{scene.PortalUrl}']"));
        var page = await contact.GetDocumentAsync(scene.PortalUrl);
        Assert.NotNull(page.QuerySelector($"[data-finding-id='{finding.Id}']"));
        Assert.Null(page.QuerySelector($"[data-finding-id='{internalOnly.Id}']"));
        Assert.Single(page.QuerySelectorAll("h1"));

        var formSelector = $"[data-finding-id='{finding.Id}'] form";
        var missing = await Forms.ParseAsync(await contact.SubmitAsync(page, scene.PortalUrl,
            new Dictionary<string, string> { ["Input.Plan"] = "", ["Input.TargetOn"] = Day(-1, app.Clock.GetUtcNow()) }, formSelector));
        Assert.Equal("Describe your remediation plan.", missing.FieldError("Input.Plan"));
        Assert.Equal("The target date cannot be in the past.", missing.FieldError("Input.TargetOn"));
        Assert.Equal(FindingStatus.Open, (await FindingAsync(app, scene, finding.Id)).Status);

        var answered = await contact.SubmitAsync(page, scene.PortalUrl,
            new Dictionary<string, string> { ["Input.Plan"] = "Roll out FIDO2 keys to all admins", ["Input.TargetOn"] = Day(20, app.Clock.GetUtcNow()) }, formSelector);
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);

        var after = await FindingAsync(app, scene, finding.Id);
        Assert.Equal((FindingStatus.RemediationProposed, "Roll out FIDO2 keys to all admins", scene.Contact.Id),
            (after.Status, after.RemediationPlan, after.RemediationByUserId));
        Assert.Contains(await MailsAsync(app, FindingMails.KindRemediationProposed), m => m.To == scene.Review.Reviewer.Email);
        Assert.Equal([AuditActions.FindingRaised, AuditActions.FindingRemediationProposed], await AuditActionsAsync(app, scene, finding.Id));
        var list = await reviewer.GetDocumentAsync(scene.ListUrl);
        Assert.Contains("Roll out FIDO2 keys to all admins", list.QuerySelector($"tr[data-finding-id='{finding.Id}'] [data-testid=remediation]")!.TextContent,
            StringComparison.Ordinal);

        // The reviewer now verifies and closes it; the vendor can no longer answer.
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync(scene.DetailsUrl(finding.Id), new Dictionary<string, string>
            { ["Input.Action"] = "close", ["Input.Note"] = "Keys seen in the IdP" })).StatusCode);
        var closedPage = await contact.GetDocumentAsync(scene.PortalUrl);
        Assert.Null(closedPage.QuerySelector($"[data-finding-id='{finding.Id}'] form"));
    }

    [Fact]
    public async Task A_contact_of_another_vendor_of_the_same_tenant_cannot_see_or_answer_the_findings()
    {
        var scene = await SceneAsync(app);
        var reviewer = await SignedInAsync(app, scene.Review.Reviewer.Email!);
        var finding = await RaiseAsync(app, scene, reviewer);
        var otherVendorId = await app.InDbAsync(async db =>
        {
            var vendor = Vendor.Create("Other AI " + Guid.NewGuid().ToString("N")[..6], null, null, null, app.Clock.GetUtcNow());
            db.Vendors.Add(vendor);
            await db.SaveChangesAsync();
            return vendor.Id;
        }, scene.Review.Tenant.Id);
        var stranger = await app.CreateMemberAsync(scene.Review.Tenant, TenantRoles.VendorContact, vendorId: otherVendorId);
        var client = await SignedInAsync(app, stranger.Email!);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(scene.PortalUrl)).StatusCode);
        var token = await TokenAsync(client, "/portal");
        var post = await client.PostAsync(scene.PortalUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.FindingId"] = finding.Id.ToString(), ["Input.Plan"] = "forged",
            ["Input.TargetOn"] = "2099-01-01", ["Input.Version"] = "0",
        }));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.DoesNotContain(finding.Id.ToString(), (await client.GetDocumentAsync("/portal")).Source.Text, StringComparison.Ordinal);
        var after = await FindingAsync(app, scene, finding.Id);
        Assert.Equal((FindingStatus.Open, (string?)null, 0), (after.Status, after.RemediationPlan, after.Version));
    }

    [Fact]
    public async Task A_vendor_contact_is_refused_on_the_internal_findings_pages_and_cannot_answer_an_internal_finding()
    {
        var scene = await SceneAsync(app);
        var reviewer = await SignedInAsync(app, scene.Review.Reviewer.Email!);
        var internalFinding = await RaiseAsync(app, scene, reviewer, Fields(owner: scene.Review.Admin.Id.ToString()));
        var contact = await SignedInAsync(app, scene.Contact.Email!);

        AssertRefused(await contact.GetAsync(scene.ListUrl));
        AssertRefused(await contact.GetAsync(scene.NewUrl));
        AssertRefused(await contact.GetAsync(scene.DetailsUrl(internalFinding.Id)));
        var token = await TokenAsync(contact, "/portal");
        var fields = new Dictionary<string, string>(Fields(title: "Forged")) { ["__RequestVerificationToken"] = token };
        AssertRefused(await contact.PostAsync(scene.NewUrl, new FormUrlEncodedContent(fields)));
        AssertRefused(await contact.PostAsync(scene.DetailsUrl(internalFinding.Id), new FormUrlEncodedContent(new Dictionary<string, string>
            { ["__RequestVerificationToken"] = token, ["Input.Action"] = "close", ["Input.Version"] = "0" })));
        // The portal does not take an answer to a finding the vendor does not own.
        Assert.Equal(HttpStatusCode.NotFound, (await contact.PostAsync(scene.PortalUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.FindingId"] = internalFinding.Id.ToString(), ["Input.Plan"] = "forged",
            ["Input.TargetOn"] = "2099-01-01", ["Input.Version"] = "0",
        }))).StatusCode);

        var only = Assert.Single(await FindingsAsync(app, scene));
        Assert.Equal((FindingStatus.Open, 0, (string?)null), (only.Status, only.Version, only.RemediationPlan));
    }

    [Fact]
    public async Task Another_tenants_reviewer_gets_404_and_changes_nothing()
    {
        var scene = await SceneAsync(app);
        var reviewer = await SignedInAsync(app, scene.Review.Reviewer.Email!);
        var finding = await RaiseAsync(app, scene, reviewer);
        var other = await app.CreateTenantAsync();
        var outsider = await app.CreateMemberAsync(other, TenantRoles.Reviewer);
        var client = await SignedInAsync(app, outsider.Email!);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/t/{other.Slug}/findings/{scene.AssessmentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/t/{other.Slug}/findings/details/{finding.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/t/{other.Slug}/findings/edit/{scene.AssessmentId}/{finding.Id}")).StatusCode);
        var token = await TokenAsync(client, $"/t/{other.Slug}/reviews");
        var edit = new Dictionary<string, string>(Fields(title: "Forged")) { ["__RequestVerificationToken"] = token, ["Input.Version"] = "0" };
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/t/{other.Slug}/findings/edit/{scene.AssessmentId}/{finding.Id}", new FormUrlEncodedContent(edit))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/t/{other.Slug}/findings/edit/{scene.AssessmentId}", new FormUrlEncodedContent(edit))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/t/{other.Slug}/findings/details/{finding.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
            { ["__RequestVerificationToken"] = token, ["Input.Action"] = "accept-risk", ["Input.Note"] = "forged", ["Input.Version"] = "0" }))).StatusCode);
        // Nor through the victim tenant's URL, where the outsider has no membership.
        AssertRefused(await client.GetAsync(scene.ListUrl));

        var only = Assert.Single(await FindingsAsync(app, scene));
        Assert.Equal(("MFA missing for admins", FindingStatus.Open, 0), (only.Title, only.Status, only.Version));
        Assert.Equal(1, await app.CountAllAsync<ReviewFinding>() - await app.InDbAsync(db => db.ReviewFindings.IgnoreQueryFilters().CountAsync(f => f.AssessmentId != scene.AssessmentId)));
    }

    [Fact]
    public async Task An_auditor_reads_findings_but_every_write_is_refused_and_changes_nothing()
    {
        var scene = await SceneAsync(app);
        var reviewer = await SignedInAsync(app, scene.Review.Reviewer.Email!);
        var finding = await RaiseAsync(app, scene, reviewer, Fields(owner: scene.Review.Admin.Id.ToString()));
        var auditor = await app.CreateMemberAsync(scene.Review.Tenant, TenantRoles.Auditor);
        var client = await SignedInAsync(app, auditor.Email!);

        var assessmentPage = await client.GetDocumentAsync($"/t/{scene.Slug}/assessments/details/{scene.AssessmentId}");
        Assert.NotNull(assessmentPage.QuerySelector($"a[data-testid=findings-link][href='{scene.ListUrl}']"));
        var list = await client.GetDocumentAsync(scene.ListUrl);
        Assert.NotNull(list.QuerySelector($"tr[data-finding-id='{finding.Id}']"));
        Assert.Null(list.QuerySelector($"a[href='{scene.NewUrl}']"));
        var details = await client.GetDocumentAsync(scene.DetailsUrl(finding.Id));
        Assert.Null(details.QuerySelector("button[name='Input.Action']"));
        AssertRefused(await client.GetAsync(scene.NewUrl));

        var token = await TokenAsync(client, scene.ListUrl);
        AssertRefused(await client.PostAsync(scene.EditUrl(finding.Id), new FormUrlEncodedContent(
            new Dictionary<string, string>(Fields(title: "Auditor edit")) { ["__RequestVerificationToken"] = token, ["Input.Version"] = "0" })));
        AssertRefused(await client.PostAsync(scene.NewUrl, new FormUrlEncodedContent(
            new Dictionary<string, string>(Fields(title: "Auditor finding")) { ["__RequestVerificationToken"] = token })));
        AssertRefused(await client.PostAsync(scene.DetailsUrl(finding.Id), new FormUrlEncodedContent(new Dictionary<string, string>
            { ["__RequestVerificationToken"] = token, ["Input.Action"] = "close", ["Input.Version"] = "0" })));

        var only = Assert.Single(await FindingsAsync(app, scene));
        Assert.Equal(("MFA missing for admins", FindingStatus.Open, 0), (only.Title, only.Status, only.Version));
    }

    [Fact]
    public async Task The_requester_and_a_reviewer_who_is_not_on_the_review_may_read_but_not_raise_or_change_findings()
    {
        var scene = await SceneAsync(app);
        var reviewer = await SignedInAsync(app, scene.Review.Reviewer.Email!);
        var finding = await RaiseAsync(app, scene, reviewer, Fields(owner: scene.Review.Admin.Id.ToString()));
        // Assign the pooled task to the scene's reviewer, so another reviewer of the tenant is not on this review.
        await app.InDbAsync(async db =>
        {
            var task = await db.Set<Domain.Reviews.WorkflowTask>().SingleAsync(t => t.InstanceId == scene.InstanceId && t.Outcome == null);
            db.Entry(task).Property(t => t.AssigneeUserId).CurrentValue = scene.Review.Reviewer.Id;
            return await db.SaveChangesAsync();
        }, scene.Review.Tenant.Id);
        var bystander = await app.CreateMemberAsync(scene.Review.Tenant, TenantRoles.Reviewer);

        foreach (var email in new[] { scene.Review.Requester.Email!, bystander.Email! })
        {
            var client = await SignedInAsync(app, email);
            var list = await client.GetDocumentAsync(scene.ListUrl);
            Assert.Null(list.QuerySelector($"a[href='{scene.NewUrl}']"));
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(scene.NewUrl)).StatusCode);
            var token = await TokenAsync(client, scene.ListUrl);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync(scene.EditUrl(finding.Id), new FormUrlEncodedContent(
                new Dictionary<string, string>(Fields(title: "Not mine")) { ["__RequestVerificationToken"] = token, ["Input.Version"] = "0" }))).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync(scene.DetailsUrl(finding.Id), new FormUrlEncodedContent(new Dictionary<string, string>
                { ["__RequestVerificationToken"] = token, ["Input.Action"] = "close", ["Input.Version"] = "0" }))).StatusCode);
        }

        var only = Assert.Single(await FindingsAsync(app, scene));
        Assert.Equal((FindingStatus.Open, 0), (only.Status, only.Version));
    }
}
