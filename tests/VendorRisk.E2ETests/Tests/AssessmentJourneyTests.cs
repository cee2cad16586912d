using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VendorRisk.E2ETests.Infrastructure;
using VendorRisk.E2ETests.PageObjects;
using VendorRisk.Testing;

namespace VendorRisk.E2ETests.Tests;

/// <summary>
/// Issue 4 end to end: a manager onboards an AI vendor, tiers it with the intake questionnaire and sends the AI
/// questionnaire to a new contact; the contact joins from the e-mail, answers (conditions live and after reload),
/// uploads evidence, leaves, comes back, submits; the manager sees status, score and findings. It runs in a copy of the
/// demo organisation of its own. What it does not test comes from the scenario builder: the AI questionnaire published
/// (cloning and publishing in the browser is <see cref="VendorInventoryAndTemplateTests"/>' journey), and the answers to the
/// required questions this journey does not look at (the contact answers, in the browser, the conditional question, the
/// ones asserted afterwards and the one left missing).
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class AssessmentJourneyTests(PortalFixture portal)
{
    private const string ContactEmail = "dana@helioscribe.example";
    private const string ContactPassword = "a long and quiet river in spring";
    private const string Title = "Helio Scribe AI assessment 2026";

    // The conditional question: what happened is asked only when there were incidents.
    private const string Incidents = "incidents_last_year";
    private const string IncidentsSummary = "incidents_summary";

    private DemoOrganisation _org = null!;

    private async Task<Person> SignedInAsync(string name, string email, string password, string test)
    {
        var person = await portal.NewPersonAsync(name, test);
        var signIn = new SignInPage(person.Page);
        await signIn.OpenAsync();
        await signIn.SignInAsync(email, password);
        return person;
    }

    [Fact]
    public async Task A_vendor_contact_joins_from_the_invitation_answers_leaves_resumes_and_submits_and_the_manager_sees_the_result()
    {
        const string test = "journey";
        _org = await portal.Server.DemoOrganisationAsync();
        var contactEmail = ContactEmail.Replace("@", $"@{_org.Slug}.", StringComparison.Ordinal);
        var tenant = _org.Base;

        // The organisation's AI questionnaire is published (the shipped one, cloned).
        await portal.Server.Scenario.PublishedShippedQuestionnaireAsync(_org.TenantId, "ai-vendor-security-governance.json");

        // The manager adds the vendor and its AI system.
        await using var manager = await SignedInAsync("manager", _org.Member(Demo.Manager), _org.Password, test);
        var page = manager.Page;
        await manager.GoToAsync($"{tenant}/vendors");
        await page.GetByRole(AriaRole.Link, new() { Name = "Add vendor" }).ClickAsync();
        await page.GetByLabel("Legal name").FillAsync("Helio Scribe Ltd");
        await page.GetByLabel("Website").FillAsync("https://helioscribe.example");
        await page.GetByLabel("Country code").FillAsync("IE");
        await page.GetByLabel("Business criticality").SelectOptionAsync("High");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add vendor" }).ClickAsync();
        await page.WaitForURLAsync("**/vendors/details/**");

        await page.GetByRole(AriaRole.Link, new() { Name = "Add AI system" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Clinic Scribe");
        await page.GetByLabel("Purpose").FillAsync("Drafts clinical letters from recorded consultations.");
        await page.GetByLabel("Foundation models").FillAsync("Example Labs | Atlas-LLM | 2026-03");
        await page.GetByLabel("EU AI Act risk class").SelectOptionAsync("Limited");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save AI system" }).ClickAsync();
        await page.WaitForURLAsync("**/vendors/details/**");

        // Tiering through the intake questionnaire.
        await page.GetByRole(AriaRole.Link, new() { Name = "Run intake" }).ClickAsync();
        await page.WaitForURLAsync("**/vendors/intake/**");
        await page.Locator("[name='answers[vendor_name]']").FillAsync("Helio Scribe Ltd");
        await page.Locator("[name='answers[business_owner_email]']").FillAsync("owner@northwind.example");
        await page.Locator("[name='answers[use_case]']").FillAsync("Clinicians get draft letters; a person checks every letter.");
        foreach (var (item, value) in new[]
        {
            ("process_criticality", "high"), ("data_sensitivity", "restricted"), ("personal_data", "special_category"),
            ("customer_data_to_model", "false"), ("autonomy_level", "assistive"), ("human_oversight", "every_output"),
            ("people_affected", "many"), ("decisions_about_people", "none"), ("eu_ai_act_class", "limited"),
            ("other_annex_iii_use", "none"), ("prohibited_practices", "none"),
        })
        {
            await page.Locator($"[data-item='{item}'] input[value='{value}']").CheckAsync();
        }
        await manager.SeeAsync("intake questionnaire");
        await page.GetByRole(AriaRole.Button, new() { Name = "Calculate tier" }).ClickAsync();
        await page.WaitForURLAsync("**/vendors/details/**");
        Assert.NotEqual("Not tiered yet", (await page.Locator("[data-testid=vendor-tier]").InnerTextAsync()).Trim());
        await manager.SeeAsync("vendor tiered");

        // The AI questionnaire goes to a contact who has no account yet.
        await page.GetByRole(AriaRole.Link, new() { Name = "Send a questionnaire" }).ClickAsync();
        await page.GetByLabel("Questionnaire (published version)").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Title").FillAsync(Title);
        await page.GetByLabel("Due date").FillAsync(DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByLabel("Other e-mail addresses (optional)").FillAsync(contactEmail);
        await manager.SeeAsync("send questionnaire to a new contact");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await page.WaitForURLAsync("**/assessments/details/**");
        var internalUrl = manager.Path;
        await manager.SeeAsync("assessment just sent");
        // Nothing is wrong with a questionnaire nobody has answered yet: required questions are marked, not flagged.
        Assert.Equal(0, await page.Locator("article[data-item] p.text-danger").CountAsync());
        Assert.Equal("Not answered yet", (await page.Locator("[data-item='service_name'] [data-testid=answer]").InnerTextAsync()).Trim());
        Assert.Equal("No answers yet", (await page.Locator("[data-testid=score]").InnerTextAsync()).Trim());
        Assert.True(await page.Locator($"[data-item='{IncidentsSummary}']").CountAsync() == 0, "A hidden question is listed internally.");

        // The invitation e-mail, as delivered, carries the single-use link.
        var mail = await portal.Server.DeliverAndReadMailAsync(contactEmail);
        Assert.NotNull(mail);
        var link = AcceptLink().Match(mail.TextBody);
        Assert.True(link.Success, $"No /invitations/accept?token=... link in the e-mail:{Environment.NewLine}{mail.TextBody}");

        var portalUrl = "";
        await using (var contact = await portal.NewPersonAsync("contact", test))
        {
            await contact.GoToAsync(link.Groups["path"].Value);
            await contact.SeeAsync("accept invitation");
            await new AcceptInvitationPage(contact.Page).CreateAccountAndJoinAsync("Dana Byrne", ContactPassword);
            Assert.Equal("/portal", contact.Path);
            await contact.SeeAsync("portal after joining");
            await contact.Page.GetByRole(AriaRole.Link, new() { Name = $"Answer {Title}" }).ClickAsync();
            await contact.Page.WaitForURLAsync("**/portal/assessments/**");
            portalUrl = contact.Path;
            var answers = new PortalAnswerPage(contact.Page);
            await contact.SeeAsync("answer page");

            // The follow-up question appears only while its condition holds, without reloading.
            Assert.False(await answers.IsShownAsync(IncidentsSummary));
            var progressBefore = await answers.ProgressAsync();
            await answers.ChooseAsync(Incidents, "true");
            await Assertions.Expect(answers.Item(IncidentsSummary)).ToBeVisibleAsync();
            Assert.NotEqual(progressBefore, await answers.ProgressAsync());
            await contact.SeeAsync("follow-up question shown");
            await answers.ChooseAsync(Incidents, "false");
            await Assertions.Expect(answers.Item(IncidentsSummary)).ToBeHiddenAsync();
            await answers.ChooseAsync(Incidents, "true");
            await Assertions.Expect(answers.Item(IncidentsSummary)).ToBeVisibleAsync();

            // Answers typed and clicked like a person would; a finding on purpose (no MFA).
            await answers.TypeAsync("service_name", "Clinic Scribe");
            await answers.ChooseAsync("mfa_admin", "no");

            // Every other required question is answered as well (the scenario answers them in process, with the choices below).
            await portal.Server.Scenario.AnswerRequiredQuestionsAsync(_org.TenantId, Guid.Parse(portalUrl[(portalUrl.LastIndexOf('/') + 1)..]),
                await portal.Server.Scenario.UserIdAsync(contactEmail),
                // Strong claims demand evidence in 2.0, so where this vendor has none to upload it answers as such a vendor would.
                new Dictionary<string, string>
                {
                    ["ai_capabilities"] = "classic_ml", ["trains_models"] = "false", ["processes_personal_data"] = "false",
                    ["training_on_customer_data"] = "opt_out", ["pentest_frequency"] = "yearly", ["eu_role"] = "deployer",
                    ["impact_assessment"] = "partial", ["cert_iso27001"] = "no", ["cert_iso42001"] = "no", ["soc2"] = "no",
                    ["bcp_tested"] = "older", ["deletion_on_exit"] = "partial",
                },
                new HashSet<string>(StringComparer.Ordinal) { IncidentsSummary });

            // The server agrees after a reload: the conditional answer, the follow-up shown, the typed and chosen answers kept.
            await contact.Page.ReloadAsync();
            Assert.True(await answers.IsChosenAsync(Incidents, "true"));
            Assert.True(await answers.IsShownAsync(IncidentsSummary));
            Assert.Equal("Clinic Scribe", await answers.ValueAsync("service_name"));
            Assert.True(await answers.IsChosenAsync("mfa_admin", "no"));

            // Evidence for the penetration test.
            Assert.True(await answers.IsShownAsync("pentest_summary"));
            await answers.UploadEvidenceAsync("pentest_summary", "pentest-summary-2026.pdf", "application/pdf", MinimalPdf());
            await Assertions.Expect(answers.Item("pentest_summary").GetByRole(AriaRole.Link, new() { Name = "pentest-summary-2026.pdf" })).ToBeVisibleAsync();
            await contact.SeeAsync("evidence uploaded");
        }

        // The contact leaves (the browser context is gone) and comes back on another day: everything is still there.
        await using (var contact = await SignedInAsync("contact-again", contactEmail, ContactPassword, test))
        {
            Assert.Equal("/portal", contact.Path);
            await contact.GoToAsync(portalUrl);
            var answers = new PortalAnswerPage(contact.Page);
            Assert.Equal("Clinic Scribe", await answers.ValueAsync("service_name"));
            Assert.True(await answers.IsChosenAsync("mfa_admin", "no"));
            Assert.True(await answers.IsShownAsync(IncidentsSummary));

            // Submitting with the follow-up unanswered is refused, naming the question.
            await answers.SubmitAsync();
            var missing = await answers.MissingAsync();
            Assert.Single(missing);
            Assert.Contains("Summarise those incidents", missing[0], StringComparison.Ordinal);
            Assert.Equal("in progress", await answers.StatusAsync());
            await contact.SeeAsync("submit refused with a missing answer");

            await answers.TypeAsync(IncidentsSummary, "One outage of the transcription service in March; failover was automated afterwards.");
            await answers.SubmitAsync();
            // The submission starts the review workflow at once, so the vendor may already see it in review.
            var submitted = await answers.StatusAsync();
            Assert.True(submitted is "submitted" or "in review", $"Status after submitting: {submitted}");
            Assert.Empty(await answers.MissingAsync());
            await contact.SeeAsync("submitted");
        }

        // The manager sees the outcome on the internal page.
        await manager.GoToAsync(internalUrl);
        var status = (await page.Locator("[data-testid=assessment-status]").InnerTextAsync()).Trim();
        Assert.True(status is "submitted" or "in review", $"Status after submission: {status}");
        Assert.Matches(@"^\d+(\.\d+)? / 100$", (await page.Locator("[data-testid=score]").InnerTextAsync()).Trim());
        Assert.Contains("No multi-factor authentication for administrators", await page.Locator("[data-testid=findings]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("pentest-summary-2026.pdf", await page.Locator("[data-item='pentest_summary']").InnerTextAsync(), StringComparison.Ordinal);
        await manager.SeeAsync("submitted assessment with score and findings");
    }

    /// <summary>A one-page PDF small enough to read: the upload checks the %PDF signature, not the renderer.</summary>
    private static byte[] MinimalPdf() => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    [GeneratedRegex(@"(?<path>/invitations/accept\?token=[^\s""'<>]+)")]
    private static partial Regex AcceptLink();
}
