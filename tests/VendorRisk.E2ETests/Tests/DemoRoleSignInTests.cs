using VendorRisk.E2ETests.Infrastructure;
using VendorRisk.E2ETests.PageObjects;

namespace VendorRisk.E2ETests.Tests;

/// <summary>Every demo role signs in through the browser and sees the navigation its role allows, and no more.</summary>
[Collection(PortalCollection.Name)]
public sealed class DemoRoleSignInTests(PortalFixture portal)
{
    private static readonly string Dashboard = $"/t/{Demo.TenantSlug}/dashboard";

    public static TheoryData<string, string, string[], string[]> Roles => new()
    {
        { Demo.Admin, Dashboard, ["Dashboard", "Vendors", "Audit trail", "Users"], ["My reviews", "Committee", "Vendor portal"] },
        { Demo.Manager, Dashboard, ["Dashboard", "Vendors"], ["Users", "Audit trail", "My reviews", "Committee"] },
        { Demo.SecurityReviewer, Dashboard, ["Dashboard", "My reviews"], ["Users", "Audit trail", "Committee"] },
        { Demo.CommitteeMember, Dashboard, ["Dashboard", "Committee"], ["Users", "Audit trail", "My reviews"] },
        { Demo.Auditor, Dashboard, ["Dashboard", "Audit trail"], ["Users", "My reviews", "Committee"] },
        { Demo.VendorContact, "/portal", ["Vendor portal"], ["Dashboard", "Vendors", "Users", "Audit trail", "My reviews"] },
        // The platform operator belongs to no organisation: the chooser says so and the operator pages are offered.
        { Demo.Operator, "/tenants", ["Outbox", "Jobs"], ["Dashboard", "Vendors", "Users", "Vendor portal"] },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task A_demo_user_signs_in_lands_on_their_home_and_sees_only_their_roles_navigation(
        string email, string expectedLanding, string[] expectedLinks, string[] absentLinks)
    {
        await using var person = await portal.NewPersonAsync(email.Split('@')[0], nameof(A_demo_user_signs_in_lands_on_their_home_and_sees_only_their_roles_navigation));
        var signIn = new SignInPage(person.Page);

        await signIn.OpenAsync();
        await person.SeeAsync("sign-in page");
        await signIn.SignInAsync(email, Demo.Password);

        Assert.Equal(expectedLanding, person.Path);
        await person.SeeAsync("landing page");
        var links = await person.RoleNavigationAsync();
        foreach (var link in expectedLinks) Assert.Contains(link, links);
        foreach (var link in absentLinks) Assert.DoesNotContain(link, links);
    }

    [Fact]
    public async Task A_wrong_password_keeps_the_person_on_the_sign_in_page_with_a_message_that_names_no_account()
    {
        await using var person = await portal.NewPersonAsync("admin", nameof(A_wrong_password_keeps_the_person_on_the_sign_in_page_with_a_message_that_names_no_account));
        var signIn = new SignInPage(person.Page);

        await signIn.OpenAsync();
        await signIn.SignInAsync(Demo.Admin, "not-the-password-at-all");

        Assert.Equal(SignInPage.Path, person.Path);
        await person.SeeAsync("sign-in refused");
        var alert = await person.Page.Locator("main [role=alert]").InnerTextAsync();
        Assert.Contains("Sign-in failed", alert, StringComparison.Ordinal);
        Assert.Empty(await person.RoleNavigationAsync());
    }

    [Fact]
    public async Task A_visitor_sees_the_home_page_and_an_admin_opens_the_vendor_list_of_the_demo_organisation()
    {
        const string test = nameof(A_visitor_sees_the_home_page_and_an_admin_opens_the_vendor_list_of_the_demo_organisation);
        await using var visitor = await portal.NewPersonAsync("visitor", test);
        await visitor.GoToAsync("/");
        await visitor.SeeAsync("home page");
        Assert.True(await visitor.Page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Create an organisation" }).First.IsVisibleAsync());

        await using var admin = await portal.NewPersonAsync("admin", test);
        var signIn = new SignInPage(admin.Page);
        await signIn.OpenAsync();
        await signIn.SignInAsync(Demo.Admin, Demo.Password);
        await admin.Page.Locator("[data-testid=role-nav]").GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Vendors" }).ClickAsync();
        await admin.Page.WaitForURLAsync($"**/t/{Demo.TenantSlug}/vendors");
        await admin.SeeAsync("vendor list");
        var names = await admin.Page.Locator("main table tbody tr td:first-child").AllInnerTextsAsync();
        Assert.Equal(["Lumen AI Ltd", "Quill Analytics GmbH", "Sable Vision Inc.", "Tern Chat BV"], names.Order().ToArray());
    }
}
