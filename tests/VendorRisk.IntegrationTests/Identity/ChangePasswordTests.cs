using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Messaging;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Web.Pages.Account.Manage;

namespace VendorRisk.IntegrationTests.Identity;

/// <summary>ASVS 5.0 6.2.2, 6.2.3: a signed-in person changes their password with the current one.</summary>
public sealed class ChangePasswordTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private const string Page = "/account/manage/change-password";
    private const string NewPassword = "A-fresh-passphrase-for-today-81";

    private async Task<(string Email, Guid Id, HttpClient Browser)> SignedInAsync()
    {
        var user = await app.CreateUserAsync($"change-{Guid.NewGuid():N}@example.test");
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(user.Email!);
        return (user.Email!, user.Id, browser);
    }

    private static Task<HttpResponseMessage> ChangeAsync(HttpClient client, string current, string next, string? confirm = null) =>
        client.SubmitAsync(Page, new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = next,
            ["Input.ConfirmPassword"] = confirm ?? next,
        });

    private Task<List<OutboxMessage>> NoticesToAsync(string email) =>
        app.InDbAsync(db => db.OutboxMessages.IgnoreQueryFilters().Where(m => m.Kind == "password-changed" && m.ToAddress == email).ToListAsync());

    private Task<string?> PasswordHashAsync(Guid id) => app.InDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.PasswordHash).SingleAsync());

    [Fact]
    public async Task Changing_the_password_keeps_this_session_ends_the_others_audits_and_mails_a_notice()
    {
        var (email, id, browser) = await SignedInAsync();
        var other = app.CreateBrowserClient();
        await other.SignInAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/account/manage/sessions")).StatusCode);

        var changed = await ChangeAsync(browser, VendorRiskApp.Password, NewPassword);

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var after = await browser.FollowAsync(changed);
        Assert.Contains(ChangePasswordModel.SuccessMessage, after.Text(), StringComparison.Ordinal);
        // This session continues; the other one is signed out on its next request.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/manage/sessions")).StatusCode);
        var otherAfter = await other.GetAsync("/account/manage/sessions");
        Assert.Equal(HttpStatusCode.Redirect, otherAfter.StatusCode);
        Assert.Equal("/account/login", otherAfter.Headers.Location!.AbsolutePath);
        Assert.Equal(1, await app.InDbAsync(db => db.UserSessions.CountAsync(s => s.UserId == id && s.EndReason == "password-changed")));
        // The old password no longer signs in; the new one does.
        Assert.Equal(HttpStatusCode.OK, (await app.CreateBrowserClient().TrySignInAsync(email)).StatusCode);
        await app.CreateBrowserClient().SignInAsync(email, NewPassword);

        var audited = Assert.Single(await app.PlatformAuditAsync(AuditActions.PasswordChanged, email));
        Assert.Equal(id, audited.ActorUserId);
        var notice = Assert.Single(await NoticesToAsync(email));
        Assert.Null(notice.TenantId);
        var body = app.BodyOf(notice);
        Assert.Contains("password was changed", body.Text, StringComparison.OrdinalIgnoreCase);
        var html = await new HtmlParser().ParseDocumentAsync(body.Html);
        Assert.Contains(html.QuerySelectorAll("a[href]"), a => a.GetAttribute("href")!.EndsWith("/account/forgot-password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_current_password_is_refused_beside_the_field_counted_towards_lockout_and_changes_nothing()
    {
        var (email, id, browser) = await SignedInAsync();
        var hash = await PasswordHashAsync(id);

        var refused = await ChangeAsync(browser, "not the password at all", NewPassword);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("not your current password", (await Forms.ParseAsync(refused)).FieldError("Input.CurrentPassword"), StringComparison.Ordinal);
        Assert.Equal(hash, await PasswordHashAsync(id));
        Assert.Equal(1, await app.InDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.AccessFailedCount).SingleAsync()));
        Assert.Single(await app.PlatformAuditAsync(AuditActions.ReauthenticationFailed, email));
        Assert.Empty(await app.PlatformAuditAsync(AuditActions.PasswordChanged, email));
        Assert.Empty(await NoticesToAsync(email));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/manage/sessions")).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_current_passwords_lock_the_account_and_the_right_one_is_then_refused_too()
    {
        var (email, id, browser) = await SignedInAsync();
        var hash = await PasswordHashAsync(id);

        for (var i = 0; i < 5; i++) await ChangeAsync(browser, $"wrong-guess-number-{i}", NewPassword);
        var locked = await ChangeAsync(browser, VendorRiskApp.Password, NewPassword);

        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.NotNull((await Forms.ParseAsync(locked)).FieldError("Input.CurrentPassword"));
        Assert.Equal(hash, await PasswordHashAsync(id));
        Assert.Empty(await NoticesToAsync(email));
    }

    [Theory]
    [InlineData("short-pw", "Input.NewPassword", "12")]
    [InlineData("password1234", "Input.NewPassword", "too easy to guess")]
    // From the embedded common-password list (zxcvbn's), not the built-in one.
    [InlineData("1qaz2wsx3edc", "Input.NewPassword", "too easy to guess")]
    [InlineData("QwertY123456", "Input.NewPassword", "too easy to guess")]
    public async Task A_weak_or_common_new_password_is_refused_beside_the_field_and_nothing_changes(string weak, string field, string message)
    {
        var (email, id, browser) = await SignedInAsync();
        var hash = await PasswordHashAsync(id);

        var refused = await ChangeAsync(browser, VendorRiskApp.Password, weak);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains(message, (await Forms.ParseAsync(refused)).FieldError(field), StringComparison.Ordinal);
        Assert.Equal(hash, await PasswordHashAsync(id));
        Assert.Empty(await NoticesToAsync(email));
        Assert.Equal(0, await app.InDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.AccessFailedCount).SingleAsync()));
    }

    [Fact]
    public async Task A_mismatched_confirmation_or_the_same_password_again_is_refused_and_nothing_changes()
    {
        var (email, id, browser) = await SignedInAsync();
        var hash = await PasswordHashAsync(id);

        var mismatch = await ChangeAsync(browser, VendorRiskApp.Password, NewPassword, "Something-else-entirely-99");
        var same = await ChangeAsync(browser, VendorRiskApp.Password, VendorRiskApp.Password);

        Assert.Contains("do not match", (await Forms.ParseAsync(mismatch)).FieldError("Input.ConfirmPassword"), StringComparison.Ordinal);
        Assert.NotNull((await Forms.ParseAsync(same)).FieldError("Input.NewPassword"));
        Assert.Equal(hash, await PasswordHashAsync(id));
        Assert.Empty(await NoticesToAsync(email));
        await app.CreateBrowserClient().SignInAsync(email);
    }

    [Fact]
    public async Task Without_a_sign_in_the_page_sends_to_sign_in()
    {
        var response = await app.CreateBrowserClient().GetAsync(Page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
        Assert.Contains("ReturnUrl=%2Faccount%2Fmanage%2Fchange-password", response.Headers.Location!.Query, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_account_menu_links_to_the_page()
    {
        var (_, _, browser) = await SignedInAsync();

        var page = await browser.GetDocumentAsync("/account/manage/sessions");

        Assert.NotNull(page.QuerySelector($"#account-menu ~ ul a[href='{Page}']"));
    }
}

/// <summary>The change-password form guesses at a secret: it shares the identity pages' per-address limit.</summary>
public sealed class ChangePasswordRateLimitTests(LowRateLimitApp app) : IClassFixture<LowRateLimitApp>
{
    // One test per class: the limiter's window is shared by every request of this host.
    [Fact]
    public async Task Posts_to_the_change_password_page_beyond_the_limit_get_429()
    {
        var user = await app.CreateUserAsync($"change-limit-{Guid.NewGuid():N}@example.test");
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(user.Email!); // one of the three attempts

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < LowRateLimitApp.AttemptsPerMinute; i++)
        {
            statuses.Add((await browser.SubmitAsync("/account/manage/change-password", new Dictionary<string, string>
            {
                ["Input.CurrentPassword"] = $"wrong-guess-{i}", ["Input.NewPassword"] = "Whatever-new-passphrase-1", ["Input.ConfirmPassword"] = "Whatever-new-passphrase-1",
            })).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }
}
