using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Vendors;
using VendorRisk.E2ETests.Infrastructure;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using static Microsoft.Playwright.Assertions;
using VendorRisk.Testing;

namespace VendorRisk.E2ETests.Tests;

/// <summary>
/// Issue 5: a submitted high-tier assessment runs through the enhanced review (workflows/enhanced-review/v1.json)
/// with every person in a browser of their own. Sending and answering a questionnaire in the browser is covered by
/// <see cref="QuestionnaireRoundTripTests"/>; here the submitted assessment is the precondition, from the scenario builder,
/// in a copy of the demo organisation of this test's own.
/// </summary>
[Collection(SecondPortalCollection.Name)]
public sealed class EnhancedReviewJourneyTests(PortalFixture portal)
{
    private const string Title = "Enhanced AI assessment 2026";

    private const string Questionnaire = """
        {
          "id": "enhanced-journey",
          "version": "1.0.0",
          "title": "AI vendor essentials",
          "sections": [
            {
              "id": "sec",
              "title": "Security and privacy",
              "items": [
                { "id": "mfa", "type": "boolean", "text": "Do you enforce MFA for administrative access?", "required": true },
                { "id": "retention", "type": "text", "text": "How long do you keep clinical transcripts?" }
              ]
            }
          ]
        }
        """;

    private DemoOrganisation _org = null!;

    private string Tenant => _org.Base;

    /// <summary>
    /// Someone of the organisation signed in through the sign-in form's POST (<see cref="Person.SignInAsync"/>): the sign-in page
    /// in a browser is not what this journey tests, and eight people sign in.
    /// </summary>
    private async Task<Person> SignedInAsync(string demoEmail, string test)
    {
        var person = await portal.NewPersonAsync(demoEmail.Split('@')[0], test);
        await person.SignInAsync(_org.Member(demoEmail), _org.Password);
        return person;
    }

    /// <summary>
    /// A copy of the demo organisation whose Lumen AI is at high tier with a submitted questionnaire the manager sent to its
    /// contact; no review yet.
    /// </summary>
    private async Task<Guid> SubmittedHighTierAssessmentAsync()
    {
        _org = await portal.Server.DemoOrganisationAsync();
        var scenario = portal.Server.Scenario;
        var manager = await scenario.UserIdAsync(_org.Member(Demo.Manager));
        var contactEmail = _org.Member(Demo.VendorContact);
        var contact = await scenario.UserIdAsync(contactEmail);
        var vendorId = await scenario.InScopeAsync(_org.TenantId, (_, db) => db.Vendors.Where(v => v.LegalName == "Lumen AI Ltd").Select(v => v.Id).SingleAsync());
        await scenario.TierAsync(_org.TenantId, vendorId, RiskTier.High);
        var template = await scenario.PublishedQuestionnaireAsync(_org.TenantId, Questionnaire, manager);
        var assessment = await scenario.AssessmentAsync(_org.TenantId, new AssessmentPlan(vendorId, template, manager)
        {
            Title = Title,
            Contacts = [(contactEmail, contact)],
            Answers = new Dictionary<string, string>
            {
                ["mfa"] = AssessmentPlan.Json(AnswerValue.Boolean(true)),
                ["retention"] = AssessmentPlan.Json(AnswerValue.Text("As long as needed")),
            },
            AnsweredBy = contact,
            Submitted = true,
            Score = 100,
        });
        return assessment.Id;
    }

    /// <summary>Opens the reviewer's only open task on the assessment from their inbox.</summary>
    private async Task OpenTaskAsync(Person reviewer, string taskTitle)
    {
        await reviewer.GoToAsync($"{Tenant}/reviews");
        var row = reviewer.Page.Locator("[data-testid=review-tasks] tr", new() { HasText = taskTitle }).Filter(new() { HasText = Title });
        await Expect(row).ToHaveCountAsync(1);
        await row.GetByRole(AriaRole.Link, new() { Name = "Open", Exact = true }).ClickAsync();
        await reviewer.Page.WaitForURLAsync("**/reviews/task/**");
        await Expect(reviewer.Page.Locator("h1")).ToHaveTextAsync(taskTitle);
    }

