using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Vendors;
using VendorRisk.E2ETests.Infrastructure;
using VendorRisk.E2ETests.PageObjects;
using VendorRisk.Testing;
using static Microsoft.Playwright.Assertions;

namespace VendorRisk.E2ETests.Tests;

/// <summary>
/// Issue 14, evidence as a record (ADR-025): on the review task page a reviewer rejects a vendor's evidence file with a reason; the vendor
/// reads the reason in the portal and uploads a replacement with its dates; the reviewer sees the new file waiting for review and accepts it.
/// The submitted assessment with its first file comes from the scenario builder, in a copy of the demo organisation of this test's own.
/// </summary>
[Collection(SecondPortalCollection.Name)]
public sealed class EvidenceReviewJourneyTests(PortalFixture portal)
{
    private const string Title = "Evidence review 2026";
    private const string Reason = "This is an automated vulnerability scan, not a penetration test report. Send the tester's report.";

    private const string Questionnaire = """
        {
          "id": "evidence-journey",
          "version": "1.0.0",
          "title": "AI vendor security evidence",
          "sections": [
            {
              "id": "sec",
              "title": "Security testing",
              "items": [
                { "id": "mfa", "type": "boolean", "text": "Do you enforce MFA for administrative access?", "required": true },
                { "id": "pentest", "type": "boolean", "text": "Was the service penetration-tested in the last year?", "required": true,
                  "evidence": { "required": true, "validityDays": 365, "kinds": [ "pen-test-report" ], "prompt": "The latest penetration test report." } }
              ]
            }
          ]
        }
        """;

    private DemoOrganisation _org = null!;

    private async Task<Person> SignedInAsync(string demoEmail, string test)
    {
        var person = await portal.NewPersonAsync(demoEmail.Split('@')[0], test);
        // The sign-in form in a browser is not what this journey tests (DemoRoleSignInTests): its POST from this browser context.
        await person.SignInAsync(_org.Member(demoEmail), _org.Password);
        return person;
    }

