using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Audit;
using VendorRisk.Domain.Messaging;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Assessments;

public sealed class AssessmentIssuingTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static Guid CreatedId(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a redirect, got {(int)response.StatusCode}");
        var location = response.Headers.Location!.OriginalString;
        Assert.Contains("/assessments/details/", location, StringComparison.Ordinal);
        return Guid.Parse(location[(location.LastIndexOf('/') + 1)..]);
    }

    [Fact]
    public async Task Sending_to_a_new_contact_creates_the_assessment_an_invitation_and_an_audit_event_in_one_go()
    {
        var w = await app.WorldAsync();

        var response = await w.Client.SubmitAsync(w.NewUrl(), w.IssueFields("Dana@Vendor.example"));

        var id = CreatedId(response);
        var assessment = await app.AssessmentAsync(w.Tenant.Id, id);
        Assert.Equal(AssessmentStatus.Sent, assessment.Status);
        Assert.Equal(w.Template.Id, assessment.TemplateId);
        Assert.Equal(w.Template.ContentHash, assessment.ContentHash);
        Assert.Equal("ai-basics", assessment.TemplateKey);
        Assert.Equal("1.0.0", assessment.TemplateVersion);
        Assert.Null(assessment.PreviousAssessmentId);
        var contact = await app.InDbAsync(db => db.AssessmentContacts.SingleAsync(c => c.AssessmentId == id), w.Tenant.Id);
        Assert.Equal("Dana@Vendor.example", contact.Email);
        Assert.Null(contact.UserId);
        var invitation = await app.InDbAsync(db => db.Invitations.SingleAsync(), w.Tenant.Id);
        Assert.Equal(TenantRoles.VendorContact, invitation.Role);
        Assert.Equal(w.Vendor.Id, invitation.VendorId);
        var mail = await app.InDbAsync(db => db.OutboxMessages.SingleAsync(m => m.TenantId == w.Tenant.Id));
        Assert.Equal("invitation", mail.Kind);
        Assert.Equal("Dana@Vendor.example", mail.ToAddress);
        var audit = await app.InDbAsync(db => db.AuditEvents.SingleAsync(e => e.Action == "assessment.sent"), w.Tenant.Id);
        Assert.Equal(id.ToString(), audit.EntityId);
    }

    [Fact]
    public async Task An_existing_portal_user_of_the_vendor_is_bound_at_once_and_notified_without_an_invitation()
    {
        var w = await app.WorldAsync();
        var portalUser = await app.CreateMemberAsync(w.Tenant, TenantRoles.VendorContact, vendorId: w.Vendor.Id);

        var id = CreatedId(await w.Client.SubmitAsync(w.NewUrl(), w.IssueFields(portalUser.Email!)));

        var contact = await app.InDbAsync(db => db.AssessmentContacts.SingleAsync(c => c.AssessmentId == id), w.Tenant.Id);
        Assert.Equal(portalUser.Id, contact.UserId);
        Assert.Equal(0, await app.InDbAsync(db => db.Invitations.CountAsync(), w.Tenant.Id));
        var mail = await app.InDbAsync(db => db.OutboxMessages.SingleAsync(m => m.TenantId == w.Tenant.Id));
        Assert.Equal("assessment-waiting", mail.Kind);
        Assert.Contains("/portal", app.BodyOf(mail).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accepting_the_invitation_binds_the_new_account_to_the_assessment()
    {
        var w = await app.WorldAsync();
        var id = CreatedId(await w.Client.SubmitAsync(w.NewUrl(), w.IssueFields("erin@vendor.example")));
        var mail = await app.InDbAsync(db => db.OutboxMessages.SingleAsync(m => m.TenantId == w.Tenant.Id && m.Kind == "invitation"));
        var link = System.Text.RegularExpressions.Regex.Match(app.BodyOf(mail).Text, @"/invitations/accept\?token=[^\s""<]+").Value;

        var invitee = app.CreateBrowserClient();
        var response = await invitee.SubmitAsync(link, new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Erin", ["Input.Password"] = VendorRiskApp.Password,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var user = await app.FindUserAsync("erin@vendor.example");
        var contact = await app.InDbAsync(db => db.AssessmentContacts.SingleAsync(c => c.AssessmentId == id), w.Tenant.Id);
        Assert.Equal(user!.Id, contact.UserId);
    }

    [Theory]
    [InlineData("", "Input.Contacts", "Choose or enter at least one contact who will answer.")]
    [InlineData("not-an-address", "Input.OtherEmails", "\"not-an-address\" is not a valid e-mail address.")]
    [InlineData("ok@vendor.example, bad@", "Input.OtherEmails", "\"bad@\" is not a valid e-mail address.")]
    public async Task Bad_contacts_are_refused_with_a_field_message_and_nothing_is_written(string emails, string field, string message)
    {
        var w = await app.WorldAsync();

        var response = await w.Client.SubmitAsync(w.NewUrl(), w.IssueFields(emails));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(message, (await Forms.ParseAsync(response)).FieldError(field));
        await AssertNothingWrittenAsync(w.Tenant.Id);
    }

    [Fact]
    public async Task A_due_date_in_the_past_or_today_is_refused_and_nothing_is_written()
    {
        var w = await app.WorldAsync();
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

        foreach (var due in new[] { today, today.AddDays(-3) })
        {
            var response = await w.Client.SubmitAsync(w.NewUrl(), w.IssueFields("dana@vendor.example", due));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("The due date must be in the future.", (await Forms.ParseAsync(response)).FieldError("Input.DueOn"));
        }
        await AssertNothingWrittenAsync(w.Tenant.Id);
    }

    [Fact]
    public async Task Without_a_published_questionnaire_the_page_says_so_and_nothing_is_written()
    {
        var tenant = await app.CreateTenantAsync();
        var manager = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(manager.Email!);
        var vendor = await app.AddVendorAsync(tenant, "No Templates Ltd");
        var url = $"/t/{tenant.Slug}/assessments/new?vendorId={vendor.Id}";

        var response = await client.SubmitAsync(url, new Dictionary<string, string>
        {
            ["Input.Title"] = "Review", ["Input.DueOn"] = "2099-01-01", ["Input.OtherEmails"] = "dana@vendor.example",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("There is no published questionnaire yet. Publish one under Templates first.",
            (await Forms.ParseAsync(response)).FieldError("Input.TemplateId"));
        await AssertNothingWrittenAsync(tenant.Id);
    }

    [Fact]
    public async Task Answers_of_the_previous_submitted_assessment_are_carried_over_and_flagged()
    {
        var w = await app.WorldAsync();
        var previous = await app.SeedAssessmentAsync(w, AssessmentStatus.Approved, new Dictionary<string, string>
        {
            ["has_policy"] = AnswerJson.Serialize(Domain.Questionnaires.AnswerValue.True),
            ["trains_on_data"] = AnswerJson.Serialize(Domain.Questionnaires.AnswerValue.Text("never")),
            ["gone_item"] = AnswerJson.Serialize(Domain.Questionnaires.AnswerValue.Text("dropped")),
        });

        var id = CreatedId(await w.Client.SubmitAsync(w.NewUrl(), w.IssueFields("dana@vendor.example")));

        var assessment = await app.AssessmentAsync(w.Tenant.Id, id);
        Assert.Equal(previous.Id, assessment.PreviousAssessmentId);
        var answers = await app.InDbAsync(db => db.AssessmentAnswers.Where(a => a.AssessmentId == id).OrderBy(a => a.ItemId).ToListAsync(), w.Tenant.Id);
        Assert.Equal(["has_policy", "trains_on_data"], answers.Select(a => a.ItemId));
        Assert.All(answers, a => Assert.True(a.CarriedOver));
    }

    [Fact]
    public async Task A_cancelled_earlier_assessment_is_not_a_source_of_answers()
    {
        var w = await app.WorldAsync();
        await app.SeedAssessmentAsync(w, AssessmentStatus.Cancelled, new Dictionary<string, string>
        {
            ["has_policy"] = AnswerJson.Serialize(Domain.Questionnaires.AnswerValue.True),
        });

        var id = CreatedId(await w.Client.SubmitAsync(w.NewUrl(), w.IssueFields("dana@vendor.example")));

        Assert.Null((await app.AssessmentAsync(w.Tenant.Id, id)).PreviousAssessmentId);
        Assert.Equal(0, await app.InDbAsync(db => db.AssessmentAnswers.CountAsync(a => a.AssessmentId == id), w.Tenant.Id));
    }

    [Fact]
    public async Task A_reviewer_cannot_issue_and_another_tenants_vendor_is_not_found()
    {
        var w = await app.WorldAsync();
        var other = await app.WorldAsync();
        var reviewer = await app.CreateMemberAsync(w.Tenant, TenantRoles.Reviewer);
        var reviewerClient = app.CreateBrowserClient();
        await reviewerClient.SignInAsync(reviewer.Email!);

        AssessmentTestKit.AssertDenied(await reviewerClient.GetAsync(w.NewUrl()));
        Assert.Equal(HttpStatusCode.NotFound, (await w.Client.GetAsync($"/t/{w.Tenant.Slug}/assessments/new?vendorId={other.Vendor.Id}")).StatusCode);
        await AssertNothingWrittenAsync(w.Tenant.Id);
    }

    private async Task AssertNothingWrittenAsync(Guid tenantId)
    {
        Assert.Equal(0, await app.InDbAsync(db => db.Assessments.CountAsync(a => a.Status != AssessmentStatus.Cancelled), tenantId));
        Assert.Equal(0, await app.InDbAsync(db => db.Invitations.CountAsync(), tenantId));
        Assert.Equal(0, await app.InDbAsync(db => db.OutboxMessages.CountAsync(m => m.TenantId == tenantId)));
        Assert.Equal(0, await app.InDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == "assessment.sent"), tenantId));
    }
}
