using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Messaging;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Files;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Assessments;

public sealed class AssessmentPageTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static readonly Dictionary<string, string> SubmittedAnswers = new()
    {
        ["has_policy"] = AnswerJson.Serialize(AnswerValue.False),
        ["trains_on_data"] = AnswerJson.Serialize(AnswerValue.Text("never")),
    };

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string tokenPage, string target, IEnumerable<KeyValuePair<string, string>>? fields = null)
    {
        var document = await client.GetDocumentAsync(tokenPage);
        var token = document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var values = new List<KeyValuePair<string, string>>(fields ?? []) { new("__RequestVerificationToken", token) };
        return await client.PostAsync(target, new FormUrlEncodedContent(values));
    }

    private static string DetailsUrl(AssessmentWorld w, Guid id) => $"/t/{w.Tenant.Slug}/assessments/details/{id}";

    [Fact]
    public async Task The_page_shows_the_live_score_findings_and_carried_over_answers()
    {
        var w = await app.WorldAsync();
        var a = await app.SeedAssessmentAsync(w, AssessmentStatus.Submitted, SubmittedAnswers);

        var page = await w.Client.GetDocumentAsync(DetailsUrl(w, a.Id));

        Assert.Equal("submitted", page.QuerySelector("[data-testid=assessment-status]")!.TextContent.Trim());
        // has_policy = false scores 0, trains_on_data = never scores 100: two equally weighted sections.
        Assert.StartsWith("50", page.QuerySelector("[data-testid=score]")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains("No AI policy", page.QuerySelector("[data-testid=findings]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Never", page.QuerySelector("[data-item=trains_on_data] [data-testid=answer]")!.TextContent, StringComparison.Ordinal);
        Assert.Single(page.QuerySelectorAll("h1"));
    }

    [Fact]
    public async Task The_list_filters_by_status_and_marks_overdue_assessments()
    {
        var w = await app.WorldAsync();
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var late = await app.SeedAssessmentAsync(w, AssessmentStatus.Sent, due: today.AddDays(2));
        var done = await app.SeedAssessmentAsync(w, AssessmentStatus.Submitted, SubmittedAnswers);
        app.Clock.Advance(TimeSpan.FromDays(5));
        var client = app.CreateBrowserClient(); // the earlier sign-in has expired by now
        await client.SignInAsync(w.Manager.Email!);
        {
            var all = await client.GetDocumentAsync($"/t/{w.Tenant.Slug}/assessments");
            Assert.NotNull(all.QuerySelector($"tr[data-id='{late.Id}'] [data-testid=overdue]"));
            Assert.Null(all.QuerySelector($"tr[data-id='{done.Id}'] [data-testid=overdue]"));

            var submittedOnly = await client.GetDocumentAsync($"/t/{w.Tenant.Slug}/assessments?status=Submitted");
            Assert.Equal([done.Id.ToString()], submittedOnly.QuerySelectorAll("tr[data-id]").Select(r => r.GetAttribute("data-id")!));
        }
    }

    [Fact]
    public async Task Clarification_reopens_only_the_chosen_questions_and_tells_the_contacts()
    {
        var w = await app.WorldAsync();
        var a = await app.SeedAssessmentAsync(w, AssessmentStatus.Submitted, SubmittedAnswers, contacts: ["one@vendor.example", "two@vendor.example"]);

        var version = a.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Without a word for the vendor nothing is reopened: the vendor would not know what to clarify.
        var silent = await PostAsync(w.Client, DetailsUrl(w, a.Id), DetailsUrl(w, a.Id) + "?handler=Clarify", [new("version", version), new("itemIds", "has_policy")]);
        Assert.Equal(HttpStatusCode.BadRequest, silent.StatusCode);
        Assert.Contains("Tell the vendor what to clarify", (await Forms.ParseAsync(silent)).QuerySelector("#clarify-comment-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(AssessmentStatus.Submitted, (await app.AssessmentAsync(w.Tenant.Id, a.Id)).Status);

        var response = await PostAsync(w.Client, DetailsUrl(w, a.Id), DetailsUrl(w, a.Id) + "?handler=Clarify",
            [new("version", version), new("itemIds", "has_policy"), new("comment", "Which policy covers model training?")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await app.AssessmentAsync(w.Tenant.Id, a.Id);
        Assert.Equal(AssessmentStatus.ClarificationRequested, after.Status);
        Assert.True(after.VendorMayAnswer("has_policy"));
        Assert.False(after.VendorMayAnswer("trains_on_data"));
        var mails = await app.InDbAsync(db => db.OutboxMessages.Where(m => m.TenantId == w.Tenant.Id && m.Kind == "assessment-clarification")
            .Select(m => m.ToAddress).OrderBy(x => x).ToListAsync());
        Assert.Equal(["one@vendor.example", "two@vendor.example"], mails);
        // The mail names the question with the reviewer's words and links straight to it in the portal.
        var body = app.BodyOf(await app.InDbAsync(db => db.OutboxMessages.Where(m => m.TenantId == w.Tenant.Id && m.Kind == "assessment-clarification")
            .FirstAsync())).Text;
        Assert.Contains("Which policy covers model training?", body, StringComparison.Ordinal);
        Assert.Contains($"{VendorRiskApp.PublicBaseUrl}/t/{w.Tenant.Slug}/portal/assessments/{a.Id}#item-has_policy", body, StringComparison.Ordinal);
        Assert.Equal(1, await app.InDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "assessment.clarification-requested"), w.Tenant.Id));
        var reopened = Assert.Single(await app.InDbAsync(db => db.ReopenedItems.Where(r => r.AssessmentId == a.Id).ToListAsync(), w.Tenant.Id));
        Assert.Equal(("has_policy", "Which policy covers model training?", 1), (reopened.ItemId, reopened.Reason, reopened.Round));
        Assert.Equal(SubmittedAnswers["has_policy"], reopened.AnswerBeforeJson);
    }

    [Fact]
    public async Task An_illegal_transition_shows_the_assessments_message_and_changes_nothing()
    {
        var w = await app.WorldAsync();
        var a = await app.SeedAssessmentAsync(w, AssessmentStatus.Sent);

        var response = await PostAsync(w.Client, DetailsUrl(w, a.Id), DetailsUrl(w, a.Id) + "?handler=StartReview",
            [new("version", a.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("An assessment that is sent cannot become in review.", (await Forms.ParseAsync(response)).ValidationMessages());
        Assert.Equal(AssessmentStatus.Sent, (await app.AssessmentAsync(w.Tenant.Id, a.Id)).Status);
    }

    [Fact]
    public async Task Review_then_manual_decision_with_conditions_is_recorded_and_audited()
    {
        var w = await app.WorldAsync();
        var a = await app.SeedAssessmentAsync(w, AssessmentStatus.Submitted, SubmittedAnswers);
        var url = DetailsUrl(w, a.Id);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(w.Client, url, url + "?handler=StartReview", [new("version", a.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))])).StatusCode);
        var inReview = await app.AssessmentAsync(w.Tenant.Id, a.Id);
        var version = inReview.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var missing = await PostAsync(w.Client, url, url + "?handler=Decide",
            [new("version", version), new("decision", "ApprovedWithConditions"), new("note", ""), new("conditions", " "), new("conditionsOwner", "someone"),
                new("conditionsDueOn", app.Scenario.Today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var refused = await Forms.ParseAsync(missing);
        Assert.Equal("Describe the conditions.", refused.FieldError("Conditions"));
        Assert.Equal("Choose the vendor or a person of this organisation.", refused.FieldError("ConditionsOwner"));
        Assert.Equal("The due date cannot be in the past.", refused.FieldError("ConditionsDueOn"));
        Assert.Equal(0, await app.InDbAsync(db => db.DecisionConditions.CountAsync(c => c.AssessmentId == a.Id), w.Tenant.Id));
        Assert.Equal(AssessmentStatus.InReview, (await app.AssessmentAsync(w.Tenant.Id, a.Id)).Status);

        var due = app.Scenario.Today.AddDays(90);
        var decided = await PostAsync(w.Client, url, url + "?handler=Decide",
            [new("version", version), new("decision", "ApprovedWithConditions"), new("note", ""), new("conditions", "Adopt an AI policy within 90 days."),
                new("conditionsOwner", "vendor"), new("conditionsDueOn", due.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))]);

        Assert.Equal(HttpStatusCode.Redirect, decided.StatusCode);
        var after = await app.AssessmentAsync(w.Tenant.Id, a.Id);
        Assert.Equal(AssessmentStatus.ApprovedWithConditions, after.Status);
        Assert.Equal("Adopt an AI policy within 90 days.", after.DecisionNote);
        // One operation: the manual conditions are a tracked condition, as the committee's (ADR-027).
        var condition = await app.InDbAsync(db => db.DecisionConditions.SingleAsync(c => c.AssessmentId == a.Id), w.Tenant.Id);
        Assert.Equal("Adopt an AI policy within 90 days.", condition.Text);
        Assert.Equal(Domain.Reviews.ConditionOwnerKind.Vendor, condition.OwnerKind);
        Assert.Equal(due, condition.DueOn);
        Assert.Equal(Domain.Reviews.ConditionStatus.Open, condition.Status);
        Assert.Equal(1, await app.InDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "condition.set" && e.EntityId == condition.Id.ToString()), w.Tenant.Id));
        Assert.Equal(1, await app.InDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "assessment.decided"), w.Tenant.Id));
    }

    [Fact]
    public async Task A_comment_is_added_to_one_question_internal_or_shared()
    {
        var w = await app.WorldAsync();
        var a = await app.SeedAssessmentAsync(w, AssessmentStatus.Submitted, SubmittedAnswers);
        var url = DetailsUrl(w, a.Id);

        var response = await w.Client.SubmitAsync(url, new Dictionary<string, string> { ["body"] = "Which policy version?", ["shared"] = "true" },
            "form[data-comment-for=has_policy]");
        var empty = await w.Client.SubmitAsync(url, new Dictionary<string, string> { ["body"] = " " }, "form[data-comment-for=trains_on_data]");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var comment = await app.InDbAsync(db => db.AssessmentComments.SingleAsync(c => c.AssessmentId == a.Id), w.Tenant.Id);
        Assert.Equal("has_policy", comment.ItemId);
        Assert.True(comment.VisibleToVendor);
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.NotNull((await Forms.ParseAsync(empty)).FieldError("comment-trains_on_data"));
    }

    [Fact]
    public async Task Evidence_downloads_as_an_attachment_with_a_safe_name_for_internal_members_only()
    {
        var w = await app.WorldAsync();
        var a = await app.SeedAssessmentAsync(w, AssessmentStatus.Submitted, SubmittedAnswers);
        var fileId = await app.InScopeAsync(async sp =>
        {
            var storage = sp.GetRequiredService<IEvidenceStorage>();
            var key = Guid.NewGuid().ToString("N");
            await storage.SaveAsync(key, new MemoryStream("<script>alert(1)</script>"u8.ToArray()), CancellationToken.None);
            var db = sp.GetRequiredService<VendorRisk.Infrastructure.Persistence.AppDbContext>();
            var record = VendorRisk.Domain.Evidence.EvidenceRecord.Create(a.VendorId, VendorRisk.Domain.Evidence.EvidenceKind.Policy, "../policy\"; evil.html",
                "text/html", 25, "x", key, DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime), null, null, null, w.Manager.Id, byVendor: true, app.Clock.GetUtcNow());
            db.EvidenceRecords.Add(record);
            var file = EvidenceFile.Link(a.Id, "has_policy", record, w.Manager.Id, app.Clock.GetUtcNow());
            db.EvidenceFiles.Add(file);
            await db.SaveChangesAsync();
            return file.Id;
        }, w.Tenant.Id);
        var url = $"/t/{w.Tenant.Slug}/assessments/evidence/{fileId}";

        var response = await w.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("policy__ evil.html", response.Content.Headers.ContentDisposition.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("<script>alert(1)</script>", await response.Content.ReadAsStringAsync());
        var downloaded = await app.InDbAsync(db => db.AuditEvents.SingleAsync(e => e.Action == "assessment.evidence-downloaded"), w.Tenant.Id);
        Assert.Equal(fileId.ToString(), downloaded.EntityId);
        Assert.Equal(w.Manager.Id, downloaded.ActorUserId);

        var contact = await app.CreateMemberAsync(w.Tenant, TenantRoles.VendorContact, vendorId: w.Vendor.Id);
        var contactClient = app.CreateBrowserClient();
        await contactClient.SignInAsync(contact.Email!);
        AssessmentTestKit.AssertDenied(await contactClient.GetAsync(url));

        var other = await app.WorldAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/t/{other.Tenant.Slug}/assessments/evidence/{fileId}")).StatusCode);
    }

    [Fact]
    public async Task Another_tenants_assessment_is_not_found_on_every_page_and_handler_and_nothing_changes()
    {
        var mine = await app.WorldAsync();
        var theirs = await app.WorldAsync();
        var foreign = await app.SeedAssessmentAsync(theirs, AssessmentStatus.Submitted, SubmittedAnswers);
        var own = await app.SeedAssessmentAsync(mine, AssessmentStatus.Submitted, SubmittedAnswers);
        var tokenPage = DetailsUrl(mine, own.Id);
        var target = DetailsUrl(mine, foreign.Id);
        var auditBefore = await app.CountAllAsync<Domain.Audit.AuditEvent>();
        var version = foreign.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(HttpStatusCode.NotFound, (await mine.Client.GetAsync(target)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mine.Client.GetAsync($"/t/{mine.Tenant.Slug}/assessments/new?vendorId={theirs.Vendor.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mine.Client.GetAsync($"/t/{mine.Tenant.Slug}/vendors/intake/{theirs.Vendor.Id}")).StatusCode);
        foreach (var (handler, fields) in new (string, KeyValuePair<string, string>[])[]
        {
            ("Comment", [new("itemId", "has_policy"), new("body", "x")]),
            ("Clarify", [new("version", version), new("itemIds", "has_policy")]),
            ("StartReview", [new("version", version)]),
            ("Cancel", [new("version", version)]),
            ("Decide", [new("version", version), new("decision", "Approved")]),
        })
        {
            var response = await PostAsync(mine.Client, tokenPage, $"{target}?handler={handler}", fields);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{handler} answered {(int)response.StatusCode}");
        }

        var after = await app.AssessmentAsync(theirs.Tenant.Id, foreign.Id);
        Assert.Equal(AssessmentStatus.Submitted, after.Status);
        Assert.Equal(foreign.Version, after.Version);
        Assert.Equal(0, await app.CountAllAsync<AssessmentComment>());
        Assert.Equal(auditBefore, await app.CountAllAsync<Domain.Audit.AuditEvent>());
        Assert.Equal(0, await app.InDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == "assessment-clarification")));
    }

    [Fact]
    public async Task A_vendor_contact_cannot_open_internal_assessment_pages_and_an_auditor_cannot_post()
    {
        var w = await app.WorldAsync();
        var a = await app.SeedAssessmentAsync(w, AssessmentStatus.Submitted, SubmittedAnswers);
        var contact = await app.CreateMemberAsync(w.Tenant, TenantRoles.VendorContact, vendorId: w.Vendor.Id);
        var contactClient = app.CreateBrowserClient();
        await contactClient.SignInAsync(contact.Email!);
        foreach (var url in new[] { $"/t/{w.Tenant.Slug}/assessments", DetailsUrl(w, a.Id), w.NewUrl(), $"/t/{w.Tenant.Slug}/vendors/intake/{w.Vendor.Id}" })
            AssessmentTestKit.AssertDenied(await contactClient.GetAsync(url));

        var auditor = await app.CreateMemberAsync(w.Tenant, TenantRoles.Auditor);
        var auditorClient = app.CreateBrowserClient();
        await auditorClient.SignInAsync(auditor.Email!);
        Assert.Equal(HttpStatusCode.OK, (await auditorClient.GetAsync(DetailsUrl(w, a.Id))).StatusCode);
        var version = a.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (handler, fields) in new (string, KeyValuePair<string, string>[])[]
        {
            ("Comment", [new("itemId", "has_policy"), new("body", "x")]),
            ("Clarify", [new("version", version), new("itemIds", "has_policy")]),
            ("StartReview", [new("version", version)]),
            ("Cancel", [new("version", version)]),
        })
        {
            AssessmentTestKit.AssertDenied(await PostAsync(auditorClient, DetailsUrl(w, a.Id), $"{DetailsUrl(w, a.Id)}?handler={handler}", fields));
        }
        var after = await app.AssessmentAsync(w.Tenant.Id, a.Id);
        Assert.Equal(AssessmentStatus.Submitted, after.Status);
        Assert.Equal(0, await app.InDbAsync(db => db.AssessmentComments.CountAsync(), w.Tenant.Id));
    }
}
