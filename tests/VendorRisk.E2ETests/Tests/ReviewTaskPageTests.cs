using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using VendorRisk.Application.Assessments;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Reviews;
using VendorRisk.E2ETests.Infrastructure;
using VendorRisk.Testing;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace VendorRisk.E2ETests.Tests;

/// <summary>
/// Issue 14 item 6: a reviewer can work the review task page of a realistic submission (the shipped AI questionnaire 2.0, over a
/// hundred answers). At 1280 x 800 the decision buttons are in view without scrolling; on a phone a bar at the bottom jumps to them.
/// Answers read as the vendor saw them (choice labels, never stored values), finding rules are findings (never questions), documents
/// are links to their audited download, and sections without findings start closed.
/// </summary>
[Collection(SecondPortalCollection.Name)]
public sealed class ReviewTaskPageTests(PortalFixture portal, ITestOutputHelper output)
{
    private const string Title = "AI security and governance review 2026";
    private const string Questionnaire = "ai-vendor-security-governance-2.0.0.json";

    [Fact]
    public async Task A_reviewer_reads_the_summary_and_the_answers_in_words_and_reaches_the_decision_at_1280_and_on_a_phone()
    {
        const string test = nameof(A_reviewer_reads_the_summary_and_the_answers_in_words_and_reaches_the_decision_at_1280_and_on_a_phone);
        var (org, assessmentId, evidenceId) = await SubmittedAssessmentAsync();

        // A reviewer starts the review from the inbox; the workflow assigns the task to the least loaded reviewer.
        await using (var starter = await SignedInAsync(org, org.Member(Demo.SecurityReviewer), test))
        {
            await starter.GoToAsync($"{org.Base}/reviews");
            var waiting = starter.Page.Locator("section[aria-labelledby=waiting-heading] li", new() { HasText = Title });
            await waiting.GetByRole(AriaRole.Button, new() { Name = "Start review" }).ClickAsync();
            await starter.Page.WaitForURLAsync("**/reviews/instance/**");
        }
        var (taskId, instanceId, assignee) = await OpenTaskAsync(org, assessmentId);

        await using var reviewer = await SignedInAsync(org, assignee, test);
        var page = reviewer.Page;
        await reviewer.GoToAsync($"{org.Base}/reviews/task/{taskId}");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Review the assessment");
        output.WriteLine($"Review task page height at 1280 x 800: {await PageHeightAsync(page)} px");

        // The decision is in view as the page opens, without scrolling.
        var buttons = page.GetByTestId("decision-buttons").GetByRole(AriaRole.Button);
        Assert.Equal(["Approve", "Request clarification", "Reject"], (await buttons.AllInnerTextsAsync()).Select(t => t.Trim()));
        await AssertInViewAsync(page, buttons);
        await ScreenshotAsync(page, "review-task-1280");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "review task at 1280 px");

        // The summary: score, the findings the answers raised (a finding rule is a finding, not a question), documents to review.
        var summary = page.GetByTestId("review-summary");
        await Expect(summary.GetByTestId("score")).Not.ToBeEmptyAsync();
        await Expect(page.GetByTestId("answer-findings")).ToContainTextAsync("Data not encrypted at rest");
        await Expect(page.Locator("[data-item-id^='finding_']")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("review-answers")).Not.ToContainTextAsync("—");
        var document = page.GetByTestId("evidence-to-review").GetByRole(AriaRole.Link, new() { Name = "ai-policy-2026.pdf" });
        await Expect(document).ToHaveAttributeAsync("href", $"{org.Base}/assessments/evidence/{evidenceId}");

        // Answers in words, as the vendor read them: the choice's label, never its stored value.
        var answers = page.GetByTestId("review-answers");
        var training = answers.Locator("[data-item-id=training_on_customer_data]");
        await Expect(training.Locator("dd")).ToContainTextAsync("Only if we opt in");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("opt_in");
        await Expect(answers.Locator("[data-item-id=encryption_at_rest] dd")).ToContainTextAsync("No");

