using VendorRisk.E2ETests.Infrastructure;
using VendorRisk.E2ETests.PageObjects;

namespace VendorRisk.E2ETests.Tests;

[Collection(PortalCollection.Name)]
public sealed class OrganisationSignUpTests(PortalFixture portal)
{
    [Fact]
    public async Task A_new_organisation_signs_up_confirms_its_address_from_the_mail_and_lands_on_its_dashboard()
    {
        await using var founder = await portal.NewPersonAsync("founder", nameof(A_new_organisation_signs_up_confirms_its_address_from_the_mail_and_lands_on_its_dashboard));
        var register = new RegisterPage(founder.Page);
        var slug = "acme-" + Guid.NewGuid().ToString("N")[..6];

        await register.OpenAsync();
        await founder.SeeAsync("empty sign-up form");

        // The demo tenant's short name is taken.
        var email = $"fay@{slug}.example";
        await register.RequestAsync("Acme Health", Demo.TenantSlug, "Fay Founder", email);

        Assert.Equal(RegisterPage.Path, founder.Path);
        await founder.SeeAsync("field errors");
        Assert.Equal("This short name is taken. Choose another.", await register.FieldErrorAsync("Input.Slug"));
        Assert.Null(await register.FieldErrorAsync("Input.OrganisationName"));
        Assert.Null(await register.FieldErrorAsync("Input.Email"));

        await register.RequestAsync("Acme Health", slug, "Fay Founder", email);
        await founder.Page.Locator("[data-testid=sign-up-sent]").WaitForAsync();
        await founder.SeeAsync("check your inbox");

        // The link in the mail confirms the address; "password" is short and common.
        await founder.GoToAsync(await RegisterPage.LinkAsync(portal.Server, email));
        await founder.SeeAsync("choose a password");
        await register.CompleteAsync("password");
        Assert.NotNull(await register.FieldErrorAsync("Input.Password"));
        await register.CompleteAsync("a quiet orchard by the river");

        Assert.Equal($"/t/{slug}/dashboard", founder.Path);
        await founder.SeeAsync("new dashboard");
        Assert.Equal("Portfolio dashboard", (await founder.Page.Locator("main h1").InnerTextAsync()).Trim());
        Assert.Contains("Acme Health", await founder.Page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        var links = await founder.RoleNavigationAsync();
        Assert.Contains("Users", links);
        Assert.Contains("Audit trail", links);
    }
}
