using Microsoft.Playwright;
using VendorRisk.E2ETests.Infrastructure;
using VendorRisk.Testing;

namespace VendorRisk.E2ETests.Tests;

/// <summary>A vendor manager onboards an AI vendor; an admin prepares the AI questionnaire for sending. Each in a copy of the demo organisation of its own.</summary>
[Collection(PortalCollection.Name)]
public sealed class VendorInventoryAndTemplateTests(PortalFixture portal)
{
    private DemoOrganisation _org = null!;

    private string Tenant => _org.Base;

    private async Task<Person> SignedInAsync(string demoEmail, string test)
    {
        _org = await portal.Server.DemoOrganisationAsync();
        var person = await portal.NewPersonAsync(demoEmail.Split('@')[0], test);
        // The sign-in form in a browser is not what this journey tests (DemoRoleSignInTests): its POST from this browser context.
        await person.SignInAsync(_org.Member(demoEmail), _org.Password);
        return person;
    }

    [Fact]
    public async Task A_manager_adds_a_vendor_with_an_AI_system_overrides_its_tier_and_sees_its_fourth_parties()
    {
        await using var manager = await SignedInAsync(Demo.Manager, nameof(A_manager_adds_a_vendor_with_an_AI_system_overrides_its_tier_and_sees_its_fourth_parties));
        var page = manager.Page;

        await manager.GoToAsync($"{Tenant}/vendors");
        await page.GetByRole(AriaRole.Link, new() { Name = "Add vendor" }).ClickAsync();
        await page.GetByLabel("Legal name").FillAsync("Orbit Speech Ltd");
        await page.GetByLabel("Website").FillAsync("not a website");
        await page.GetByLabel("Country code").FillAsync("GB");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add vendor" }).ClickAsync();
        await manager.SeeAsync("vendor form with an error");
        Assert.Contains("https://", await page.Locator("[data-valmsg-for='Input.Website']").InnerTextAsync(), StringComparison.Ordinal);

        await page.GetByLabel("Website").FillAsync("https://orbit.example");
        await page.GetByLabel("Business criticality").SelectOptionAsync("High");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add vendor" }).ClickAsync();
        await page.WaitForURLAsync("**/vendors/details/**");
        await manager.SeeAsync("new vendor");

        await page.GetByRole(AriaRole.Link, new() { Name = "Add AI system" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Call Transcriber");
        await page.GetByLabel("Purpose").FillAsync("Transcribes and summarises support calls.");
        await page.GetByLabel("Foundation models").FillAsync("Example Labs | Atlas-LLM | 2026-03");
        await page.GetByLabel("Subprocessors").FillAsync("Cloudnine Hosting");
        await page.GetByLabel("EU AI Act risk class").SelectOptionAsync("Limited");
        await manager.SeeAsync("AI system form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save AI system" }).ClickAsync();
        await page.WaitForURLAsync("**/vendors/details/**");
        Assert.True(await page.GetByRole(AriaRole.Cell, new() { Name = "Call Transcriber" }).IsVisibleAsync());

        await page.Locator("summary", new() { HasText = "Override the tier" }).ClickAsync();
        await page.GetByLabel("New tier").SelectOptionAsync("High");
        await page.GetByLabel("Justification").FillAsync("Handles recorded calls of customers, including health details.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Override tier" }).ClickAsync();
        await page.WaitForURLAsync("**/vendors/details/**");
        Assert.Equal("High", (await page.Locator("[data-testid=vendor-tier]").InnerTextAsync()).Trim());
        await manager.SeeAsync("vendor with AI system and tier");

        await manager.GoToAsync($"{Tenant}/vendors/fourth-parties");
        await manager.SeeAsync("fourth parties");
        var exampleLabs = page.Locator("[data-testid=providers] tbody tr", new() { HasText = "Example Labs" });
        // The demo vendors Lumen AI and Tern Chat already depend on Example Labs; Orbit Speech joins them.
        Assert.Equal("3", (await exampleLabs.Locator("td").Nth(1).InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task An_admin_clones_the_shipped_AI_questionnaire_previews_it_and_publishes_it()
    {
        await using var admin = await SignedInAsync(Demo.Admin, nameof(An_admin_clones_the_shipped_AI_questionnaire_previews_it_and_publishes_it));
        var page = admin.Page;

        await admin.GoToAsync($"{Tenant}/templates");
        await admin.SeeAsync("template library");
        var shippedRow = page.Locator("tr, li", new() { HasText = "AI Vendor Security and Governance" }).Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Clone" }) }).First;
        await shippedRow.GetByRole(AriaRole.Button, new() { Name = "Clone" }).ClickAsync();
        await page.WaitForURLAsync("**/templates/details/**");
        await admin.SeeAsync("cloned draft preview");
        Assert.Equal("draft", (await page.Locator("[data-testid=status]").InnerTextAsync()).Trim());

        await page.Locator("form[data-action=publish] button").ClickAsync();
        await page.WaitForURLAsync("**/templates/details/**");
        Assert.Equal("published", (await page.Locator("[data-testid=status]").InnerTextAsync()).Trim());
        await admin.SeeAsync("published template");
    }
}
