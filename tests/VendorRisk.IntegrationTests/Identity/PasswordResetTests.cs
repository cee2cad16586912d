using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Messaging;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Links;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Web.Pages.Account;

namespace VendorRisk.IntegrationTests.Identity;

public sealed class PasswordResetTests(UnconfiguredAddressApp app) : IClassFixture<UnconfiguredAddressApp>
{
    private const string NewPassword = "A-brand-new-passphrase-77";

    private static string NewEmail() => $"reset-{Guid.NewGuid():N}@example.test";

    private static Task<HttpResponseMessage> RequestResetAsync(HttpClient client, string email) =>
        client.SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });

    private Task<List<OutboxMessage>> ResetMailsToAsync(string email) =>
        app.InDbAsync(db => db.OutboxMessages.IgnoreQueryFilters()
            .Where(m => m.Kind == "password-reset" && m.ToAddress == email).ToListAsync());

    /// <summary>The link a recipient would click: the button of the HTML body, parsed as HTML.</summary>
    private async Task<string> LinkInAsync(OutboxMessage mail)
    {
        var html = await new HtmlParser().ParseDocumentAsync(app.BodyOf(mail).Html);
        var href = html.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!).Single(h => h.Contains("/account/reset-password", StringComparison.Ordinal));
        var uri = new Uri(href);
        Assert.True(uri.IsAbsoluteUri);
        return uri.PathAndQuery;
    }

    private static Task<HttpResponseMessage> ResetAsync(HttpClient client, string link, string password, string? confirm = null) =>
        client.SubmitAsync(link, new Dictionary<string, string>
        {
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = confirm ?? password,
        });

    private async Task<string> RequestAndReadLinkAsync(string email)
    {
        await RequestResetAsync(app.CreateBrowserClient(), email);
        return await LinkInAsync(Assert.Single(await ResetMailsToAsync(email)));
    }

    [Fact]
    public async Task A_reset_link_arrives_by_mail_sets_a_new_password_and_works_only_once()
    {
        var user = await app.CreateUserAsync(NewEmail());
        var client = app.CreateBrowserClient();

        var requested = await RequestResetAsync(client, user.Email!);
        var confirmation = await client.FollowAsync(requested);
        Assert.Contains(ForgotPasswordModel.ConfirmationMessage, confirmation.Text(), StringComparison.Ordinal);
        var mail = Assert.Single(await ResetMailsToAsync(user.Email!));
        Assert.Equal(OutboxStatus.Pending, mail.Status);
        Assert.Null(mail.TenantId);
        var link = await LinkInAsync(mail);

        var resetter = app.CreateBrowserClient();
        var reset = await ResetAsync(resetter, link, NewPassword);

        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal("/account/login", reset.Headers.Location!.OriginalString);
        var login = await resetter.FollowAsync(reset);
        Assert.Contains(ResetPasswordModel.SuccessMessage, login.Text(), StringComparison.Ordinal);
        await app.CreateBrowserClient().SignInAsync(user.Email!, NewPassword);
        Assert.Equal(HttpStatusCode.OK, (await app.CreateBrowserClient().TrySignInAsync(user.Email!)).StatusCode);
        Assert.Single(await app.PlatformAuditAsync(AuditActions.PasswordResetRequested, entityId: user.Id));
        var completed = Assert.Single(await app.PlatformAuditAsync(AuditActions.PasswordReset, user.Email));
        Assert.Equal(user.Id, completed.ActorUserId);

        // The same link again: a clear message on the page, no form, no change.
        var again = await app.CreateBrowserClient().GetDocumentAsync(link);
        Assert.NotNull(again.QuerySelector("[data-testid=invalid-link]"));
        Assert.Null(again.QuerySelector("input[name='Input.Password']"));
        await app.CreateBrowserClient().SignInAsync(user.Email!, NewPassword);
    }

    [Fact]
    public async Task Posting_a_used_link_again_is_refused_with_a_message_and_changes_nothing()
    {
        var user = await app.CreateUserAsync(NewEmail());
        var link = await RequestAndReadLinkAsync(user.Email!);
        var early = app.CreateBrowserClient();
        var form = await early.GetDocumentAsync(link);
        await ResetAsync(app.CreateBrowserClient(), link, NewPassword);

        // A form opened before the first use, posted after it.
        var late = await early.SubmitAsync(form, link, new Dictionary<string, string>
        {
            ["Input.Password"] = "Another-passphrase-for-later",
            ["Input.ConfirmPassword"] = "Another-passphrase-for-later",
        });

        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.NotNull((await Forms.ParseAsync(late)).QuerySelector("[data-testid=invalid-link]"));
        await app.CreateBrowserClient().SignInAsync(user.Email!, NewPassword);
        Assert.Single(await app.PlatformAuditAsync(AuditActions.PasswordReset, user.Email));
    }

    [Fact]
    public async Task An_unknown_e_mail_gets_the_same_confirmation_and_no_mail_is_queued()
    {
        var known = await app.CreateUserAsync(NewEmail());
        var unknown = NewEmail();
        var before = await app.CountAllAsync<OutboxMessage>();
        var client = app.CreateBrowserClient();

        var forUnknown = await RequestResetAsync(client, unknown);
        Assert.Equal(before, await app.CountAllAsync<OutboxMessage>());
        var forKnown = await RequestResetAsync(client, known.Email!);

        Assert.Equal(forKnown.StatusCode, forUnknown.StatusCode);
        Assert.Equal(forKnown.Headers.Location, forUnknown.Headers.Location);
        var unknownPage = await client.FollowAsync(forUnknown);
        Assert.Contains(ForgotPasswordModel.ConfirmationMessage, unknownPage.Text(), StringComparison.Ordinal);
        Assert.Empty(await ResetMailsToAsync(unknown));
        Assert.Equal(before + 1, await app.CountAllAsync<OutboxMessage>());
    }

    [Fact]
    public async Task A_weak_new_password_gets_field_messages_and_the_link_stays_usable()
    {
        var user = await app.CreateUserAsync(NewEmail());
        var link = await RequestAndReadLinkAsync(user.Email!);
        var client = app.CreateBrowserClient();

        var tooShort = await ResetAsync(client, link, "short-pw");
        var common = await ResetAsync(client, link, "password1234");
        var mismatch = await ResetAsync(client, link, NewPassword, "Something-else-entirely");

        Assert.Contains("12", (await Forms.ParseAsync(tooShort)).FieldError("Input.Password"), StringComparison.Ordinal);
        Assert.Contains("too easy to guess", (await Forms.ParseAsync(common)).FieldError("Input.Password"), StringComparison.Ordinal);
        Assert.NotNull((await Forms.ParseAsync(mismatch)).FieldError("Input.ConfirmPassword"));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateBrowserClient().TrySignInAsync(user.Email!, "short-pw")).StatusCode);
        await app.CreateBrowserClient().SignInAsync(user.Email!);
        Assert.Equal(HttpStatusCode.Redirect, (await ResetAsync(client, link, NewPassword)).StatusCode);
    }

    [Theory]
    [InlineData("/account/reset-password")]
    [InlineData("/account/reset-password?userId=not-a-guid&code=abc")]
    [InlineData("/account/reset-password?userId=5d1f7c1e-0000-4000-8000-000000000000&code=%21%21%21")]
    [InlineData("/account/reset-password?userId=5d1f7c1e-0000-4000-8000-000000000000&code=Q2ZESjhGYWtl")]
    public async Task A_broken_or_forged_link_shows_a_clear_message_not_an_error(string url)
    {
        var client = app.CreateBrowserClient();

        var page = await client.GetDocumentAsync(url);

        Assert.NotNull(page.QuerySelector("[data-testid=invalid-link]"));
        Assert.NotNull(page.QuerySelector("a[href='/account/forgot-password']"));
    }

    [Fact]
    public async Task A_link_for_one_user_does_not_reset_another()
    {
        var victim = await app.CreateUserAsync(NewEmail());
        var attacker = await app.CreateUserAsync(NewEmail());
        var attackersLink = await RequestAndReadLinkAsync(attacker.Email!);
        var forged = attackersLink.Replace(attacker.Id.ToString("D"), victim.Id.ToString("D"), StringComparison.Ordinal);
        Assert.NotEqual(attackersLink, forged);

        var page = await app.CreateBrowserClient().GetDocumentAsync(forged);

        Assert.NotNull(page.QuerySelector("[data-testid=invalid-link]"));
        await app.CreateBrowserClient().SignInAsync(victim.Email!);
    }

    [Fact]
    public async Task A_reset_is_audited_as_a_password_change_of_the_account_and_a_refused_one_is_not()
    {
        var user = await app.CreateUserAsync(NewEmail());
        var link = await RequestAndReadLinkAsync(user.Email!);

        await ResetAsync(app.CreateBrowserClient(), link, "short-pw");
        Assert.Empty(await app.PlatformAuditAsync(AuditActions.PasswordChanged, user.Email));
        await ResetAsync(app.CreateBrowserClient(), link, NewPassword);

        var changed = Assert.Single(await app.PlatformAuditAsync(AuditActions.PasswordChanged, user.Email));
        Assert.Equal(user.Id, changed.ActorUserId);
        Assert.Equal(user.Id.ToString(), changed.EntityId);
        Assert.Contains("\"how\":\"reset-link\"", changed.DetailsJson, StringComparison.Ordinal);
        var completed = Assert.Single(await app.PlatformAuditAsync(AuditActions.PasswordReset, user.Email));
        Assert.True(completed.Sequence < changed.Sequence);
    }

    [Fact]
    public async Task The_reset_link_starts_at_the_public_address_whatever_host_the_request_named()
    {
        var user = await app.CreateUserAsync(NewEmail());
        var client = app.CreateBrowserClient();
        client.DefaultRequestHeaders.Host = "attacker.example";

        await RequestResetAsync(client, user.Email!);

        var mail = Assert.Single(await ResetMailsToAsync(user.Email!));
        var html = await new HtmlParser().ParseDocumentAsync(app.BodyOf(mail).Html);
        var href = html.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!).Single(h => h.Contains("/account/reset-password", StringComparison.Ordinal));
        var expected = app.Services.GetRequiredService<PublicLinks>().BaseUrl;
        Assert.StartsWith(expected + "/account/reset-password?userId=", href, StringComparison.Ordinal);
        Assert.DoesNotContain("attacker.example", app.BodyOf(mail).Html + app.BodyOf(mail).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reset_lifts_a_lockout()
    {
        var user = await app.CreateUserAsync(NewEmail());
        var client = app.CreateBrowserClient();
        for (var i = 0; i < 5; i++) await client.TrySignInAsync(user.Email!, $"Wrong-Password-Number-{i}");
        Assert.NotNull((await app.FindUserAsync(user.Email!))!.LockoutEnd);
        var link = await RequestAndReadLinkAsync(user.Email!);

        await ResetAsync(app.CreateBrowserClient(), link, NewPassword);

        var unlocked = await app.FindUserAsync(user.Email!);
        Assert.Null(unlocked!.LockoutEnd);
        Assert.Equal(0, unlocked.AccessFailedCount);
        await app.CreateBrowserClient().SignInAsync(user.Email!, NewPassword);
    }

    [Fact]
    public async Task A_reset_ends_the_sessions_signed_in_with_the_old_password()
    {
        var user = await app.CreateUserAsync(NewEmail());
        var oldSession = app.CreateBrowserClient();
        await oldSession.SignInAsync(user.Email!);
        Assert.Equal(HttpStatusCode.OK, (await oldSession.GetAsync("/tenants")).StatusCode);
        var link = await RequestAndReadLinkAsync(user.Email!);

        await ResetAsync(app.CreateBrowserClient(), link, NewPassword);
        app.Clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(HttpStatusCode.Redirect, (await oldSession.GetAsync("/tenants")).StatusCode);
    }
}
