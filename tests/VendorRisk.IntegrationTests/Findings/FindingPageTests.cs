using System.Net;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Application.Findings;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Findings.FindingsTestKit;

namespace VendorRisk.IntegrationTests.Findings;

public sealed class FindingPageTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task A_reviewer_raises_edits_and_closes_an_internally_owned_finding_and_every_step_is_audited()
    {
        var scene = await SceneAsync(app);
        var reviewer = await SignedInAsync(app, scene.Review.Reviewer.Email!);

        var finding = await RaiseAsync(app, scene, reviewer, Fields(owner: scene.Review.Admin.Id.ToString()));
        Assert.Equal((FindingStatus.Open, FindingOwnerKind.Internal, scene.Review.Admin.Id, scene.InstanceId, FindingSeverity.High),
            (finding.Status, finding.OwnerKind, finding.OwnerUserId, finding.InstanceId, finding.Severity));
        Assert.Equal(["mfa"], finding.LinkedItemIds);
        Assert.Equal(scene.Review.Reviewer.Id, finding.RaisedByUserId);

        var edited = await reviewer.SubmitAsync(scene.EditUrl(finding.Id), Fields(title: "MFA missing for all administrators",
            owner: scene.Review.Admin.Id.ToString(), treatment: "transfer", severity: "critical"));
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        var list = await reviewer.GetDocumentAsync(scene.ListUrl);
        var row = list.QuerySelector($"tr[data-finding-id='{finding.Id}']")!;
        Assert.Contains("MFA missing for all administrators", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("transfer", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Do you enforce MFA?", row.TextContent, StringComparison.Ordinal);

        var closed = await reviewer.SubmitAsync(scene.DetailsUrl(finding.Id), new Dictionary<string, string>
            { ["Input.Action"] = "close", ["Input.Note"] = "IdP policy verified" });
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);

        var after = await FindingAsync(app, scene, finding.Id);
        Assert.Equal((FindingStatus.Closed, FindingSeverity.Critical, FindingTreatment.Transfer, "IdP policy verified"),
            (after.Status, after.Severity, after.Treatment, after.ResolutionNote));
        Assert.Equal([AuditActions.FindingRaised, AuditActions.FindingEdited, AuditActions.FindingClosed], await AuditActionsAsync(app, scene, finding.Id));
        Assert.DoesNotContain(await MailsAsync(app, FindingMails.KindAssignedToVendor), m => m.To == scene.Contact.Email);
    }

    [Fact]
    public async Task Accepting_the_risk_needs_a_rationale_and_a_reopened_finding_can_be_edited_again()
    {
        var scene = await SceneAsync(app);
        var reviewer = await SignedInAsync(app, scene.Review.Reviewer.Email!);
        // A medium finding: the reviewer acting on the review may accept its risk (high and critical ones need the gates' roles, ADR-027).
        var finding = await RaiseAsync(app, scene, reviewer, Fields(severity: "medium"));
        var url = scene.DetailsUrl(finding.Id);

        var page = await reviewer.GetDocumentAsync(url);
        Assert.Null(page.QuerySelector("button[name='Input.Action'][value='close']")); // the vendor has not answered yet
        var missing = await Forms.ParseAsync(await reviewer.SubmitAsync(page, url, new Dictionary<string, string> { ["Input.Action"] = "accept-risk" }));
        Assert.Equal("Give the rationale for accepting the risk.", missing.FieldError("Input.Note"));
        Assert.Equal("Give the date the acceptance expires.", missing.FieldError("Input.AcceptedUntil"));
        var past = await Forms.ParseAsync(await reviewer.SubmitAsync(url, new Dictionary<string, string>
            { ["Input.Action"] = "accept-risk", ["Input.Note"] = "VPN", ["Input.AcceptedUntil"] = "2000-01-01" }));
        Assert.Equal("The acceptance must expire after today.", past.FieldError("Input.AcceptedUntil"));
        var tooLong = await Forms.ParseAsync(await reviewer.SubmitAsync(url, new Dictionary<string, string>
            { ["Input.Action"] = "accept-risk", ["Input.Note"] = "VPN", ["Input.AcceptedUntil"] = "2199-01-01" }));
        Assert.StartsWith("An acceptance may run at most 365 days", tooLong.FieldError("Input.AcceptedUntil"), StringComparison.Ordinal);
        Assert.Equal(FindingStatus.Open, (await FindingAsync(app, scene, finding.Id)).Status);

        var until = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(90);
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync(url, new Dictionary<string, string>
        {
            ["Input.Action"] = "accept-risk", ["Input.Note"] = "VPN with client certificates in front of the admin console",
            ["Input.AcceptedUntil"] = until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        })).StatusCode);
        Assert.Equal(until, (await FindingAsync(app, scene, finding.Id)).RiskAcceptedUntil);
        Assert.Equal((FindingStatus.RiskAccepted, FindingTreatment.Accept), ((await FindingAsync(app, scene, finding.Id)).Status, (await FindingAsync(app, scene, finding.Id)).Treatment));
        var refused = await Forms.ParseAsync(await reviewer.SubmitAsync(scene.EditUrl(finding.Id), Fields(title: "Changed")));
        Assert.Contains(refused.ValidationMessages(), m => m.Contains("reopen it first", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync(url, new Dictionary<string, string>
            { ["Input.Action"] = "reopen", ["Input.Note"] = "The VPN was decommissioned" })).StatusCode);
        Assert.Equal(FindingStatus.Open, (await FindingAsync(app, scene, finding.Id)).Status);
        Assert.Equal([AuditActions.FindingRaised, AuditActions.FindingRiskAccepted, AuditActions.FindingReopened], await AuditActionsAsync(app, scene, finding.Id));
    }

    [Fact]
    public async Task Missing_title_past_due_date_unknown_treatment_and_foreign_owner_get_field_messages_and_nothing_is_saved()
    {
        var scene = await SceneAsync(app);
        var reviewer = await SignedInAsync(app, scene.Review.Reviewer.Email!);
        var yesterday = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var fields = Fields(title: "", dueOn: yesterday, treatment: "ignore", owner: Guid.NewGuid().ToString());
        fields["Input.ItemIds"] = "not-a-question";

        var response = await reviewer.SubmitAsync(scene.NewUrl, fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Equal("Give the finding a title.", page.FieldError("Input.Title"));
        Assert.Equal("The due date cannot be in the past.", page.FieldError("Input.DueOn"));
        Assert.Equal("Choose a treatment: mitigate, accept, transfer or avoid.", page.FieldError("Input.Treatment"));
        Assert.Equal("Choose the vendor or a person of this organisation.", page.FieldError("Input.Owner"));
        Assert.Equal("Choose questions of this assessment.", page.FieldError("Input.ItemIds"));
        Assert.NotNull(page.QuerySelector("label[for='Input_Title']"));
        Assert.Empty(await FindingsAsync(app, scene));

        // A number is not a treatment, even one that maps to an enum member.
        var numeric = await Forms.ParseAsync(await reviewer.SubmitAsync(scene.NewUrl, Fields(treatment: "1")));
        Assert.Equal("Choose a treatment: mitigate, accept, transfer or avoid.", numeric.FieldError("Input.Treatment"));
        Assert.Empty(await FindingsAsync(app, scene));
    }

    [Fact]
    public async Task A_stale_edit_is_refused_with_a_conflict_message_and_the_newer_finding_stays()
    {
        var scene = await SceneAsync(app);
        var reviewer = await SignedInAsync(app, scene.Review.Reviewer.Email!);
        var finding = await RaiseAsync(app, scene, reviewer);
        var url = scene.EditUrl(finding.Id);
        var stale = await reviewer.GetDocumentAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync(url, Fields(title: "First edit"))).StatusCode);
        var response = await reviewer.SubmitAsync(stale, url, Fields(title: "Second edit"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Contains(page.ValidationMessages(), m => m.Contains("changed this finding while you were editing it", StringComparison.Ordinal)
            && m.Contains("First edit", StringComparison.Ordinal));
        Assert.Equal("Second edit", page.QuerySelector("input[name='Input.Title']")!.GetAttribute("value"));
        var current = await FindingAsync(app, scene, finding.Id);
        Assert.Equal(("First edit", 1), (current.Title, current.Version));

        // Saving the form again (it now carries the current version) wins.
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync(page, url, Fields(title: "Second edit"))).StatusCode);
        Assert.Equal("Second edit", (await FindingAsync(app, scene, finding.Id)).Title);
    }

    [Fact]
    public async Task The_task_page_lists_raised_findings_and_offers_each_engine_finding_as_a_prefilled_finding()
    {
        var scene = await SceneAsync(app);
        var reviewer = await SignedInAsync(app, scene.Review.Reviewer.Email!);
        var task = await Reviews.ReviewTestKit.ReviewTaskAsync(app, scene.Review, scene.InstanceId);
        var taskUrl = $"/t/{scene.Slug}/reviews/task/{task.Id}";

        var page = await reviewer.GetDocumentAsync(taskUrl);
        var raise = page.QuerySelector("a[data-testid=raise-as-finding]")!;
        Assert.NotNull(page.QuerySelector($"a[data-testid=add-finding][href='{scene.NewUrl}']"));
        var form = await reviewer.GetDocumentAsync(raise.GetAttribute("href")!);
        Assert.Equal("MFA is not enforced for administrators", form.QuerySelector("input[name='Input.Title']")!.GetAttribute("value"));
        Assert.Equal("high", form.QuerySelector("select[name='Input.Severity'] option[selected]")!.GetAttribute("value"));
        Assert.NotNull(form.QuerySelector("input[name='Input.ItemIds'][value='no_mfa'][checked]"));

        var response = await reviewer.SubmitAsync(form, raise.GetAttribute("href")!, CurrentValues(form));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var finding = Assert.Single(await FindingsAsync(app, scene));
        Assert.Equal(("MFA is not enforced for administrators", FindingSeverity.High, FindingOwnerKind.Vendor), (finding.Title, finding.Severity, finding.OwnerKind));
        var mail = Assert.Single(await MailsAsync(app, FindingMails.KindAssignedToVendor), m => m.To == scene.Contact.Email);
        Assert.Contains("MFA is not enforced for administrators", mail.Subject, StringComparison.Ordinal);

        var again = await reviewer.GetDocumentAsync(taskUrl);
        Assert.NotNull(again.QuerySelector($"[data-testid=findings] tr[data-finding-id='{finding.Id}']"));
    }

    [Fact]
    public async Task The_committee_summary_lists_open_findings_with_treatment_owner_and_due_date_but_not_resolved_ones()
    {
        var scene = await SceneAsync(app);
        var reviewer = await SignedInAsync(app, scene.Review.Reviewer.Email!);
        await RaiseAsync(app, scene, reviewer, Fields(title: "Logs kept 7 days", owner: scene.Review.Admin.Id.ToString(), treatment: "transfer", dueOn: "2099-03-01"));
        var resolved = await RaiseAsync(app, scene, reviewer, Fields(title: "Resolved one", owner: scene.Review.Admin.Id.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync(scene.DetailsUrl(resolved.Id), new Dictionary<string, string>
            { ["Input.Action"] = "close" })).StatusCode);

        var summary = await app.InDbAsync(db => VendorRisk.Application.Reviews.ReviewSummaryReader.LoadAsync(db, scene.AssessmentId), scene.Review.Tenant.Id);

        var open = Assert.Single(summary!.OpenFindings);
        Assert.Equal(("Logs kept 7 days", FindingTreatment.Transfer, scene.Review.Admin.DisplayName, new DateOnly(2099, 3, 1)),
            (open.Title, open.Treatment, open.Owner, open.DueOn));
    }

    [Fact]
    public async Task The_committee_vote_page_shows_open_findings_with_treatment_owner_and_due_date()
    {
        var review = await Reviews.ReviewTestKit.SceneAsync(app, RiskTier.High);
        var (instanceId, ballot) = await Reviews.CommitteeVoteTests.AtCommitteeAsync(app, review);
        var assessment = await Reviews.ReviewTestKit.AssessmentOfAsync(app, review, instanceId);
        await app.InDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            db.ReviewFindings.Add(ReviewFinding.Raise(assessment.Id, instanceId, new FindingDetails(FindingSeverity.Critical, "Training data retention unknown",
                null, ["mfa"], FindingTreatment.Avoid, "Stop sending personal data", FindingOwnerKind.Internal, review.Admin.Id, new DateOnly(2099, 5, 1)),
                review.Reviewer.Id, now));
            var closed = ReviewFinding.Raise(assessment.Id, instanceId, new FindingDetails(FindingSeverity.Low, "Closed already", null, [],
                FindingTreatment.Mitigate, null, FindingOwnerKind.Internal, review.Admin.Id, new DateOnly(2099, 5, 1)), review.Reviewer.Id, now);
            closed.Close(null, review.Reviewer.Id, now);
            db.ReviewFindings.Add(closed);
            return await db.SaveChangesAsync();
        }, review.Tenant.Id);
        var member = await SignedInAsync(app, review.Committee[0].Email!);

        var page = await member.GetDocumentAsync($"/t/{review.Tenant.Slug}/committee/vote/{ballot.Id}");

        var table = page.QuerySelector("table[data-testid=open-findings]")!;
        var row = Assert.Single(table.QuerySelectorAll("tbody tr"));
        Assert.Contains("Training data retention unknown", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("avoid: Stop sending personal data", row.TextContent, StringComparison.Ordinal);
        Assert.Contains(review.Admin.DisplayName, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("2099-05-01", row.TextContent, StringComparison.Ordinal);
    }
}
