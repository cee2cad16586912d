using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VendorRisk.Application.Reviews;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Reviews;
using VendorRisk.E2ETests.Infrastructure;
using VendorRisk.E2ETests.PageObjects;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Testing;
using static Microsoft.Playwright.Assertions;

namespace VendorRisk.E2ETests.Tests;

/// <summary>
/// Issue 14, item 5: the clarification loop as the vendor and the reviewer live it. The reviewer reopens two questions with a comment
/// (and a question of their own at one of them); the vendor follows the e-mail's link, finds both questions listed at the top and the
/// reviewer's words at each, changes one answer, replies at the other and submits again; the reviewer reads the replies beside the
/// questions. Each page is looked at on a desktop and a phone, and checked with axe.
/// </summary>
[Collection(SecondPortalCollection.Name)]
public sealed class ClarificationJourneyTests(PortalFixture portal)
{
    private const string Title = "AI vendor clarification 2026";

    private const string Questionnaire = """
        {
          "id": "clarification-journey",
          "version": "1.0.0",
          "title": "AI vendor essentials",
          "sections": [
            {
              "id": "sec",
              "title": "Security and privacy",
              "items": [
                { "id": "mfa", "type": "boolean", "text": "Do you enforce MFA for administrative access?", "required": true },
                { "id": "retention", "type": "text", "text": "How long do you keep clinical transcripts?" },
                { "id": "region", "type": "text", "text": "Where is customer data stored?" }
              ]
            }
          ]
        }
        """;

    private DemoOrganisation _org = null!;

    private async Task<Person> SignedInAsync(string email, string test)
    {
        var person = await portal.NewPersonAsync(email.Split('@')[0], test);
        // The sign-in form in a browser is not what this journey tests (DemoRoleSignInTests): its POST from this browser context.
        await person.SignInAsync(email, _org.Password);
        return person;
    }

    /// <summary>Screenshots at 1280 px and at phone width (390 px), axe on both; the page must not scroll sideways on the phone.</summary>
    private static async Task LookAsync(Person person, string step)
    {
        await person.SeeAsync(step);
        await Accessibility.AssertNoSeriousViolationsAsync(person.Page, $"{person.Name}: {step}");
        await person.Page.SetViewportSizeAsync(390, 844);
        await person.SeeAsync(step + " phone");
        await Accessibility.AssertNoSeriousViolationsAsync(person.Page, $"{person.Name}: {step} (phone)");
        Assert.True(await person.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"),
            $"{step}: the page scrolls sideways at 390 px.");
        await person.Page.SetViewportSizeAsync(1280, 800);
    }

    /// <summary>A submitted, low-tier assessment of Lumen AI in a copy of the demo organisation, its standard review started.</summary>
    private async Task<(Guid AssessmentId, Guid InstanceId, string ContactEmail)> ReviewStartedAsync()
    {
        _org = await portal.Server.DemoOrganisationAsync();
        var scenario = portal.Server.Scenario;
        var manager = await scenario.UserIdAsync(_org.Member(Demo.Manager));
        var contactEmail = _org.Member(Demo.VendorContact);
        var contact = await scenario.UserIdAsync(contactEmail);
        var vendorId = await scenario.InScopeAsync(_org.TenantId, (_, db) => db.Vendors.Where(v => v.LegalName == "Lumen AI Ltd").Select(v => v.Id).SingleAsync());
        await scenario.TierAsync(_org.TenantId, vendorId, RiskTier.Low);
        var template = await scenario.PublishedQuestionnaireAsync(_org.TenantId, Questionnaire, manager);
        var assessment = await scenario.AssessmentAsync(_org.TenantId, new AssessmentPlan(vendorId, template, manager)
        {
            Title = Title,
            Contacts = [(contactEmail, contact)],
            Answers = new Dictionary<string, string>
            {
                ["mfa"] = AssessmentPlan.Json(AnswerValue.Boolean(true)),
                ["retention"] = AssessmentPlan.Json(AnswerValue.Text("As long as needed")),
                ["region"] = AssessmentPlan.Json(AnswerValue.Text("Frankfurt")),
            },
            AnsweredBy = contact,
            Submitted = true,
            Score = 100,
        });
        var started = await scenario.InScopeAsync(_org.TenantId, (sp, _) => sp.GetRequiredService<WorkflowRunner>().StartForAssessmentAsync(assessment.Id));
        Assert.True(started.Applied, started.Message);
        return (assessment.Id, started.InstanceId!.Value, contactEmail);
    }

    /// <summary>The open review task of the instance and the e-mail address of the reviewer it is assigned to.</summary>
    private Task<(Guid TaskId, string Reviewer)> OpenTaskAsync(Guid instanceId) =>
        portal.Server.Scenario.InScopeAsync(_org.TenantId, async (_, db) =>
        {
            var task = await db.Set<WorkflowTask>().SingleAsync(t => t.InstanceId == instanceId && t.Outcome == null && t.Kind == WorkflowRunner.KindHumanTask);
            var email = await db.Users.Where(u => u.Id == task.AssigneeUserId).Select(u => u.Email).SingleAsync();
            return (task.Id, email!);
        });

