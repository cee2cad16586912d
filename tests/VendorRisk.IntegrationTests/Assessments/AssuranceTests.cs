using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.Assessments;
using VendorRisk.Application.Tenancy;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.IntegrationTests.Api;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Portal;
using VendorRisk.IntegrationTests.Reviews;
using VendorRisk.Testing;

namespace VendorRisk.IntegrationTests.Assessments;

/// <summary>
/// Issue 14, item 2 (ADR-026): the score in two figures, claimed and verified, a rating the verified part supports, "not applicable"
/// with a reason a reviewer accepts, and "partly" on a key control as a finding, driven through the portal, the review page, the PDF
/// report and the API.
/// </summary>
public sealed class AssuranceTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private const string Questionnaire = """
        {
          "id": "assurance-basics",
          "version": "1.0.0",
          "title": "Assurance basics",
          "sections": [
            {
              "id": "sec",
              "title": "Security",
              "items": [
                { "id": "mfa", "type": "singleChoice", "text": "Is MFA enforced for administrators?", "key": true, "required": true, "weight": 2,
                  "evidence": { "prompt": "Your MFA policy" },
                  "choices": [ { "value": "yes", "label": "Yes", "score": 10, "result": "compliant" },
                               { "value": "partly", "label": "Partly", "score": 5, "result": "partiallyCompliant" },
                               { "value": "no", "label": "No", "score": 0, "result": "nonCompliant" } ] },
                { "id": "encryption", "type": "singleChoice", "text": "Is data encrypted at rest?", "required": true, "evidence": { "prompt": "The key management policy" },
                  "choices": [ { "value": "yes", "label": "Yes", "score": 10, "result": "compliant" }, { "value": "no", "label": "No", "score": 0, "result": "nonCompliant" } ] },
                { "id": "pentest", "type": "singleChoice", "text": "Is the service penetration tested every year?", "required": true, "evidence": { "prompt": "The last report" },
                  "choices": [ { "value": "yes", "label": "Yes", "score": 10, "result": "compliant" }, { "value": "no", "label": "No", "score": 0, "result": "nonCompliant" },
                               { "value": "na", "label": "Not applicable", "result": "notApplicable" } ] },
                { "id": "training", "type": "singleChoice", "text": "Do staff take security training every year?", "required": true, "evidence": { "prompt": "Training records" },
                  "choices": [ { "value": "yes", "label": "Yes", "score": 10, "result": "compliant" }, { "value": "no", "label": "No", "score": 0, "result": "nonCompliant" } ] }
              ]
            }
          ]
        }
        """;

    private sealed record World(Tenant Tenant, AppUser Manager, AppUser Reviewer, AppUser Contact, Guid VendorId, Guid AssessmentId)
    {
        public string PortalUrl => $"/t/{Tenant.Slug}/portal/assessments/{AssessmentId}";
    }

    private async Task<World> WorldAsync()
    {
        var tenant = await app.CreateTenantAsync();
        var manager = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager | TenantRoles.Reviewer);
        var reviewer = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var vendor = await app.Scenario.VendorAsync(tenant.Id, "Glossy AI " + Guid.NewGuid().ToString("N")[..6], (v, now) => v.SetComputedTier(RiskTier.High, now));
        var contact = await app.CreateMemberAsync(tenant, TenantRoles.VendorContact, vendorId: vendor.Id);
        var template = await app.Scenario.PublishedQuestionnaireAsync(tenant.Id, Questionnaire, manager.Id);
        var assessmentId = await PortalTestKit.IssueAsync(app, tenant, template, vendor.Id, manager.Id, [contact.Email!]);
        return new World(tenant, manager, reviewer, contact, vendor.Id, assessmentId);
    }

    private static async Task AnswerAsync(HttpClient client, string token, World world, string itemId, string value, string? reason = null)
    {
        var response = await AutosaveAsync(client, token, world.PortalUrl, itemId, value, reason);
        PortalTestKit.AssertStatus(HttpStatusCode.OK, response, "answer to " + itemId);
    }

    private static async Task<HttpResponseMessage> AutosaveAsync(HttpClient client, string token, string url, string itemId, string value, string? reason)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url + "?handler=Autosave")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { itemId, values = new[] { value }, version = 0, reason }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("RequestVerificationToken", token);
        request.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("application/json"));
        return await client.SendAsync(request);
    }

    private static async Task SubmitAsync(HttpClient client, World world)
    {
        var response = await client.SubmitAsync(world.PortalUrl, new Dictionary<string, string>(), "form[action*='handler=Submit']");
        PortalTestKit.AssertStatus(HttpStatusCode.Redirect, response, "submit");
    }

    private async Task<JsonElement> ApiAssuranceAsync(World world)
    {
        var api = app.ApiClient(await app.TokenAsync(world.Tenant, world.Manager));
        var body = await (await api.GetAsync($"/api/v1/assessments/{world.AssessmentId}")).JsonAsync();
        return body;
    }

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var text = string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        return string.Join(" ", text.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The outside testers' vendor: every answer favourable, four one-line .txt files as evidence, nothing accepted.</summary>
    [Fact]
    public async Task All_favourable_answers_with_junk_evidence_claim_100_but_verify_nothing_on_the_review_page_the_pdf_and_the_api()
    {
        var world = await WorldAsync();
        var vendor = await PortalTestKit.SignedInAsync(app, world.Contact);
        var token = PortalTestKit.Token(await vendor.GetDocumentAsync(world.PortalUrl));
        foreach (var item in new[] { "mfa", "encryption", "pentest", "training" })
        {
            await AnswerAsync(vendor, token, world, item, "yes");
            var uploaded = await PortalTestKit.UploadAsync(vendor, token, world.PortalUrl, item, item + ".txt", Encoding.UTF8.GetBytes("We are secure.\n"));
            PortalTestKit.AssertStatus(HttpStatusCode.Redirect, uploaded, "upload for " + item);
        }
        await SubmitAsync(vendor, world);
        var submitted = await PortalTestKit.AssessmentAsync(app, world.AssessmentId);
        Assert.Equal(100m, submitted.Score);

        // The API: two figures, the rating from the verified one.
        var api = await ApiAssuranceAsync(world);
        var assurance = api.GetProperty("assurance");
        Assert.Equal(100.00m, assurance.GetProperty("claimedScore").GetDecimal());
        Assert.Equal(0.00m, assurance.GetProperty("verifiedScore").GetDecimal());
        Assert.True(assurance.GetProperty("unverified").GetBoolean());
        Assert.Equal((4, 0, 4), (assurance.GetProperty("creditAnswers").GetInt32(), assurance.GetProperty("verifiedAnswers").GetInt32(),
            assurance.GetProperty("awaitingReview").GetInt32()));
        var rating = assurance.GetProperty("rating").GetString();
        Assert.True(rating is "Moderate" or "Weak", $"rating {rating}: no better than the middle band expected");
        Assert.Equal("Weak", rating);
        Assert.Contains("unverified", assurance.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Empty(api.GetProperty("findings").EnumerateArray());

        // The review page.
        var instanceId = await ReviewAsync(world);
        var task = Assert.Single(await app.InDbAsync(db => db.Set<WorkflowTask>().AsNoTracking()
            .Where(t => t.InstanceId == instanceId && t.Outcome == null && t.Kind == Application.Reviews.WorkflowRunner.KindHumanTask).ToListAsync(), world.Tenant.Id));
        var reviewer = await PortalTestKit.SignedInAsync(app, world.Reviewer);
        var page = await reviewer.GetDocumentAsync($"/t/{world.Tenant.Slug}/reviews/task/{task.Id}");
        Assert.Equal("100.00", page.QuerySelector("[data-testid=claimed-score]")!.TextContent.Trim());
        Assert.Equal("0.00", page.QuerySelector("[data-testid=verified-score]")!.TextContent.Trim());
        Assert.Equal("Weak", page.QuerySelector("[data-testid=rating]")!.TextContent.Trim());
        Assert.Equal("Unverified", page.QuerySelector("[data-testid=unverified-badge]")!.TextContent.Trim());
        Assert.Equal("4 of 4 scored answers unverified (4 with evidence awaiting review)", page.QuerySelector("[data-testid=unverified-text]")!.TextContent.Trim());

        // The PDF report.
        var manager = await PortalTestKit.SignedInAsync(app, world.Manager);
        var pdf = PdfText(await manager.GetByteArrayAsync($"/t/{world.Tenant.Slug}/reports/assessment/{world.AssessmentId}"));
        Assert.Contains("Claimed score 100.00 / 100", pdf, StringComparison.Ordinal);
        Assert.Contains("Verified score 0.00 / 100 (unverified answers)", pdf, StringComparison.Ordinal);
        Assert.Contains("Unverified 4 of 4 scored answers unverified (4 with evidence awaiting review)", pdf, StringComparison.Ordinal);
        Assert.Contains("Rating Weak", pdf, StringComparison.Ordinal);
        Assert.Contains("Score claimed 100.00, verified 0.00; rating Weak", pdf, StringComparison.Ordinal);
    }

    /// <summary>The review workflow the submission started, or one started now.</summary>
    private async Task<Guid> ReviewAsync(World world)
    {
        var existing = await app.InDbAsync(db => db.Set<WorkflowInstance>().AsNoTracking().Where(i => i.AssessmentId == world.AssessmentId)
            .Select(i => (Guid?)i.Id).FirstOrDefaultAsync(), world.Tenant.Id);
        if (existing is { } id) return id;
        var scene = new ReviewScene(world.Tenant, world.Manager, world.Reviewer, [], world.Manager, world.VendorId, Guid.Empty);
        var started = await ReviewTestKit.RunAsync(app, scene, r => r.StartForAssessmentAsync(world.AssessmentId));
        Assert.True(started.Applied, started.Message);
        return started.InstanceId!.Value;
    }

    [Fact]
    public async Task Not_applicable_without_a_reason_is_refused_with_a_message_and_saves_nothing()
    {
        var world = await WorldAsync();
        var vendor = await PortalTestKit.SignedInAsync(app, world.Contact);
        var page = await vendor.GetDocumentAsync(world.PortalUrl);
        Assert.NotNull(page.QuerySelector("textarea[name='na.pentest']"));
        Assert.Null(page.QuerySelector("textarea[name='na.mfa']")); // no "not applicable" choice, no reason field
        var token = PortalTestKit.Token(page);

        var refused = await AutosaveAsync(vendor, token, world.PortalUrl, "pentest", "na", null);
        PortalTestKit.AssertStatus(HttpStatusCode.BadRequest, refused, "N/A without a reason");
        Assert.Equal(AssuranceScoring.NotApplicableReasonRequired, (await PortalTestKit.JsonAsync(refused)).GetProperty("message").GetString());
        Assert.DoesNotContain(await PortalTestKit.AnswersAsync(app, world.AssessmentId), a => a.ItemId == "pentest");

        // The no-script section form says it beside the question.
        var section = await vendor.SubmitAsync(world.PortalUrl, new Dictionary<string, string> { ["v.pentest"] = "0", ["q.pentest"] = "na", ["na.pentest"] = " " },
            "form[data-section-form='sec']");
        PortalTestKit.AssertStatus(HttpStatusCode.OK, section, "section form with N/A and no reason");
        var shown = await Forms.ParseAsync(section);
        Assert.Equal(AssuranceScoring.NotApplicableReasonRequired, shown.QuerySelector("#item-pentest [data-item-error]")!.TextContent.Trim());
        Assert.DoesNotContain(await PortalTestKit.AnswersAsync(app, world.AssessmentId), a => a.ItemId == "pentest");
    }

    [Fact]
    public async Task A_not_applicable_reason_counts_as_unverified_until_a_reviewer_accepts_it()
    {
        var world = await WorldAsync();
        var vendor = await PortalTestKit.SignedInAsync(app, world.Contact);
        var token = PortalTestKit.Token(await vendor.GetDocumentAsync(world.PortalUrl));
        await AnswerAsync(vendor, token, world, "mfa", "yes");
        await AnswerAsync(vendor, token, world, "encryption", "yes");
        await AnswerAsync(vendor, token, world, "training", "no");
        await AnswerAsync(vendor, token, world, "pentest", "na", "  We host nothing: the model runs on the customer's own servers.  ");
        var stored = Assert.Single(await PortalTestKit.AnswersAsync(app, world.AssessmentId), a => a.ItemId == "pentest");
        Assert.Equal(("We host nothing: the model runs on the customer's own servers.", false), (stored.NotApplicableReason, stored.NotApplicableAccepted));
        await SubmitAsync(vendor, world);

        var before = (await ApiAssuranceAsync(world)).GetProperty("assurance");
        Assert.Equal(1, before.GetProperty("notApplicablePending").GetInt32());
        Assert.Equal(0.00m, before.GetProperty("verifiedScore").GetDecimal());
        Assert.Contains("\"not applicable\" answer unverified", before.GetProperty("summary").GetString(), StringComparison.Ordinal);

        // The reviewer reads the reason on the assessment page and accepts it.
        var reviewer = await PortalTestKit.SignedInAsync(app, world.Manager);
        var detailsUrl = $"/t/{world.Tenant.Slug}/assessments/details/{world.AssessmentId}";
        var details = await reviewer.GetDocumentAsync(detailsUrl);
        Assert.Contains("the model runs on the customer's own servers", details.QuerySelector("#item-pentest [data-testid=na-reason]")!.TextContent, StringComparison.Ordinal);
        var accepted = await reviewer.SubmitAsync(details, detailsUrl, new Dictionary<string, string>(), "form[action*='handler=AcceptNotApplicable']");
        PortalTestKit.AssertStatus(HttpStatusCode.Redirect, accepted, "accepting the reason");

        var answer = Assert.Single(await PortalTestKit.AnswersAsync(app, world.AssessmentId), a => a.ItemId == "pentest");
        Assert.True(answer.NotApplicableAccepted);
        Assert.Equal(world.Manager.Id, answer.NotApplicableAcceptedByUserId);
        var after = (await ApiAssuranceAsync(world)).GetProperty("assurance");
        Assert.Equal(0, after.GetProperty("notApplicablePending").GetInt32());
        Assert.Equal(before.GetProperty("claimedScore").GetDecimal(), after.GetProperty("claimedScore").GetDecimal());
        Assert.Null((await reviewer.GetDocumentAsync(detailsUrl)).QuerySelector("form[action*='handler=AcceptNotApplicable']"));
        Assert.True(await app.InDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == "assessment.not-applicable-accepted"
            && e.EntityId == world.AssessmentId.ToString()), world.Tenant.Id));

        // Accepting again is refused with a message, not an error page.
        var again = await reviewer.PostAsync(detailsUrl + "?handler=AcceptNotApplicable",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["itemId"] = "pentest", ["__RequestVerificationToken"] = PortalTestKit.Token(details) }));
        Assert.True((int)again.StatusCode < 500, $"accepting twice answered {(int)again.StatusCode}");
    }

    /// <summary>
    /// Item 2 and 7 of issue 14 together: a reassessment carries the previous "not applicable" answer with the vendor's reason (ADR-025,
    /// ADR-026), but not the reviewer's acceptance, which docs/formats/assurance.md says the new assessment's reviewers must give again.
    /// The previous assessment is built with the scenario builder, decided, its reason accepted.
    /// </summary>
    [Fact]
    public async Task A_reassessment_carries_not_applicable_with_its_reason_and_the_reviewers_accept_it_again()
    {
        var world = await WorldAsync();
        var reason = "We host nothing: the model runs on the customer's own servers.";
        static string Choice(string value) => AssessmentPlan.Json(AnswerJson.FromInput(ItemType.SingleChoice, [value]).Value!);
        var template = await app.InDbAsync(db => db.QuestionnaireTemplates.SingleAsync(t => t.TemplateKey == "assurance-basics"), world.Tenant.Id);
        var previous = await app.Scenario.AssessmentAsync(world.Tenant.Id, new AssessmentPlan(world.VendorId, template, world.Manager.Id)
        {
            Title = "Last year's review",
            Contacts = [(world.Contact.Email!, world.Contact.Id)],
            Answers = new Dictionary<string, string> { ["mfa"] = Choice("yes"), ["encryption"] = Choice("yes"), ["pentest"] = Choice("na"), ["training"] = Choice("no") },
            AnsweredBy = world.Contact.Id,
            Submitted = true,
            InReview = true,
            Decision = AssessmentDecision.Approved,
        });
        await app.InDbAsync(async db =>
        {
            var answer = await db.AssessmentAnswers.SingleAsync(a => a.AssessmentId == previous.Id && a.ItemId == "pentest");
            answer.ExplainNotApplicable(reason);
            answer.AcceptNotApplicable(world.Reviewer.Id, app.Scenario.Now);
            return await db.SaveChangesAsync();
        }, world.Tenant.Id);
        // The world's open assessment is withdrawn, so the decided one is the latest the vendor submitted.
        await app.InDbAsync(async db => { (await db.Assessments.SingleAsync(a => a.Id == world.AssessmentId)).Cancel(app.Scenario.Now); return await db.SaveChangesAsync(); }, world.Tenant.Id);

        var sent = await app.InScopeAsync(async sp =>
        {
            Assert.True(await sp.GetRequiredService<TenantDoor>().EnterAsMemberAsync(world.Tenant.Slug, world.Manager.Id, CancellationToken.None));
            return await sp.GetRequiredService<AssessmentOperations>().SendAsync(world.VendorId,
                new SendAssessment(template.Id, "Reassessment", app.Scenario.Today.AddDays(30), [world.Contact.Email!], null), CancellationToken.None);
        });

        Assert.True(sent.Succeeded, sent.Message);
        Assert.Equal(4, sent.Value!.CarriedOverAnswers);
        var carried = Assert.Single(await PortalTestKit.AnswersAsync(app, sent.Value.Id), a => a.ItemId == "pentest");
        Assert.True(carried.CarriedOver);
        Assert.Equal((reason, false, (Guid?)null), (carried.NotApplicableReason, carried.NotApplicableAccepted, carried.NotApplicableAcceptedByUserId));
        var audit = await app.InDbAsync(db => db.AuditEvents.SingleAsync(e => e.Action == "assessment.sent" && e.EntityId == sent.Value.Id.ToString()), world.Tenant.Id);
        Assert.Contains($"\"previousAssessmentId\":\"{previous.Id}\"", audit.DetailsJson, StringComparison.Ordinal);

        // The vendor sees the carried answer with its reason, to confirm or change.
        var vendor = await PortalTestKit.SignedInAsync(app, world.Contact);
        var portalUrl = $"/t/{world.Tenant.Slug}/portal/assessments/{sent.Value.Id}";
        var portal = await vendor.GetDocumentAsync(portalUrl);
        Assert.Equal(reason, portal.QuerySelector("textarea[name='na.pentest']")!.TextContent.Trim());

        // Once submitted, the reason counts as unverified until a reviewer of the new assessment accepts it (docs/formats/assurance.md).
        var confirm = await vendor.SubmitAsync(portal, portalUrl, new Dictionary<string, string>(), "form[action*='handler=ConfirmAll']");
        PortalTestKit.AssertStatus(HttpStatusCode.Redirect, confirm, "confirm all carried answers");
        var submitted = await vendor.SubmitAsync(portalUrl, new Dictionary<string, string>(), "form[action*='handler=Submit']");
        PortalTestKit.AssertStatus(HttpStatusCode.Redirect, submitted, "submit the reassessment");
        var reassessment = world with { AssessmentId = sent.Value.Id };
        var pending = (await ApiAssuranceAsync(reassessment)).GetProperty("assurance");
        Assert.Equal(1, pending.GetProperty("notApplicablePending").GetInt32());

        var reviewer = await PortalTestKit.SignedInAsync(app, world.Manager);
        var detailsUrl = $"/t/{world.Tenant.Slug}/assessments/details/{sent.Value.Id}";
        var details = await reviewer.GetDocumentAsync(detailsUrl);
        Assert.Contains("the model runs on the customer's own servers", details.QuerySelector("#item-pentest [data-testid=na-reason]")!.TextContent, StringComparison.Ordinal);
        var accepted = await reviewer.SubmitAsync(details, detailsUrl, new Dictionary<string, string>(), "form[action*='handler=AcceptNotApplicable']");
        PortalTestKit.AssertStatus(HttpStatusCode.Redirect, accepted, "accepting the carried reason");
        Assert.Equal(0, (await ApiAssuranceAsync(reassessment)).GetProperty("assurance").GetProperty("notApplicablePending").GetInt32());
        var now = Assert.Single(await PortalTestKit.AnswersAsync(app, sent.Value.Id), a => a.ItemId == "pentest");
        Assert.Equal((reason, true, (Guid?)world.Manager.Id), (now.NotApplicableReason, now.NotApplicableAccepted, now.NotApplicableAcceptedByUserId));
    }

    [Fact]
    public async Task Partly_on_a_key_control_raises_a_finding_and_open_critical_findings_keep_the_rating_weak()
    {
        var world = await WorldAsync();
        var vendor = await PortalTestKit.SignedInAsync(app, world.Contact);
        var token = PortalTestKit.Token(await vendor.GetDocumentAsync(world.PortalUrl));
        await AnswerAsync(vendor, token, world, "mfa", "partly");
        await AnswerAsync(vendor, token, world, "encryption", "yes");
        await AnswerAsync(vendor, token, world, "pentest", "yes");
        await AnswerAsync(vendor, token, world, "training", "yes");
        await SubmitAsync(vendor, world);

        var body = await ApiAssuranceAsync(world);
        var finding = Assert.Single(body.GetProperty("findings").EnumerateArray());
        Assert.Equal(("mfa", "Medium", "Key control only partly in place: Is MFA enforced for administrators?"),
            (finding.GetProperty("itemId").GetString(), finding.GetProperty("severity").GetString(), finding.GetProperty("title").GetString()));
        Assert.Equal(80.00m, body.GetProperty("assurance").GetProperty("claimedScore").GetDecimal());

        // A reviewer's open critical finding: the rating stays at the worst band whatever the scores say.
        await app.InDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            db.ReviewFindings.Add(ReviewFinding.Raise(world.AssessmentId, null, new FindingDetails(FindingSeverity.Critical, "Shared admin account", null, [],
                FindingTreatment.Mitigate, "Named accounts", FindingOwnerKind.Internal, world.Manager.Id, DateOnly.FromDateTime(now.UtcDateTime).AddDays(30)),
                world.Manager.Id, now));
            return await db.SaveChangesAsync();
        }, world.Tenant.Id);
        Assert.Equal("Weak", (await ApiAssuranceAsync(world)).GetProperty("assurance").GetProperty("rating").GetString());
    }
}
