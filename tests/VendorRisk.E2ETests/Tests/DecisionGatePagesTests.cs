using Microsoft.Playwright;
using VendorRisk.E2ETests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VendorRisk.E2ETests.Tests;

/// <summary>
/// Issue 14 items 3 and 4 (ADR-027) in a browser, at 1280 px and at phone width: the decision gates settings, the demo's condition of
/// approval on the vendor page, the condition itself and the risk profile (condition and accepted risk), and the portal's conditions
/// page. Each page is screenshotted and checked with axe (no serious violation).
/// </summary>
[Collection(SecondPortalCollection.Name)]
public sealed class DecisionGatePagesTests(PortalFixture portal)
{
    private static readonly string Tenant = $"/t/{Demo.TenantSlug}";

    private async Task<Person> SignedInAsync(string email, string test)
    {
        var person = await portal.NewPersonAsync(email.Split('@')[0], test);
        // The sign-in form in a browser is not what this test is about (DemoRoleSignInTests): its POST from this browser context.
        await person.SignInAsync(email, Demo.Password);
        return person;
    }

    /// <summary>Screenshot and axe at 1280 px, then at a phone's width (nothing wider than the screen).</summary>
    private static async Task SeeAtBothWidthsAsync(Person person, string step)
    {
        await person.Page.SetViewportSizeAsync(1280, 800);
        await person.SeeAsync(step + " 1280");
        await person.Page.SetViewportSizeAsync(390, 844);
        await person.SeeAsync(step + " phone");
        var overflow = await person.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, $"{step}: the page is wider than a phone's screen.");
        await person.Page.SetViewportSizeAsync(1280, 800);
    }

    [Fact]
    public async Task The_gates_the_conditions_and_the_accepted_risk_read_well_at_desktop_and_phone_width()
    {
        const string test = nameof(The_gates_the_conditions_and_the_accepted_risk_read_well_at_desktop_and_phone_width);
        await using var admin = await SignedInAsync(Demo.Admin, test);
        await admin.GoToAsync($"{Tenant}/admin/decision-gates");
        await Expect(admin.Page.GetByLabel("Open critical findings block an approval (recommended)")).ToBeCheckedAsync();
        await SeeAtBothWidthsAsync(admin, "decision gates");

        await admin.GoToAsync($"{Tenant}/vendors");
        await admin.Page.GetByRole(AriaRole.Link, new() { Name = "Quill Analytics GmbH" }).First.ClickAsync();
        var conditions = admin.Page.GetByTestId("vendor-conditions");
        await Expect(conditions).ToContainTextAsync("Deliver the bias testing report");
        await Expect(conditions.GetByTestId("condition-state")).ToHaveTextAsync("Open");
        await SeeAtBothWidthsAsync(admin, "vendor conditions");

        await conditions.GetByRole(AriaRole.Link).First.ClickAsync();
        await admin.Page.WaitForURLAsync("**/conditions/details/**");
        await Expect(admin.Page.GetByTestId("condition-state")).ToHaveTextAsync("Open");
        await SeeAtBothWidthsAsync(admin, "condition");

        await admin.Page.GetByRole(AriaRole.Link, new() { Name = "Risk profile: Quill Analytics GmbH" }).ClickAsync();
        await Expect(admin.Page.GetByTestId("profile-conditions")).ToContainTextAsync("Quill Analytics GmbH (vendor)");
        await Expect(admin.Page.GetByTestId("profile-accepted-risks")).ToContainTextAsync("Accepted until");
        Assert.DoesNotContain("approveWithConditions", await admin.Page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await SeeAtBothWidthsAsync(admin, "risk profile");

        await using var contact = await SignedInAsync(Demo.VendorContact, test);
        await contact.GoToAsync($"{Tenant}/portal/conditions");
        await Expect(contact.Page.GetByRole(AriaRole.Heading, new() { Name = "Conditions of approval" })).ToBeVisibleAsync();
        await SeeAtBothWidthsAsync(contact, "portal conditions");
    }
}
