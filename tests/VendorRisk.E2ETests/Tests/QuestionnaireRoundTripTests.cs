using Microsoft.Playwright;
using VendorRisk.E2ETests.Infrastructure;
using VendorRisk.E2ETests.PageObjects;
using VendorRisk.Testing;

namespace VendorRisk.E2ETests.Tests;

/// <summary>
/// A manager sends the published AI questionnaire to a vendor; the vendor's contact opens it in the portal. In a copy of the
/// demo organisation of its own, whose AI questionnaire the scenario builder publishes (cloning and publishing in the browser
/// is <see cref="VendorInventoryAndTemplateTests"/>' journey).
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class QuestionnaireRoundTripTests(PortalFixture portal)
{
    private DemoOrganisation _org = null!;

    private async Task<Person> SignedInAsync(string demoEmail, string test)
    {
        var person = await portal.NewPersonAsync(demoEmail.Split('@')[0], test);
        var signIn = new SignInPage(person.Page);
        await signIn.OpenAsync();
        await signIn.SignInAsync(_org.Member(demoEmail), _org.Password);
        return person;
    }

    [Fact]
    public async Task A_manager_sends_the_AI_questionnaire_and_the_vendor_contact_answers_with_autosave()
    {
        const string test = nameof(A_manager_sends_the_AI_questionnaire_and_the_vendor_contact_answers_with_autosave);
        _org = await portal.Server.DemoOrganisationAsync();
        await portal.Server.Scenario.PublishedShippedQuestionnaireAsync(_org.TenantId, "ai-vendor-security-governance.json");

        await using var manager = await SignedInAsync(Demo.Manager, test);
        var page = manager.Page;
        await manager.GoToAsync($"{_org.Base}/vendors");
        await page.GetByRole(AriaRole.Link, new() { Name = "Lumen AI Ltd", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Send a questionnaire" }).ClickAsync();
        await page.GetByLabel("Questionnaire (published version)").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("Title").FillAsync("Annual AI assessment 2026");
        await page.GetByLabel("Due date").FillAsync(DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel(_org.Member(Demo.VendorContact), new() { Exact = false }).CheckAsync();
        await manager.SeeAsync("send questionnaire form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await page.WaitForURLAsync("**/assessments/details/**");
        await manager.SeeAsync("assessment sent");

        await using var contact = await SignedInAsync(Demo.VendorContact, test);
        Assert.Equal("/portal", contact.Path);
        await contact.SeeAsync("portal with the new assessment");
        await contact.Page.GetByRole(AriaRole.Link, new() { Name = "Annual AI assessment 2026", Exact = false }).First.ClickAsync();
        await contact.Page.WaitForURLAsync("**/portal/assessments/**");
        await contact.SeeAsync("answer page");

        var firstText = contact.Page.Locator("main input[type=text]:visible, main textarea:visible").First;
        var itemId = await firstText.EvaluateAsync<string>("field => field.closest('[data-item-id]').dataset.itemId");
        var answers = new PortalAnswerPage(contact.Page);
        Assert.DoesNotContain("Saved", await answers.StatusOfAsync(itemId), StringComparison.Ordinal);
        await firstText.FillAsync("Clinical Note Summariser");
        await firstText.BlurAsync();
        await answers.SavedAsync();
        // The question's own status line, written by the autosave's answer (not static page text).
        Assert.StartsWith("Saved at", await answers.StatusOfAsync(itemId), StringComparison.Ordinal);
        await contact.SeeAsync("answer autosaved");

        // Leave and resume: the answer is still there.
        await contact.Page.ReloadAsync();
        Assert.Equal("Clinical Note Summariser", await contact.Page.Locator("main input[type=text]:visible, main textarea:visible").First.InputValueAsync());
    }
}