    private static async Task DecideAsync(Person reviewer, string outcome, string comment)
    {
        await reviewer.Page.GetByLabel("Comment").FillAsync(comment);
        await reviewer.Page.GetByRole(AriaRole.Button, new() { Name = outcome, Exact = true }).ClickAsync();
        await reviewer.Page.WaitForLoadStateAsync(LoadState.Load);
        await Expect(reviewer.Page.Locator(".alert-danger")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_high_tier_assessment_runs_through_the_enhanced_review_to_approval_with_a_condition()
    {
        const string test = nameof(A_high_tier_assessment_runs_through_the_enhanced_review_to_approval_with_a_condition);
        var assessmentId = await SubmittedHighTierAssessmentAsync();

        // The security reviewer starts the review from the inbox: the engine scores it and assigns the security task.
        await using var security = await SignedInAsync(Demo.SecurityReviewer, test);
        await security.GoToAsync($"{Tenant}/reviews");
        var waiting = security.Page.Locator("section[aria-labelledby=waiting-heading] li", new() { HasText = Title });
        await waiting.GetByRole(AriaRole.Button, new() { Name = "Start review" }).ClickAsync();
        await security.Page.WaitForURLAsync("**/reviews/instance/**");
        var instancePath = security.Path;
        await Expect(security.Page.GetByTestId("instance-status")).ToHaveTextAsync("Waiting for a person");
        await Expect(security.Page.GetByTestId("workflow-graph")).ToContainTextAsync("security-review");
        await security.SeeAsync("review started");

        await OpenTaskAsync(security, "Security review");
        await security.SeeAsync("security task");
        await DecideAsync(security, "Approve", "MFA and encryption are in place.");
        await security.SeeAsync("security approved");

        // The privacy reviewer asks the vendor about transcript retention.
        await using var privacy = await SignedInAsync("privacy@northwind.example", test);
        await OpenTaskAsync(privacy, "Privacy review");
        await privacy.Page.GetByTestId("reopen-questions").Locator(":scope > summary").ClickAsync();
        await privacy.Page.GetByLabel("How long do you keep clinical transcripts?").CheckAsync();
        await privacy.SeeAsync("privacy asks for clarification");
        await DecideAsync(privacy, "Request clarification", "Please give a retention period in days.");

        // The vendor contact answers the reopened question in the portal and submits again.
        await using var contact = await portal.NewPersonAsync("contact", test);
        Assert.Equal("/portal", await contact.SignInAsync(_org.Member(Demo.VendorContact), _org.Password));
        await contact.GoToAsync($"/portal/assessments/{assessmentId}");
        await contact.SeeAsync("clarification requested");
        var retention = contact.Page.GetByLabel("How long do you keep clinical transcripts?", new() { Exact = false });
        await Expect(retention).ToBeEditableAsync();
        await retention.FillAsync("Transcripts are deleted after 30 days.");
        await retention.BlurAsync();
        // Wait for this answer's own save (not any "saved" text): submitting first would lock the old answer in.
        await Expect(contact.Page.Locator("[data-item-id]", new() { Has = retention })).ToHaveAttributeAsync("data-save-state", "saved");
        await contact.Page.GetByRole(AriaRole.Button, new() { Name = "Submit answers" }).ClickAsync();
        await contact.Page.WaitForLoadStateAsync(LoadState.Load);
        await Expect(contact.Page.Locator(".alert-success")).ToContainTextAsync("submitted again");
        await contact.SeeAsync("clarification answered");

        // Back with privacy: a finding with a treatment the vendor must answer, then approval.
        await OpenTaskAsync(privacy, "Privacy review");
        // The new answer shows in the answers and, beside the question asked, in the clarification thread.
        await Expect(privacy.Page.GetByTestId("clarification-reply").GetByText("Transcripts are deleted after 30 days.")).ToBeVisibleAsync();
        await privacy.Page.GetByTestId("add-finding").ClickAsync();
        await privacy.Page.WaitForURLAsync("**/findings/edit/**");
        await privacy.Page.GetByLabel("Severity").SelectOptionAsync(new SelectOptionValue { Label = "Medium" });
        await privacy.Page.GetByLabel("Title").FillAsync("Transcript retention is not contractually bound");
        await privacy.Page.GetByLabel("Description").FillAsync("The 30-day deletion is stated but not in the data processing agreement.");
        await privacy.Page.GetByLabel("How long do you keep clinical transcripts?").CheckAsync();
        await privacy.Page.GetByLabel("Treatment", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Mitigate" });
        await privacy.Page.GetByLabel("Due on").FillAsync(DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await privacy.Page.GetByLabel("Treatment plan").FillAsync("Add the 30-day deletion to the DPA.");
        await privacy.SeeAsync("raise a finding");
        await privacy.Page.GetByRole(AriaRole.Button, new() { Name = "Raise finding" }).ClickAsync();
        await privacy.Page.WaitForLoadStateAsync(LoadState.Load);
        await Expect(privacy.Page.GetByText("Transcript retention is not contractually bound").First).ToBeVisibleAsync();
        await privacy.SeeAsync("finding raised");

        await contact.GoToAsync($"/portal/findings/{assessmentId}");
        var finding = contact.Page.Locator("section", new() { HasText = "Transcript retention is not contractually bound" });
        await finding.GetByLabel("Remediation plan").FillAsync("We will sign a DPA addendum with the 30-day deletion.");
        await finding.GetByLabel("Target date").FillAsync(DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await finding.GetByRole(AriaRole.Button, new() { Name = "Send remediation plan", Exact = false }).ClickAsync();
        await contact.Page.WaitForLoadStateAsync(LoadState.Load);
        await Expect(contact.Page.GetByTestId("remediation")).ToContainTextAsync("DPA addendum");
        await contact.SeeAsync("remediation plan sent");

        await OpenTaskAsync(privacy, "Privacy review");
        await DecideAsync(privacy, "Approve", "Retention answered; the finding tracks the DPA change.");

        // The AI-governance reviewer approves and rates the residual risk.
        await using var aigov = await SignedInAsync("aigov@northwind.example", test);
        await OpenTaskAsync(aigov, "AI governance review");
        await aigov.Page.GetByLabel("Likelihood (1-5)").SelectOptionAsync("2");
        await aigov.Page.GetByLabel("Impact (1-5)").SelectOptionAsync("3");
        await aigov.Page.GetByLabel("Rationale").FillAsync("Every output is reviewed by a clinician.");
        await aigov.SeeAsync("AI governance residual risk");
        await DecideAsync(aigov, "Approve", "Human oversight on every note.");

        // Three committee members vote, each at their own computer; the third vote decides.
        for (var i = 1; i <= 3; i++)
        {
            await using var member = await SignedInAsync($"committee{i}@northwind.example", test);
            await member.GoToAsync($"{Tenant}/committee");
            var vote = member.Page.Locator("[data-testid=committee-votes] tr", new() { HasText = Title });
            await vote.GetByRole(AriaRole.Link, new() { Name = "Open" }).ClickAsync();
            await member.Page.WaitForURLAsync("**/committee/vote/**");
            if (i == 1) await member.SeeAsync("committee vote");
            await member.Page.GetByLabel("Approve with conditions").CheckAsync();
            await member.Page.GetByLabel("Conditions (when approving with conditions)").FillAsync("The DPA addendum is signed within 30 days.");
            await member.Page.GetByLabel("Conditions owner").SelectOptionAsync(new SelectOptionValue { Label = "Mona Manager" });
            await member.Page.GetByLabel("Conditions due on").FillAsync(DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await member.Page.GetByRole(AriaRole.Button, new() { Name = "Cast my vote" }).ClickAsync();
            await member.Page.WaitForLoadStateAsync(LoadState.Load);
            await Expect(member.Page.Locator(".alert-danger, .field-validation-error")).ToHaveCountAsync(0);
            if (i == 3) await member.SeeAsync("deciding vote cast");
        }

        // The journal holds every step; the admin reads it, then the audit trail.
        await using var admin = await SignedInAsync(Demo.Admin, test);
        await admin.GoToAsync(instancePath);
        await Expect(admin.Page.GetByTestId("instance-status")).ToHaveTextAsync("Completed");
        var journal = admin.Page.GetByTestId("journal");
        foreach (var step in new[] { "security-review", "privacy-review", "privacy-clarify", "ai-governance-review", "residual-risk", "committee", "approved-with-conditions" })
            await Expect(journal).ToContainTextAsync(step);
        await admin.SeeAsync("journal complete");

        // Each step of the journey left exactly one audit event of its own, by the person who took it (the actor column shows the
        // account's user name, the e-mail address).
        var instanceId = instancePath[(instancePath.LastIndexOf('/') + 1)..];
        await admin.GoToAsync($"{Tenant}/audit?entityType=WorkflowInstance&entityId={instanceId}");
        await admin.SeeAsync("audit trail of the review");
        foreach (var (demoActor, action, detail) in new[]
        {
            ("security@northwind.example", "review.task-decided", "\"outcome\":\"approve\""),
            ("privacy@northwind.example", "review.task-decided", "\"outcome\":\"requestClarification\""),
            ("contact@lumenai.example", "review.clarification-answered", "\"task\""),
            ("privacy@northwind.example", "review.task-decided", "\"outcome\":\"approve\""),
            ("aigov@northwind.example", "review.task-decided", "\"outcome\":\"approve\""),
            ("committee1@northwind.example", "review.vote-cast", "approveWithConditions"),
            ("committee2@northwind.example", "review.vote-cast", "approveWithConditions"),
            ("committee3@northwind.example", "review.vote-cast", "approveWithConditions"),
        })
        {
            await Expect(AuditRows(admin, _org.Member(demoActor), action, detail)).ToHaveCountAsync(1);
        }

        await admin.GoToAsync($"{Tenant}/audit?entityType=ReviewFinding");
        await Expect(AuditRows(admin, _org.Member("privacy@northwind.example"), "finding.raised", "Transcript retention")).ToHaveCountAsync(1);
        await Expect(AuditRows(admin, _org.Member("contact@lumenai.example"), "finding.remediation-proposed", "DPA addendum")).ToHaveCountAsync(1);
        await admin.GoToAsync($"{Tenant}/audit?entityType=Assessment&entityId={assessmentId}");
        await Expect(AuditRows(admin, _org.Member("committee3@northwind.example"), "review.finished", "approvedWithConditions")).ToHaveCountAsync(1);
        await admin.SeeAsync("audit trail of the assessment");
    }

    /// <summary>Rows of the audit table by one actor, with one action, whose details mention <paramref name="detail"/>.</summary>
    private static ILocator AuditRows(Person person, string actor, string action, string detail) =>
        person.Page.Locator("main table tbody tr")
            .Filter(new() { Has = person.Page.Locator("td:nth-child(3)", new() { HasTextString = actor }) })
            .Filter(new() { Has = person.Page.Locator("td:nth-child(5)", new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^\\s*{System.Text.RegularExpressions.Regex.Escape(action)}\\s*$") }) })
            .Filter(new() { Has = person.Page.Locator("td:nth-child(7)", new() { HasTextString = detail }) });
}