    [Fact]
    public async Task The_vendor_follows_a_clarification_request_on_two_questions_and_the_reviewer_reads_the_replies_beside_them()
    {
        const string test = nameof(The_vendor_follows_a_clarification_request_on_two_questions_and_the_reviewer_reads_the_replies_beside_them);
        var (assessmentId, instanceId, contactEmail) = await ReviewStartedAsync();

        // The assigned reviewer reopens two questions with one comment, and asks a question of their own at one of them.
        var (taskId, reviewerEmail) = await OpenTaskAsync(instanceId);
        await using var reviewer = await SignedInAsync(reviewerEmail, test);
        await reviewer.GoToAsync($"{_org.Base}/reviews/task/{taskId}");
        // The questions to reopen are folded in the decision panel until the reviewer opens the list.
        await reviewer.Page.GetByTestId("reopen-questions").Locator(":scope > summary").ClickAsync();
        await reviewer.Page.GetByLabel("Do you enforce MFA for administrative access?", new() { Exact = true }).CheckAsync();
        await reviewer.Page.GetByLabel("How long do you keep clinical transcripts?", new() { Exact = true }).CheckAsync();
        await reviewer.Page.GetByLabel("Comment", new() { Exact = true }).FillAsync("Please check these answers against your current contracts.");
        var retentionOwn = reviewer.Page.Locator("[data-question-comment=retention]");
        await retentionOwn.Locator("summary").ClickAsync();
        await retentionOwn.GetByRole(AriaRole.Textbox).FillAsync("Give the retention period in days, and who deletes the transcripts.");
        await reviewer.SeeAsync("reviewer asks for clarification");
        await reviewer.Page.GetByRole(AriaRole.Button, new() { Name = "Request clarification", Exact = true }).ClickAsync();
        await reviewer.Page.WaitForURLAsync("**/reviews");
        await Expect(reviewer.Page.Locator(".alert-success").First).ToContainTextAsync("Your decision was recorded.");

        // The vendor's e-mail names both questions with the reviewer's words and links straight to each.
        var mail = await portal.Server.FindMailAsync(contactEmail, "workflow-clarification-requested");
        Assert.NotNull(mail);
        Assert.Contains("Do you enforce MFA for administrative access?", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Give the retention period in days, and who deletes the transcripts.", mail.TextBody, StringComparison.Ordinal);
        var retentionLink = mail.TextBody.Split('\n').Select(l => l.Trim()).Single(l => l.EndsWith("#item-retention", StringComparison.Ordinal));

        // The vendor opens the link: the list of reopened questions at the top, the reviewer's words at each question.
        await using var vendor = await SignedInAsync(contactEmail, test);
        var link = new Uri(retentionLink);
        await vendor.GoToAsync(link.PathAndQuery + link.Fragment);
        var answers = new PortalAnswerPage(vendor.Page);
        var list = vendor.Page.GetByTestId("reopened-list");
        await Expect(list).ToContainTextAsync("2 questions reopened for clarification");
        await Expect(list.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Do you enforce MFA for administrative access?", "How long do you keep clinical transcripts?"]);
        await Expect(list).ToContainTextAsync("Please check these answers against your current contracts.");
        await Expect(answers.Item("retention").GetByTestId("reopened-question")).ToContainTextAsync("Give the retention period in days");
        await Expect(answers.Item("mfa").GetByTestId("reopened-question")).ToContainTextAsync("Please check these answers against your current contracts.");
        await Expect(answers.Item("region").Locator("[name='q.region']")).ToBeDisabledAsync();
        await LookAsync(vendor, "vendor sees the reopened questions");

        // The vendor changes one answer, replies at the other, and submits again.
        await list.GetByRole(AriaRole.Link, new() { Name = "Do you enforce MFA for administrative access?" }).ClickAsync();
        await answers.ChooseAsync("mfa", "false");
        await answers.TypeAsync("retention", "30 days");
        await answers.Item("retention").GetByLabel("Your reply to the reviewers (optional)").FillAsync("Our DPO deletes transcripts after 30 days; the contract says so in clause 7.");
        await answers.Item("retention").GetByRole(AriaRole.Button, new() { Name = "Save reply", Exact = false }).ClickAsync();
        // No wait for the load event here: a clean-clone run once timed out on it (60 s) while the page's own requests were idle;
        // the assertion below waits, across the navigation, for the page that says the reply was saved.
        await Expect(vendor.Page.Locator(".alert-success").First).ToContainTextAsync("Your reply was saved.");
        await Expect(list.Locator("[data-reopened-link=retention]")).ToContainTextAsync("replied");
        await answers.SubmitAsync();
        await Expect(vendor.Page.Locator(".alert-success").First).ToContainTextAsync("submitted again");
        await vendor.SeeAsync("vendor submitted again");

        // The reviewer's next task shows each question with the vendor's reply beside it.
        var (nextTaskId, nextReviewer) = await OpenTaskAsync(instanceId);
        Assert.Equal(reviewerEmail, nextReviewer);
        await reviewer.GoToAsync($"{_org.Base}/reviews/task/{nextTaskId}");
        var thread = reviewer.Page.GetByTestId("clarification-thread");
        var mfa = thread.Locator("[data-clarification-item=mfa]");
        await Expect(mfa.GetByTestId("clarification-question")).ToContainTextAsync("Please check these answers against your current contracts.");
        await Expect(mfa.GetByTestId("clarification-reply")).ToContainTextAsync("Yes");
        await Expect(mfa.GetByTestId("clarification-reply").Locator("strong")).ToHaveTextAsync("No");
        var retention = thread.Locator("[data-clarification-item=retention]");
        await Expect(retention.GetByTestId("clarification-question")).ToContainTextAsync("Give the retention period in days");
        await Expect(retention.GetByTestId("clarification-reply").Locator("strong")).ToHaveTextAsync("30 days");
        await Expect(retention.GetByTestId("clarification-note")).ToHaveTextAsync("Our DPO deletes transcripts after 30 days; the contract says so in clause 7.");
        await LookAsync(reviewer, "reviewer reads the replies");
        _ = assessmentId;
    }
}
