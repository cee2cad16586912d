using Microsoft.Playwright;
using OtpNet;
using VendorRisk.Domain.Tenancy;
using VendorRisk.E2ETests.Infrastructure;
using VendorRisk.E2ETests.PageObjects;
using VendorRisk.Testing;

namespace VendorRisk.E2ETests.Tests;

/// <summary>
/// ADR-049 (ASVS 5.0 7.4.5, 6.4.4): a member lost their phone. The tenant admin signs them out everywhere from the member's page,
/// then, after confirming their own password, resets the member's authenticator; the member signs in with their password and is
/// held at the enrolment page until they set up a new app. Screenshots at 1280 px and at phone width; axe on each page.
/// </summary>
[Collection(SecondPortalCollection.Name)]
public sealed class MemberSignInRecoveryJourneyTests(PortalFixture portal)
{
    [Fact]
    public async Task A_tenant_admin_signs_a_member_out_everywhere_and_resets_their_authenticator_and_the_member_enrols_again()
    {
        const string test = nameof(A_tenant_admin_signs_a_member_out_everywhere_and_resets_their_authenticator_and_the_member_enrols_again);
        var tenant = await portal.Server.Scenario.TenantAsync("lost-" + Guid.NewGuid().ToString("N")[..6]);
        var adminUser = await portal.Server.Scenario.MemberAsync(tenant.Id, TenantRoles.TenantAdmin, $"ada@{tenant.Slug}.example");
        var memberUser = await portal.Server.Scenario.MemberAsync(tenant.Id, TenantRoles.Reviewer, $"rita@{tenant.Slug}.example");

        // The member has an authenticator app and is signed in on a phone.
        await using var member = await portal.NewPersonAsync("member", test);
        await member.Page.SetViewportSizeAsync(390, 844);
        await member.GoToAsync(SignInPage.Path);
        await new SignInPage(member.Page).SignInAsync(memberUser.Email!, Scenario.Password);
        await member.GoToAsync(EnableAuthenticatorPage.Path);
        var enable = new EnableAuthenticatorPage(member.Page);
        var oldKey = await enable.KeyAsync();
        // A code lives only in its own 30-second step (ADR-048): start a fresh step so a slow browser cannot cross its end.
        portal.Server.Clock.AdvanceToNextStep(TimeSpan.FromSeconds(30));
        await enable.VerifyAsync(new Totp(Base32Encoding.ToBytes(oldKey)).ComputeTotp(portal.Server.Clock.GetUtcNow().UtcDateTime));
        await Assertions.Expect(member.Page.Locator("[data-testid=recovery-codes]")).ToBeVisibleAsync();

        // The admin opens the member's page and signs them out everywhere.
        await using var admin = await portal.NewPersonAsync("admin", test);
        await admin.Page.SetViewportSizeAsync(1280, 800);
        await admin.GoToAsync(SignInPage.Path);
        await new SignInPage(admin.Page).SignInAsync(adminUser.Email!, Scenario.Password);
        await admin.GoToAsync($"/t/{tenant.Slug}/admin/users");
        await admin.Page.GetByRole(AriaRole.Link, new() { Name = "Edit rita" }).ClickAsync();
        await Assertions.Expect(admin.Page.GetByRole(AriaRole.Heading, new() { Name = "Sessions and sign-in" })).ToBeVisibleAsync();
        var memberPage = admin.Path;
        await admin.SeeAsync("member page");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere", Exact = true }).ClickAsync();
        await Assertions.Expect(admin.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("session was ended");
        await admin.SeeAsync("signed out everywhere");

        await member.Page.GotoAsync($"/t/{tenant.Slug}/dashboard");
        Assert.StartsWith(SignInPage.Path, member.Path, StringComparison.Ordinal);

        // Later, the reset: the admin confirms their password first (a sensitive change), then comes back and resets.
        portal.Server.Clock.Advance(TimeSpan.FromMinutes(6));
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Reset authenticator", Exact = true }).ClickAsync();
        Assert.StartsWith("/account/manage/reauthenticate", admin.Path, StringComparison.Ordinal);
        await admin.Page.GetByLabel("Password", new() { Exact = true }).FillAsync(Scenario.Password);
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Confirm", Exact = true }).ClickAsync();
        await admin.Page.WaitForURLAsync("**" + memberPage);
        await admin.Page.SetViewportSizeAsync(390, 844);
        await admin.SeeAsync("member page at phone width");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Reset authenticator", Exact = true }).ClickAsync();
        await Assertions.Expect(admin.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("set up an authenticator app again");
        await Assertions.Expect(admin.Page.GetByRole(AriaRole.Button, new() { Name = "Reset authenticator", Exact = true })).ToHaveCountAsync(0);
        await admin.SeeAsync("authenticator reset at phone width");

        // The member signs in with the password alone and is held at enrolment until a new app is set up.
        await member.GoToAsync(SignInPage.Path);
        await new SignInPage(member.Page).SignInAsync(memberUser.Email!, Scenario.Password);
        await member.Page.GotoAsync($"/t/{tenant.Slug}/dashboard");
        Assert.Equal(EnableAuthenticatorPage.Path, member.Path);
        await Assertions.Expect(member.Page.Locator("[data-testid=enrolment-required]")).ToBeVisibleAsync();
        await member.SeeAsync("held at enrolment at phone width");
        var newKey = await enable.KeyAsync();
        Assert.NotEqual(oldKey, newKey);
        await member.Page.SetViewportSizeAsync(1280, 800);
        await member.SeeAsync("held at enrolment");
        portal.Server.Clock.Advance(TimeSpan.FromSeconds(30));
        // A code lives only in its own 30-second step (ADR-048): start a fresh step so a slow browser cannot cross its end.
        portal.Server.Clock.AdvanceToNextStep(TimeSpan.FromSeconds(30));
        await enable.VerifyAsync(new Totp(Base32Encoding.ToBytes(newKey)).ComputeTotp(portal.Server.Clock.GetUtcNow().UtcDateTime));
        await Assertions.Expect(member.Page.Locator("[data-testid=recovery-codes]")).ToBeVisibleAsync();
        await member.GoToAsync($"/t/{tenant.Slug}/dashboard");
        Assert.Equal($"/t/{tenant.Slug}/dashboard", member.Path);
    }
}
