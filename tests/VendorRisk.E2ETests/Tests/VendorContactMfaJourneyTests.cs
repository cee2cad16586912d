using Microsoft.Playwright;
using OtpNet;
using VendorRisk.Domain.Tenancy;
using VendorRisk.E2ETests.Infrastructure;
using VendorRisk.E2ETests.PageObjects;
using VendorRisk.Testing;

namespace VendorRisk.E2ETests.Tests;

/// <summary>
/// ASVS 5.0 6.3.3 for vendor contacts (ADR-050): a tenant admin requires two-factor sign-in of vendor contacts; a contact without an
/// authenticator app is sent to enrol at their next sign-in, cannot open the portal until enrolled, then works in it. Screenshots at
/// 1280 px and at phone width; axe on each page.
/// </summary>
[Collection(SecondPortalCollection.Name)]
public sealed class VendorContactMfaJourneyTests(PortalFixture portal)
{
    [Fact]
    public async Task A_tenant_admin_requires_two_factor_of_vendor_contacts_and_a_contact_enrols_at_the_next_sign_in()
    {
        const string test = nameof(A_tenant_admin_requires_two_factor_of_vendor_contacts_and_a_contact_enrols_at_the_next_sign_in);
        var tenant = await portal.Server.Scenario.TenantAsync("vmfa-" + Guid.NewGuid().ToString("N")[..6]);
        var adminUser = await portal.Server.Scenario.MemberAsync(tenant.Id, TenantRoles.TenantAdmin, $"ada@{tenant.Slug}.example");
        var vendor = await portal.Server.Scenario.VendorAsync(tenant.Id, "Northwind Hosting");
        var contactUser = await portal.Server.Scenario.MemberAsync(tenant.Id, TenantRoles.VendorContact, $"victor@{tenant.Slug}-vendor.example", vendor.Id);

        // The admin requires two-factor sign-in of vendor contacts.
        await using var admin = await portal.NewPersonAsync("admin", test);
        await admin.Page.SetViewportSizeAsync(1280, 800);
        await admin.GoToAsync(SignInPage.Path);
        await new SignInPage(admin.Page).SignInAsync(adminUser.Email!, Scenario.Password);
        await admin.GoToAsync($"/t/{tenant.Slug}/admin/security");
        await admin.Page.GetByLabel("Vendor contacts must use two-factor sign-in too").CheckAsync();
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Save the security policy", Exact = true }).ClickAsync();
        await admin.Page.WaitForLoadStateAsync(LoadState.Load);
        await Assertions.Expect(admin.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("The security policy was saved");
        await Assertions.Expect(admin.Page.GetByLabel("Vendor contacts must use two-factor sign-in too")).ToBeCheckedAsync();
        await admin.SeeAsync("vendor contacts required");
        await admin.Page.SetViewportSizeAsync(390, 844);
        await admin.SeeAsync("vendor contacts required at phone width");

        // The contact signs in on a phone and is taken to enrol; the portal sends them back there.
        await using var contact = await portal.NewPersonAsync("contact", test);
        await contact.Page.SetViewportSizeAsync(390, 844);
        await contact.GoToAsync(SignInPage.Path);
        await new SignInPage(contact.Page).SignInAsync(contactUser.Email!, Scenario.Password);
        Assert.Equal(EnableAuthenticatorPage.Path, contact.Path);
        await Assertions.Expect(contact.Page.Locator("[data-testid=enrolment-required]")).ToBeVisibleAsync();
        await contact.SeeAsync("sent to enrol at phone width");
        await contact.Page.GotoAsync("/portal");
        Assert.Equal(EnableAuthenticatorPage.Path, contact.Path);
        await contact.Page.SetViewportSizeAsync(1280, 800);
        await contact.SeeAsync("held at enrolment");

        // Enrols with the authenticator app (Otp.NET plays the app, on the test host's clock), gets recovery codes, and works.
        var enable = new EnableAuthenticatorPage(contact.Page);
        var totp = new Totp(Base32Encoding.ToBytes(await enable.KeyAsync()));
        // A code lives only in its own 30-second step (ADR-048): start a fresh step so a slow browser cannot cross its end.
        portal.Server.Clock.AdvanceToNextStep(TimeSpan.FromSeconds(30));
        await enable.VerifyAsync(totp.ComputeTotp(portal.Server.Clock.GetUtcNow().UtcDateTime));
        await Assertions.Expect(contact.Page.Locator("[data-testid=recovery-codes]")).ToBeVisibleAsync();
        await contact.SeeAsync("recovery codes");
        await contact.GoToAsync("/portal");
        Assert.Equal("/portal", contact.Path);
        await contact.SeeAsync("portal after enrolling");
        await contact.GoToAsync("/account/manage/two-factor");
        await contact.Page.SetViewportSizeAsync(390, 844);
        await contact.SeeAsync("two-factor on at phone width");
    }
}
