using System.Net;
using AngleSharp.Html.Dom;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Web.Pages.Account;
using static VendorRisk.IntegrationTests.Identity.IdentityTestExtensions;

namespace VendorRisk.IntegrationTests.Identity;

public sealed class TwoFactorTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private sealed record Enrolled(AppUser User, string Key, IReadOnlyList<string> RecoveryCodes);

    private async Task<(AppUser User, HttpClient Client)> SignedInUserAsync()
    {
        var user = await app.CreateUserAsync($"tfa-{Guid.NewGuid():N}@example.test");
        var client = app.CreateBrowserClient();
        await client.SignInAsync(user.Email!);
        return (user, client);
    }

    private static string KeyOf(IHtmlDocument enrolment) =>
        enrolment.QuerySelector("[data-testid=authenticator-key]")!.GetAttribute("data-key")!;

    private async Task<Enrolled> EnrolAsync()
    {
        var (user, client) = await SignedInUserAsync();
        var enrolment = await client.GetDocumentAsync("/account/manage/enable-authenticator");
        var key = KeyOf(enrolment);
        var response = await client.SubmitAsync(enrolment, "/account/manage/enable-authenticator",
            new Dictionary<string, string> { ["Input.Code"] = app.CurrentTotp(key) });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/manage/recovery-codes", response.Headers.Location!.OriginalString);
        var codesPage = await client.GetDocumentAsync("/account/manage/recovery-codes");
        var codes = codesPage.QuerySelectorAll("[data-testid=recovery-codes] li code").Select(c => c.TextContent.Trim()).ToList();
        // The enrolment code is spent: the next sign-in needs the app's next code.
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        return new Enrolled(user, key, codes);
    }

    [Fact]
    public async Task The_enrolment_page_shows_a_QR_code_and_the_key_of_the_signed_in_user()
    {
        var (_, client) = await SignedInUserAsync();

        var page = await client.GetDocumentAsync("/account/manage/enable-authenticator");

        var key = KeyOf(page);
        Assert.Matches("^[A-Z2-7]{16,}$", key);
        var shown = page.QuerySelector("[data-testid=authenticator-key]")!.TextContent;
        Assert.Equal(key, shown.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        Assert.NotNull(page.QuerySelector("[data-testid=authenticator-qr] svg"));
        // The content security policy forbids inline styles: the QR code must draw without them.
        Assert.Empty(page.QuerySelectorAll("[data-testid=authenticator-qr] [style]"));
        var codeInput = page.QuerySelector("input[name='Input.Code']")!;
        Assert.Equal("one-time-code", codeInput.GetAttribute("autocomplete"));
        Assert.Equal("numeric", codeInput.GetAttribute("inputmode"));
        Assert.Equal("Verification code", page.QuerySelector($"label[for='{codeInput.Id}']")!.TextContent.Trim());
        // A reload keeps the key, so a code scanned a moment ago still fits.
        Assert.Equal(key, KeyOf(await client.GetDocumentAsync("/account/manage/enable-authenticator")));
    }

    [Fact]
    public async Task The_manage_pages_require_sign_in()
    {
        var client = app.CreateBrowserClient();

        foreach (var url in new[] { "/account/manage/two-factor", "/account/manage/enable-authenticator", "/account/manage/recovery-codes" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_wrong_verification_code_leaves_two_factor_off_with_a_field_message()
    {
        var (user, client) = await SignedInUserAsync();
        var enrolment = await client.GetDocumentAsync("/account/manage/enable-authenticator");
        var key = KeyOf(enrolment);

        var response = await client.SubmitAsync(enrolment, "/account/manage/enable-authenticator",
            new Dictionary<string, string> { ["Input.Code"] = app.StaleTotp(key) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Contains("not valid", page.FieldError("Input.Code"), StringComparison.Ordinal);
        Assert.Equal(key, KeyOf(page));
        Assert.False((await app.FindUserAsync(user.Email!))!.TwoFactorEnabled);
        Assert.Empty(await app.PlatformAuditAsync(AuditActions.TwoFactorEnabled, entityId: user.Id));
    }

    [Fact]
    public async Task Enrolment_turns_two_factor_on_shows_ten_recovery_codes_once_and_is_audited()
    {
        var enrolled = await EnrolAsync();

        Assert.Equal(10, enrolled.RecoveryCodes.Count);
        Assert.Equal(10, enrolled.RecoveryCodes.Distinct().Count());
        Assert.True((await app.FindUserAsync(enrolled.User.Email!))!.TwoFactorEnabled);
        var enabled = Assert.Single(await app.PlatformAuditAsync(AuditActions.TwoFactorEnabled, entityId: enrolled.User.Id));
        Assert.Equal(enrolled.User.Id, enabled.ActorUserId);
    }

    [Fact]
    public async Task Recovery_codes_are_shown_only_once()
    {
        var (_, client) = await SignedInUserAsync();
        var enrolment = await client.GetDocumentAsync("/account/manage/enable-authenticator");
        await client.SubmitAsync(enrolment, "/account/manage/enable-authenticator",
            new Dictionary<string, string> { ["Input.Code"] = app.CurrentTotp(KeyOf(enrolment)) });

        var first = await client.GetDocumentAsync("/account/manage/recovery-codes");
        var second = await client.GetDocumentAsync("/account/manage/recovery-codes");

        Assert.Equal(10, first.QuerySelectorAll("[data-testid=recovery-codes] li").Length);
        Assert.Null(second.QuerySelector("[data-testid=recovery-codes]"));
    }

    [Fact]
    public async Task After_enrolment_the_session_stays_signed_in_and_the_status_page_shows_two_factor_on()
    {
        var (_, client) = await SignedInUserAsync();
        var enrolment = await client.GetDocumentAsync("/account/manage/enable-authenticator");
        await client.SubmitAsync(enrolment, "/account/manage/enable-authenticator",
            new Dictionary<string, string> { ["Input.Code"] = app.CurrentTotp(KeyOf(enrolment)) });
        // Past the security-stamp check interval: a session not re-issued after the stamp change would end here.
        app.Clock.Advance(TimeSpan.FromMinutes(2));

        var status = await client.GetDocumentAsync("/account/manage/two-factor");

        Assert.Contains("On", status.QuerySelector("[data-testid=two-factor-status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("10", status.QuerySelector("[data-testid=recovery-codes-left]")!.TextContent.Trim());
        // The key of an app in use is never shown again.
        var again = await client.GetDocumentAsync("/account/manage/enable-authenticator");
        Assert.Null(again.QuerySelector("[data-testid=authenticator-key]"));
    }

    [Fact]
    public async Task With_two_factor_on_the_password_alone_does_not_sign_in_and_the_authenticator_code_does()
    {
        var enrolled = await EnrolAsync();
        var client = app.CreateBrowserClient();

        await client.StartTwoFactorSignInAsync(enrolled.User.Email!);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/tenants")).StatusCode);
        var page = await client.GetDocumentAsync("/account/two-factor-login");
        Assert.NotNull(page.QuerySelector("input[name='Input.RememberMachine'][type=checkbox]"));
        Assert.NotNull(page.QuerySelector("a[href^='/account/recovery-code-login']"));
        var response = await client.SubmitAsync(page, "/account/two-factor-login",
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = app.CurrentTotp(enrolled.Key) });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/tenants", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/tenants")).StatusCode);
        var success = await app.PlatformAuditAsync(AuditActions.SignInSucceeded, enrolled.User.Email);
        Assert.Contains(success, e => e.DetailsJson.Contains("authenticator", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_authenticator_code_signs_in_once_and_a_replay_of_it_is_refused_until_the_next_code()
    {
        var enrolled = await EnrolAsync();
        var code = app.CurrentTotp(enrolled.Key);
        var first = app.CreateBrowserClient();
        await first.StartTwoFactorSignInAsync(enrolled.User.Email!);
        var accepted = await first.SubmitAsync("/account/two-factor-login", new Dictionary<string, string> { ["Input.TwoFactorCode"] = code });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        var replayer = app.CreateBrowserClient();
        await replayer.StartTwoFactorSignInAsync(enrolled.User.Email!);
        var replay = await replayer.SubmitAsync("/account/two-factor-login", new Dictionary<string, string> { ["Input.TwoFactorCode"] = code });

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal([TwoFactorLoginModel.FailureMessage], (await Forms.ParseAsync(replay)).ValidationMessages());
        Assert.Equal(HttpStatusCode.Redirect, (await replayer.GetAsync("/tenants")).StatusCode);

        app.Clock.Advance(TimeSpan.FromSeconds(30));
        var next = await replayer.SubmitAsync("/account/two-factor-login",
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = app.CurrentTotp(enrolled.Key) });
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await replayer.GetAsync("/tenants")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_authenticator_code_fails_with_a_generic_message_is_counted_and_audited()
    {
        var enrolled = await EnrolAsync();
        var client = app.CreateBrowserClient();
        await client.StartTwoFactorSignInAsync(enrolled.User.Email!);

        var response = await client.SubmitAsync("/account/two-factor-login",
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = app.StaleTotp(enrolled.Key) });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([TwoFactorLoginModel.FailureMessage], (await Forms.ParseAsync(response)).ValidationMessages());
        Assert.Equal(1, (await app.FindUserAsync(enrolled.User.Email!))!.AccessFailedCount);
        Assert.Single(await app.PlatformAuditAsync(AuditActions.SignInFailed, enrolled.User.Email));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/tenants")).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_authenticator_codes_lock_the_account_even_against_the_right_code()
    {
        var enrolled = await EnrolAsync();
        var client = app.CreateBrowserClient();
        await client.StartTwoFactorSignInAsync(enrolled.User.Email!);

        for (var i = 0; i < 5; i++)
            await client.SubmitAsync("/account/two-factor-login", new Dictionary<string, string> { ["Input.TwoFactorCode"] = app.StaleTotp(enrolled.Key) });
        var right = await client.SubmitAsync("/account/two-factor-login",
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = app.CurrentTotp(enrolled.Key) });

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal([TwoFactorLoginModel.FailureMessage], (await Forms.ParseAsync(right)).ValidationMessages());
        Assert.NotNull((await app.FindUserAsync(enrolled.User.Email!))!.LockoutEnd);
        Assert.NotEmpty(await app.PlatformAuditAsync(AuditActions.LockedOut, enrolled.User.Email));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/tenants")).StatusCode);
    }

    [Fact]
    public async Task The_second_step_without_the_first_sends_the_browser_back_to_sign_in()
    {
        var client = app.CreateBrowserClient();

        var twoFactor = await client.GetAsync("/account/two-factor-login");
        var recovery = await client.GetAsync("/account/recovery-code-login");

        Assert.Equal(HttpStatusCode.Redirect, twoFactor.StatusCode);
        Assert.StartsWith("/account/login", twoFactor.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, recovery.StatusCode);
        Assert.StartsWith("/account/login", recovery.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_and_is_then_used_up()
    {
        var enrolled = await EnrolAsync();
        var code = enrolled.RecoveryCodes[0];
        var first = app.CreateBrowserClient();
        await first.StartTwoFactorSignInAsync(enrolled.User.Email!);

        var used = await first.SubmitAsync("/account/recovery-code-login",
            new Dictionary<string, string> { ["Input.RecoveryCode"] = code.ToLowerInvariant() });

        Assert.Equal(HttpStatusCode.Redirect, used.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/tenants")).StatusCode);
        var status = await first.GetDocumentAsync("/account/manage/two-factor");
        Assert.Equal("9", status.QuerySelector("[data-testid=recovery-codes-left]")!.TextContent.Trim());
        var audited = Assert.Single(await app.PlatformAuditAsync(AuditActions.RecoveryCodeUsed, enrolled.User.Email));
        Assert.Equal(enrolled.User.Id, audited.ActorUserId);

        var second = app.CreateBrowserClient();
        await second.StartTwoFactorSignInAsync(enrolled.User.Email!);
        var reused = await second.SubmitAsync("/account/recovery-code-login",
            new Dictionary<string, string> { ["Input.RecoveryCode"] = code });

        Assert.Equal(HttpStatusCode.OK, reused.StatusCode);
        Assert.Equal([RecoveryCodeLoginModel.FailureMessage], (await Forms.ParseAsync(reused)).ValidationMessages());
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/tenants")).StatusCode);
        Assert.Single(await app.PlatformAuditAsync(AuditActions.RecoveryCodeUsed, enrolled.User.Email));
        // Another, unused code still works.
        var other = await second.SubmitAsync("/account/recovery-code-login",
            new Dictionary<string, string> { ["Input.RecoveryCode"] = enrolled.RecoveryCodes[1] });
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
    }

    [Fact]
    public async Task New_recovery_codes_replace_the_old_ones()
    {
        var enrolled = await EnrolAsync();
        var client = app.CreateBrowserClient();
        await client.StartTwoFactorSignInAsync(enrolled.User.Email!);
        await client.SubmitAsync("/account/two-factor-login",
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = app.CurrentTotp(enrolled.Key) });

        var generated = await client.SubmitAsync("/account/manage/two-factor", new Dictionary<string, string>(),
            "form[data-testid=generate-recovery-codes]");
        var fresh = (await client.FollowAsync(generated)).QuerySelectorAll("[data-testid=recovery-codes] li code")
            .Select(c => c.TextContent.Trim()).ToList();

        Assert.Equal(10, fresh.Count);
        Assert.Empty(fresh.Intersect(enrolled.RecoveryCodes));
        Assert.Single(await app.PlatformAuditAsync(AuditActions.RecoveryCodesGenerated, entityId: enrolled.User.Id));
        var other = app.CreateBrowserClient();
        await other.StartTwoFactorSignInAsync(enrolled.User.Email!);
        var old = await other.SubmitAsync("/account/recovery-code-login",
            new Dictionary<string, string> { ["Input.RecoveryCode"] = enrolled.RecoveryCodes[0] });
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        var renewed = await other.SubmitAsync("/account/recovery-code-login",
            new Dictionary<string, string> { ["Input.RecoveryCode"] = fresh[0] });
        Assert.Equal(HttpStatusCode.Redirect, renewed.StatusCode);
    }

    [Fact]
    public async Task Two_factor_is_turned_off_only_with_a_current_code()
    {
        var enrolled = await EnrolAsync();
        var client = app.CreateBrowserClient();
        await client.StartTwoFactorSignInAsync(enrolled.User.Email!);
        await client.SubmitAsync("/account/two-factor-login",
            new Dictionary<string, string> { ["Input.TwoFactorCode"] = app.CurrentTotp(enrolled.Key) });

        var wrong = await client.SubmitAsync("/account/manage/two-factor",
            new Dictionary<string, string> { ["Input.Code"] = app.StaleTotp(enrolled.Key) }, "form[data-testid=disable-two-factor]");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.NotNull((await Forms.ParseAsync(wrong)).FieldError("Input.Code"));
        Assert.True((await app.FindUserAsync(enrolled.User.Email!))!.TwoFactorEnabled);
        app.Clock.Advance(TimeSpan.FromSeconds(30)); // the sign-in code is spent

        var right = await client.SubmitAsync("/account/manage/two-factor",
            new Dictionary<string, string> { ["Input.Code"] = app.CurrentTotp(enrolled.Key) }, "form[data-testid=disable-two-factor]");

        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.False((await app.FindUserAsync(enrolled.User.Email!))!.TwoFactorEnabled);
        Assert.Single(await app.PlatformAuditAsync(AuditActions.TwoFactorDisabled, entityId: enrolled.User.Id));
        // Still signed in, and the password alone signs in again.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/manage/two-factor")).StatusCode);
        await app.CreateBrowserClient().SignInAsync(enrolled.User.Email!);
    }
}
