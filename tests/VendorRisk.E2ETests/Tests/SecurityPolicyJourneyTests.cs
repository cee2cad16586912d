using Microsoft.Playwright;
using OtpNet;
using VendorRisk.Domain.Tenancy;
using VendorRisk.E2ETests.Infrastructure;
using VendorRisk.E2ETests.PageObjects;
using VendorRisk.Testing;

namespace VendorRisk.E2ETests.Tests;

/// <summary>
/// Issue 16's acceptance for V6 (ADR-035): a tenant admin requires two-factor sign-in for all staff; a reviewer without an
/// authenticator app is sent to enrol at their next sign-in, cannot open another page until enrolled, then works. Screenshots at
/// 1280 px and at phone width; axe on each page.
/// </summary>
[Collection(SecondPortalCollection.Name)]
public sealed class SecurityPolicyJourneyTests(PortalFixture portal)
{
    [Fact]
    public async Task A_tenant_admin_requires_two_factor_and_a_reviewer_without_it_is_sent_to_enrol_at_the_next_sign_in()
    {
        const string test = nameof(A_tenant_admin_requires_two_factor_and_a_reviewer_without_it_is_sent_to_enrol_at_the_next_sign_in);
        var tenant = await portal.Server.Scenario.TenantAsync("mfa-" + Guid.NewGuid().ToString("N")[..6]);
        var adminUser = await portal.Server.Scenario.MemberAsync(tenant.Id, TenantRoles.TenantAdmin, $"ada@{tenant.Slug}.example");
        var reviewerUser = await portal.Server.Scenario.MemberAsync(tenant.Id, TenantRoles.Reviewer, $"rita@{tenant.Slug}.example");

        // The admin requires two-factor sign-in for all staff.
        await using var admin = await portal.NewPersonAsync("admin", test);
        await admin.Page.SetViewportSizeAsync(1280, 800);
        await admin.GoToAsync(SignInPage.Path);
        await new SignInPage(admin.Page).SignInAsync(adminUser.Email!, Scenario.Password);
        await admin.GoToAsync($"/t/{tenant.Slug}/admin/security");
        await admin.SeeAsync("security policy");
        await admin.Page.GetByLabel("Everyone on the staff", new() { Exact = true }).CheckAsync();
        await admin.Page.GetByLabel("Longest sign-in (minutes)").FillAsync("480");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Save the security policy", Exact = true }).ClickAsync();
        await admin.Page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Equal($"/t/{tenant.Slug}/admin/security", admin.Path);
        await Assertions.Expect(admin.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("The security policy was saved");
        await admin.SeeAsync("policy saved");
        await admin.Page.SetViewportSizeAsync(390, 844);
        await admin.SeeAsync("policy at phone width");

        // The reviewer signs in (on a phone) and is taken to enrol; another page sends them back there.
        await using var reviewer = await portal.NewPersonAsync("reviewer", test);
        await reviewer.Page.SetViewportSizeAsync(390, 844);
        await reviewer.GoToAsync(SignInPage.Path);
        await new SignInPage(reviewer.Page).SignInAsync(reviewerUser.Email!, Scenario.Password);
        Assert.Equal(EnableAuthenticatorPage.Path, reviewer.Path);
        await Assertions.Expect(reviewer.Page.Locator("[data-testid=enrolment-required]")).ToBeVisibleAsync();
        await reviewer.SeeAsync("sent to enrol at phone width");
        await reviewer.Page.GotoAsync($"/t/{tenant.Slug}/dashboard");
        Assert.Equal(EnableAuthenticatorPage.Path, reviewer.Path);
        await reviewer.Page.SetViewportSizeAsync(1280, 800);
        await reviewer.SeeAsync("held at enrolment");

        // Enrols with the authenticator app (Otp.NET plays the app, on the test host's clock) and can work.
        var enable = new EnableAuthenticatorPage(reviewer.Page);
        var totp = new Totp(Base32Encoding.ToBytes(await enable.KeyAsync()));
        // A code lives only in its 30-second step: the app's clock starts a fresh step, so the browser posts well inside it.
        portal.Server.Clock.AdvanceToNextStep(TimeSpan.FromSeconds(30));
        await enable.VerifyAsync(totp.ComputeTotp(portal.Server.Clock.GetUtcNow().UtcDateTime));
        await Assertions.Expect(reviewer.Page.Locator("[data-testid=recovery-codes]")).ToBeVisibleAsync();
        await reviewer.GoToAsync($"/t/{tenant.Slug}/dashboard");
        Assert.Equal($"/t/{tenant.Slug}/dashboard", reviewer.Path);
        await reviewer.SeeAsync("works after enrolling");

        // The account page lists the session.
        await reviewer.GoToAsync("/account/manage/sessions");
        await Assertions.Expect(reviewer.Page.Locator("[data-testid=session][data-current=true]")).ToBeVisibleAsync();
        await reviewer.SeeAsync("sessions");
        await reviewer.Page.SetViewportSizeAsync(390, 844);
        await reviewer.SeeAsync("sessions at phone width");
    }
}
