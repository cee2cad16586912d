using Microsoft.Playwright;
using VendorRisk.Domain.Tenancy;
using VendorRisk.E2ETests.Infrastructure;
using VendorRisk.E2ETests.PageObjects;
using VendorRisk.Testing;

namespace VendorRisk.E2ETests.Tests;

/// <summary>
/// ASVS 5.0 6.2.2, 6.2.3: a signed-in reviewer opens "Change password" from the account menu, is refused a wrong current password
/// beside the field, then changes it and stays signed in. Screenshots at 1280 px and at phone width; axe on each page.
/// </summary>
[Collection(SecondPortalCollection.Name)]
public sealed class ChangePasswordJourneyTests(PortalFixture portal)
{
    [Fact]
    public async Task A_reviewer_changes_their_password_from_the_account_menu_and_stays_signed_in()
    {
        const string test = nameof(A_reviewer_changes_their_password_from_the_account_menu_and_stays_signed_in);
        var tenant = await portal.Server.Scenario.TenantAsync("pw-" + Guid.NewGuid().ToString("N")[..6]);
        var reviewerUser = await portal.Server.Scenario.MemberAsync(tenant.Id, TenantRoles.Reviewer, $"rory@{tenant.Slug}.example");

        await using var reviewer = await portal.NewPersonAsync("reviewer", test);
        await reviewer.Page.SetViewportSizeAsync(1280, 800);
        await reviewer.GoToAsync(SignInPage.Path);
        await new SignInPage(reviewer.Page).SignInAsync(reviewerUser.Email!, Scenario.Password);
        await reviewer.Page.WaitForLoadStateAsync(LoadState.Load);
        await reviewer.Page.Locator("#account-menu").ClickAsync();
        await reviewer.Page.GetByRole(AriaRole.Link, new() { Name = "Change password", Exact = true }).ClickAsync();
        await reviewer.Page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Equal("/account/manage/change-password", reviewer.Path);
        await reviewer.SeeAsync("change password");

        // A wrong current password: refused beside the field (at phone width).
        await reviewer.Page.SetViewportSizeAsync(390, 844);
        await reviewer.Page.GetByLabel("Current password").FillAsync("not my password at all");
        await reviewer.Page.GetByLabel("New password", new() { Exact = true }).FillAsync("A-fresh-passphrase-for-today-81");
        await reviewer.Page.GetByLabel("Confirm new password").FillAsync("A-fresh-passphrase-for-today-81");
        await reviewer.Page.GetByRole(AriaRole.Button, new() { Name = "Change password", Exact = true }).ClickAsync();
        await reviewer.Page.WaitForLoadStateAsync(LoadState.Load);
        await Assertions.Expect(reviewer.Page.Locator("[data-valmsg-for='Input.CurrentPassword']")).ToContainTextAsync("not your current password");
        await reviewer.SeeAsync("wrong current password at phone width");

        await reviewer.Page.GetByLabel("Current password").FillAsync(Scenario.Password);
        await reviewer.Page.GetByLabel("New password", new() { Exact = true }).FillAsync("A-fresh-passphrase-for-today-81");
        await reviewer.Page.GetByLabel("Confirm new password").FillAsync("A-fresh-passphrase-for-today-81");
        await reviewer.Page.GetByRole(AriaRole.Button, new() { Name = "Change password", Exact = true }).ClickAsync();
        await reviewer.Page.WaitForLoadStateAsync(LoadState.Load);
        await Assertions.Expect(reviewer.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password is changed");
        await reviewer.SeeAsync("changed at phone width");

        // Still signed in.
        await reviewer.GoToAsync("/account/manage/sessions");
        Assert.Equal("/account/manage/sessions", reviewer.Path);
        await Assertions.Expect(reviewer.Page.Locator("[data-testid=session][data-current=true]")).ToBeVisibleAsync();
    }
}
