using OtpNet;
using VendorRisk.E2ETests.Infrastructure;
using VendorRisk.E2ETests.PageObjects;

namespace VendorRisk.E2ETests.Tests;

/// <summary>
/// The foundation flow end to end: an organisation signs up, invites a reviewer by e-mail, the reviewer joins in a
/// browser of their own, turns on an authenticator app and signs in again with it.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class FoundationFlowTests(PortalFixture portal)
{
    private const string InviteePassword = "long walks on a windy beach";

    [Fact]
    public async Task An_admin_invites_a_reviewer_who_joins_turns_on_two_factor_and_signs_in_with_a_code()
    {
        const string test = nameof(An_admin_invites_a_reviewer_who_joins_turns_on_two_factor_and_signs_in_with_a_code);
        var slug = "flow-" + Guid.NewGuid().ToString("N")[..6];
        var inviteeEmail = $"rita@{slug}.example";

        // The admin signs the organisation up and invites a reviewer.
        await using var admin = await portal.NewPersonAsync("admin", test);
        var register = new RegisterPage(admin.Page);
        await register.OpenAsync();
        await register.CreateOrganisationAsync(portal.Server, "Flow Health", slug, "Ada Admin", $"ada@{slug}.example", "my admin sentence is long enough");
        Assert.Equal($"/t/{slug}/dashboard", admin.Path);
        await admin.SeeAsync("dashboard");

        await admin.GoToAsync(UsersAdminPage.PathFor(slug));
        await admin.SeeAsync("users");
        await new UsersAdminPage(admin.Page).InviteAsync(inviteeEmail, "Reviewer");
        Assert.Equal(UsersAdminPage.PathFor(slug), admin.Path);
        await admin.SeeAsync("invitation sent");

        // The invitation e-mail carries the link.
        var mail = await portal.Server.FindMailAsync(inviteeEmail, "invitation");
        Assert.NotNull(mail);
        var link = AcceptLink().Match(mail.TextBody + " " + mail.HtmlBody);
        Assert.True(link.Success, $"No /invitations/accept?token=... link in the invitation:{Environment.NewLine}{mail.TextBody}");

        // The invitee, at their own computer, follows it and joins (on this test's server, whatever host the mail names).
        await using var invitee = await portal.NewPersonAsync("invitee", test);
        await invitee.GoToAsync(System.Net.WebUtility.HtmlDecode(link.Groups["path"].Value));
        await invitee.SeeAsync("accept invitation");
        await new AcceptInvitationPage(invitee.Page).CreateAccountAndJoinAsync("Rita Reviewer", InviteePassword);
        Assert.Equal($"/t/{slug}/dashboard", invitee.Path);
        await invitee.SeeAsync("joined");

        // Turns on an authenticator app.
        await invitee.GoToAsync(EnableAuthenticatorPage.Path);
        await invitee.SeeAsync("enable authenticator");
        var enable = new EnableAuthenticatorPage(invitee.Page);
        var totp = new Totp(Base32Encoding.ToBytes(await enable.KeyAsync()));
        // The authenticator app shows the code for the app's time (the test host's clock, see AdjustableClock).
        // A code lives only in its 30-second step (ADR-048): the app's clock starts a fresh step, so the browser posts well inside it.
        portal.Server.Clock.AdvanceToNextStep(TimeSpan.FromSeconds(30));
        var firstCode = totp.ComputeTotp(portal.Server.Clock.GetUtcNow().UtcDateTime);
        await enable.VerifyAsync(firstCode);
        Assert.True(await invitee.Page.Locator("[data-testid=recovery-codes]").IsVisibleAsync(), "No recovery codes after enabling two-factor.");
        await invitee.SeeAsync("recovery codes");

        // Signs out and back in: the password is no longer enough.
        await new Shell(invitee.Page).SignOutAsync();
        Assert.Equal(SignInPage.Path, invitee.Path);
        await invitee.SeeAsync("signed out");
        await new SignInPage(invitee.Page).SignInAsync(inviteeEmail, InviteePassword);
        Assert.StartsWith(TwoFactorSignInPage.Path, invitee.Path, StringComparison.Ordinal);
        await invitee.SeeAsync("asked for code");

        await new TwoFactorSignInPage(invitee.Page).VerifyAsync(FreshCode(totp, firstCode));
        Assert.Equal($"/t/{slug}/dashboard", invitee.Path);
        await invitee.SeeAsync("signed in with code");
        var links = await invitee.RoleNavigationAsync();
        Assert.Contains("My reviews", links);
        Assert.DoesNotContain("Users", links);
    }

    /// <summary>
    /// The code of the next time step, as the authenticator app would show it once the step has passed: a used code (or one of
    /// an earlier step) may rightly be refused. Instead of waiting for the step to pass, the app's clock moves to it.
    /// </summary>
    private string FreshCode(Totp totp, string usedCode)
    {
        var clock = portal.Server.Clock;
        var step = TimeSpan.FromSeconds(30);
        var now = clock.GetUtcNow();
        var nextStep = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % step.Ticks), TimeSpan.Zero) + step;
        clock.Advance(nextStep - now);
        var code = totp.ComputeTotp(clock.GetUtcNow().UtcDateTime);
        // Two steps may show the same six digits (one time in a million): the next step then.
        while (code == usedCode)
        {
            clock.Advance(step);
            code = totp.ComputeTotp(clock.GetUtcNow().UtcDateTime);
        }
        return code;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<path>/invitations/accept\?token=[^\s""'<>]+)")]
    private static partial System.Text.RegularExpressions.Regex AcceptLink();
}