        // Sections collapse: one with findings starts open, one without starts closed and opens on a click.
        var privacy = answers.Locator("details[data-section-id=privacy]");
        await Expect(privacy).ToHaveJSPropertyAsync("open", true);
        await Expect(training).ToBeVisibleAsync();
        var closedId = await answers.Locator("details:not([open])").First.GetAttributeAsync("data-section-id");
        var closed = answers.Locator($"details[data-section-id='{closedId}']");
        var hiddenQuestion = closed.Locator("dt").First;
        await Expect(hiddenQuestion).ToBeHiddenAsync();
        await closed.Locator("summary").ClickAsync();
        await Expect(hiddenQuestion).ToBeVisibleAsync();
        await privacy.Locator("summary").ClickAsync();
        await Expect(training).ToBeHiddenAsync();

        // While reading further down, the panel stays in view (sticky).
        await answers.Locator("details").Last.ScrollIntoViewIfNeededAsync();
        await AssertInViewAsync(page, buttons);

        // On a phone the decision follows the answers; the bar at the bottom jumps to it.
        await page.SetViewportSizeAsync(375, 812);
        await reviewer.GoToAsync($"{org.Base}/reviews/task/{taskId}");
        output.WriteLine($"Review task page height at 375 px: {await PageHeightAsync(page)} px");
        await Expect(page.GetByTestId("score")).ToBeInViewportAsync();
        var jump = page.GetByTestId("jump-to-decision");
        await AssertInViewAsync(page, jump);
        await ScreenshotAsync(page, "review-task-375");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "review task at 375 px");
        await jump.ClickAsync();
        await AssertInViewAsync(page, buttons);
        await ScreenshotAsync(page, "review-task-375-decision");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "The review task page scrolls sideways on a phone.");

        // The panel works: a clarification request on a question chosen in the panel's list.
        await page.GetByTestId("reopen-questions").Locator(":scope > summary").ClickAsync();
        await page.GetByLabel("Is our data (inputs, outputs, files) used to train or improve models?").CheckAsync();
        await page.GetByLabel("Comment").FillAsync("Please attach the contract clause that keeps our data out of training.");
        await buttons.Filter(new() { HasText = "Request clarification" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        var problems = await page.Locator(".field-validation-error, .validation-summary-errors, .alert-danger").AllInnerTextsAsync();
        Assert.True(problems.All(string.IsNullOrWhiteSpace), $"The clarification request was refused: {string.Join("; ", problems)}");
        await Expect(page).ToHaveURLAsync(new Regex($"{Regex.Escape(org.Base)}/reviews$"));
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Your decision was recorded");

        // The review's page tells what happened in words, not in the workflow's codes.
        await page.SetViewportSizeAsync(1280, 800);
        await reviewer.GoToAsync($"{org.Base}/reviews/instance/{instanceId}");
        await Expect(page.GetByTestId("journal")).ToContainTextAsync("Clarification requested");
        await Expect(page.GetByTestId("journal")).Not.ToContainTextAsync("requestClarification");
        await Expect(page.GetByTestId("instance-status")).ToHaveTextAsync("Waiting for a person");
        await ScreenshotAsync(page, "review-instance-1280");
    }

    /// <summary>
    /// A copy of the demo organisation whose Lumen AI (medium tier: the standard review) submitted the shipped AI questionnaire 2.0:
    /// every required question answered, customer data used for training only on opt-in, no encryption at rest (a finding), and an
    /// AI policy uploaded as evidence.
    /// </summary>
    private async Task<(DemoOrganisation Org, Guid AssessmentId, Guid EvidenceId)> SubmittedAssessmentAsync()
    {
        var org = await portal.Server.DemoOrganisationAsync();
        var scenario = portal.Server.Scenario;
        var manager = await scenario.UserIdAsync(org.Member(Demo.Manager));
        var contactEmail = org.Member(Demo.VendorContact);
        var contact = await scenario.UserIdAsync(contactEmail);
        var vendorId = await scenario.InScopeAsync(org.TenantId, (_, db) => db.Vendors.Where(v => v.LegalName == "Lumen AI Ltd").Select(v => v.Id).SingleAsync());
        await scenario.TierAsync(org.TenantId, vendorId, RiskTier.Medium);
        var template = await scenario.PublishedShippedQuestionnaireAsync(org.TenantId, Questionnaire, manager);
        var assessment = await scenario.AssessmentAsync(org.TenantId, new AssessmentPlan(vendorId, template, manager)
        {
            Title = Title,
            Contacts = [(contactEmail, contact)],
        });
        var given = await scenario.AnswerRequiredQuestionsAsync(org.TenantId, assessment.Id, contact, new Dictionary<string, string>
        {
            ["ai_capabilities"] = "llm_hosted",
            ["training_on_customer_data"] = "opt_in",
            ["encryption_at_rest"] = "no",
        }, new HashSet<string>());
        Assert.True(given.Count > 100, $"Only {given.Count} answers: not a realistic submission.");
        var evidenceId = await scenario.InScopeAsync(org.TenantId, async (_, db) =>
        {
            var now = scenario.Now;
            var vendorId = await db.Assessments.Where(a => a.Id == assessment.Id).Select(a => a.VendorId).SingleAsync();
            var record = VendorRisk.Domain.Evidence.EvidenceRecord.Create(vendorId, VendorRisk.Domain.Evidence.EvidenceKind.Policy, "ai-policy-2026.pdf",
                "application/pdf", 184_320, "00", "ev-" + Guid.NewGuid().ToString("N"), DateOnly.FromDateTime(now.UtcDateTime), null, null, null,
                contact, byVendor: true, now);
            db.EvidenceRecords.Add(record);
            var file = EvidenceFile.Link(assessment.Id, "ai_policy", record, contact, now);
            db.EvidenceFiles.Add(file);
            var submitted = await db.Assessments.SingleAsync(a => a.Id == assessment.Id);
            var (questionnaire, problem) = await PinnedQuestionnaire.LoadAsync(db, submitted);
            Assert.True(questionnaire is not null, problem);
            var score = new QuestionnaireEngine().Evaluate(questionnaire, await AssessmentAnswers.LoadAsync(db, submitted.Id)).OverallScore;
            submitted.Submit(score, now);
            await db.SaveChangesAsync();
            return file.Id;
        });
        return (org, assessment.Id, evidenceId);
    }

    /// <summary>The review's open decision task and the address of the reviewer it was assigned to.</summary>
    private Task<(Guid TaskId, Guid InstanceId, string Assignee)> OpenTaskAsync(DemoOrganisation org, Guid assessmentId) =>
        portal.Server.Scenario.InScopeAsync(org.TenantId, async (_, db) =>
        {
            var task = await db.Set<WorkflowTask>().Where(t => t.AssessmentId == assessmentId && t.Outcome == null && t.Kind == "humanTask")
                .Select(t => new { t.Id, t.InstanceId, t.AssigneeUserId }).SingleAsync();
            var email = await db.Users.Where(u => u.Id == task.AssigneeUserId).Select(u => u.Email!).SingleAsync();
            return (task.Id, task.InstanceId, email);
        });

    private async Task<Person> SignedInAsync(DemoOrganisation org, string email, string test)
    {
        var person = await portal.NewPersonAsync(email.Split('@')[0], test);
        // The sign-in form in a browser is not what this test is about (DemoRoleSignInTests): its POST from this browser context.
        await person.SignInAsync(email, org.Password);
        return person;
    }

    /// <summary>Every element is inside the window as it is now, whole.</summary>
    private static async Task AssertInViewAsync(IPage page, ILocator elements)
    {
        var window = page.ViewportSize!;
        for (var i = 0; i < await elements.CountAsync(); i++)
        {
            var element = elements.Nth(i);
            await Expect(element).ToBeInViewportAsync(new() { Ratio = 1 });
            var box = (await element.BoundingBoxAsync())!;
            Assert.True(box.Y >= 0 && box.Y + box.Height <= window.Height && box.X >= 0 && box.X + box.Width <= window.Width,
                $"'{(await element.InnerTextAsync()).Trim()}' is at {box.X:0},{box.Y:0} ({box.Width:0} x {box.Height:0}), outside the {window.Width} x {window.Height} window.");
        }
    }

    private static Task<int> PageHeightAsync(IPage page) => page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");

    private static async Task ScreenshotAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestOutput.Screenshots, $"{name}.png") });
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestOutput.Screenshots, $"{name}-full.png"), FullPage = true });
    }
}