    private async Task<Guid> SubmittedAssessmentAsync()
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
                ["pentest"] = AssessmentPlan.Json(AnswerValue.Boolean(true)),
            },
            AnsweredBy = contact,
            Evidence = [new EvidencePlan("pentest", "scan-results.pdf", "application/pdf", 2048)
                { Kind = EvidenceKind.PenTestReport, DocumentDate = scenario.Today.AddDays(-20), Review = EvidenceReview.Pending }],
            Submitted = true,
            Score = 100,
        });
        return assessment.Id;
    }

    private static ILocator Document(IPage page, string fileName) =>
        page.Locator("[data-evidence-record]").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = fileName, Exact = true }) });

    private async Task OpenSecurityTaskAsync(Person reviewer)
    {
        await reviewer.GoToAsync($"{_org.Base}/reviews");
        var row = reviewer.Page.Locator("[data-testid=review-tasks] tr", new() { HasText = "Security review" }).Filter(new() { HasText = Title });
        await Expect(row).ToHaveCountAsync(1);
        await row.GetByRole(AriaRole.Link, new() { Name = "Open", Exact = true }).ClickAsync();
        await reviewer.Page.WaitForURLAsync("**/reviews/task/**");
    }

    [Fact]
    public async Task A_reviewer_rejects_a_file_with_a_reason_the_vendor_replaces_it_and_the_reviewer_accepts_the_new_one()
    {
        const string test = "evidence-review";
        var assessmentId = await SubmittedAssessmentAsync();

        // The security reviewer starts the review and opens the task: the evidence is listed with its details, waiting for review.
        await using var security = await SignedInAsync(Demo.SecurityReviewer, test);
        await security.GoToAsync($"{_org.Base}/reviews");
        var waiting = security.Page.Locator("section[aria-labelledby=waiting-heading] li", new() { HasText = Title });
        await waiting.GetByRole(AriaRole.Button, new() { Name = "Start review" }).ClickAsync();
        await security.Page.WaitForURLAsync("**/reviews/instance/**");
        await OpenSecurityTaskAsync(security);
        var taskPath = security.Path;
        var scan = Document(security.Page, "scan-results.pdf");
        await Expect(scan.GetByTestId("evidence-review-status")).ToHaveTextAsync("Waiting for review");
        await Expect(scan).ToContainTextAsync("Penetration test report");

        // A rejection without a reason is refused beside the field; with one, it goes through and reopens the question.
        await scan.GetByRole(AriaRole.Button, new() { Name = "Reject scan-results.pdf" }).ClickAsync();
        await security.Page.WaitForLoadStateAsync(LoadState.Load);
        await Expect(security.Page.GetByTestId("reason-error")).ToContainTextAsync("Give the reason for rejecting this document");
        await security.SeeAsync("rejection without a reason refused");
        await security.Page.GetByLabel("Reason for rejecting (the vendor reads it)").FillAsync(Reason);
        await security.Page.GetByRole(AriaRole.Button, new() { Name = "Reject", Exact = true }).ClickAsync();
        await security.Page.WaitForURLAsync("**/reviews/task/**");
        Assert.Equal(taskPath, new Uri(security.Page.Url).AbsolutePath);
        await Expect(Document(security.Page, "scan-results.pdf").GetByTestId("evidence-review-status")).ToHaveTextAsync("Rejected");
        await Expect(security.Page.Locator(".alert-success")).ToContainTextAsync("1 question was reopened");
        await security.SeeAsync("evidence rejected");

        // The vendor reads the reason and uploads the tester's report in its place.
        await using var contact = await SignedInAsync(Demo.VendorContact, test);
        await contact.GoToAsync($"{_org.Base}/portal/assessments/{assessmentId}");
        var answers = new PortalAnswerPage(contact.Page);
        var rejected = answers.EvidenceFile("pentest", "scan-results.pdf");
        await Expect(rejected.GetByTestId("evidence-status")).ToHaveTextAsync("Rejected");
        await Expect(rejected.GetByTestId("rejection-reason")).ToHaveTextAsync("Reason: " + Reason);
        await contact.SeeAsync("rejected evidence with its reason");
        await contact.Page.SetViewportSizeAsync(390, 844);
        await contact.SeeAsync("rejected evidence on a phone");
        await contact.Page.SetViewportSizeAsync(1280, 800);
        await Expect(contact.Page.GetByLabel("Replaces")).ToHaveValueAsync(await rejected.GetAttributeAsync("data-evidence-file") ?? "");
        await answers.UploadEvidenceAsync("pentest", "pentest-report-2026.pdf", "application/pdf", MinimalPdf(),
            documentDate: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-12), issuer: "Example Security Ltd");
        await Expect(answers.EvidenceFile("pentest", "pentest-report-2026.pdf").GetByTestId("evidence-status")).ToHaveTextAsync("Waiting for review");
        await Expect(answers.EvidenceFile("pentest", "scan-results.pdf").GetByTestId("evidence-status")).ToHaveTextAsync("Rejected, replaced");
        await contact.SeeAsync("replacement uploaded");

        // The reviewer sees the new file waiting for review on the task and accepts it.
        await security.GoToAsync(taskPath);
        var report = Document(security.Page, "pentest-report-2026.pdf");
        await Expect(report.GetByTestId("evidence-review-status")).ToHaveTextAsync("Waiting for review");
        await Expect(report).ToContainTextAsync("Issued by Example Security Ltd");
        await security.SeeAsync("replacement waiting for review");
        await security.Page.SetViewportSizeAsync(390, 844);
        await security.SeeAsync("review task on a phone");
        await security.Page.SetViewportSizeAsync(1280, 800);
        await report.GetByRole(AriaRole.Button, new() { Name = "Accept pentest-report-2026.pdf" }).ClickAsync();
        await security.Page.WaitForURLAsync("**/reviews/task/**");
        await Expect(Document(security.Page, "pentest-report-2026.pdf").GetByTestId("evidence-review-status")).ToHaveTextAsync("Accepted");
        await security.SeeAsync("replacement accepted");
    }

    private static byte[] MinimalPdf() => "%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"u8.ToArray();
}
