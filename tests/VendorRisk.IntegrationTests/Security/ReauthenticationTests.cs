using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.IntegrationTests.Admin;
using VendorRisk.IntegrationTests.Identity;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Security;

/// <summary>
/// Issue 16, V6: enrolling an authenticator, new recovery codes, minting API tokens, changing roles and the security policy needed no
/// recent re-authentication, so a session left open (or a stolen cookie) could do them. They now need a password or code within the
/// last five minutes (ADR-035); the person is sent to confirm and comes back where they were.
/// </summary>
public sealed class ReauthenticationTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private const string Reauthenticate = "/account/manage/reauthenticate";

    private static void AssertSentToReauthenticate(HttpResponseMessage response, string back)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"{Reauthenticate}?returnUrl={Uri.EscapeDataString(back)}", response.Headers.Location!.OriginalString);
    }

    private async Task<(Tenant Tenant, HttpClient Admin, string Email)> StaleAdminAsync()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(admin.Email!);
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        return (tenant, browser, admin.Email!);
    }

    [Fact]
    public async Task Each_sensitive_page_sends_a_stale_session_to_confirm_first()
    {
        var (tenant, browser, _) = await StaleAdminAsync();

        // Before the fix: 200 on each.
        foreach (var url in new[] { "/account/manage/enable-authenticator", $"/t/{tenant.Slug}/tokens/create", $"/t/{tenant.Slug}/admin/security" })
            AssertSentToReauthenticate(await browser.GetAsync(url), url);
    }

    [Fact]
    public async Task A_stale_session_cannot_mint_a_token_by_posting_directly()
    {
        var (tenant, browser, _) = await StaleAdminAsync();
        var page = await browser.GetDocumentAsync($"/t/{tenant.Slug}/tokens");
        var antiforgery = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value") ?? "";

        var post = await browser.PostAsync($"/t/{tenant.Slug}/tokens/create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = antiforgery, ["Input.Name"] = "sneaky", ["Input.Scope"] = "Read",
            ["Input.ExpiresOn"] = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime.AddDays(30)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }));

        AssertSentToReauthenticate(post, $"/t/{tenant.Slug}/tokens/create");
        Assert.Equal(0, await app.InDbAsync(db => db.PersonalAccessTokens.CountAsync(), tenant.Id));
    }

    [Fact]
    public async Task Confirming_with_the_password_returns_to_the_page_and_lasts_five_minutes()
    {
        var (tenant, browser, email) = await StaleAdminAsync();
        var create = $"/t/{tenant.Slug}/tokens/create";
        var sent = await browser.GetAsync(create);

        var confirmed = await browser.SubmitAsync(sent.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Input.Password"] = VendorRiskApp.Password });

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(create, confirmed.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(create)).StatusCode);
        Assert.Single(await app.PlatformAuditAsync(AuditActions.Reauthenticated, email));
        app.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        AssertSentToReauthenticate(await browser.GetAsync(create), create);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_counted_towards_lockout_and_audited()
    {
        var (_, browser, email) = await StaleAdminAsync();

        var refused = await browser.SubmitAsync($"{Reauthenticate}?returnUrl=%2Faccount%2Fmanage%2Fenable-authenticator",
            new Dictionary<string, string> { ["Input.Password"] = "not the password at all" });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("did not match", (await Forms.ParseAsync(refused)).FieldError("Input.Password"), StringComparison.Ordinal);
        Assert.Equal(1, await app.InDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.AccessFailedCount).SingleAsync()));
        Assert.Single(await app.PlatformAuditAsync(AuditActions.ReauthenticationFailed, email));
        AssertSentToReauthenticate(await browser.GetAsync("/account/manage/enable-authenticator"), "/account/manage/enable-authenticator");
    }

    [Theory]
    [InlineData("https%3A%2F%2Fevil.example%2F")]
    [InlineData("%2F%2Fevil.example%2F")]
    [InlineData("/%09/evil.example")]
    [InlineData("/%5Cevil.example")]
    public async Task The_return_address_is_only_ever_local(string encodedReturnUrl)
    {
        var (_, browser, _) = await StaleAdminAsync();

        var confirmed = await browser.SubmitAsync($"{Reauthenticate}?returnUrl={encodedReturnUrl}",
            new Dictionary<string, string> { ["Input.Password"] = VendorRiskApp.Password });

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal("/tenants", confirmed.Headers.Location!.OriginalString);
        Assert.DoesNotContain("evil", confirmed.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_roles_and_new_recovery_codes_need_a_recent_confirmation_too()
    {
        var (tenant, browser, email) = await StaleAdminAsync();
        var reviewer = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var membership = await app.MembershipAsync(tenant, reviewer.Id);
        var edit = AdminTestKit.EditUrl(tenant, membership.Id);
        var page = await browser.GetDocumentAsync(edit);
        var form = page.QuerySelector("#roles-form")!;
        var values = form.QuerySelectorAll("input[type=hidden]").OfType<AngleSharp.Html.Dom.IHtmlInputElement>()
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        values.Add(new("Input.Roles", "VendorManager"));

        var post = await browser.PostAsync(form.GetAttribute("action") is { Length: > 0 } action ? action : edit, new FormUrlEncodedContent(values));

        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.StartsWith(Reauthenticate + "?returnUrl=", post.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(TenantRoles.Reviewer, (await app.MembershipAsync(tenant, reviewer.Id)).Roles);

        // An enrolled admin confirms with a code instead of the password, then gets new recovery codes.
        await browser.SubmitAsync(Reauthenticate, new Dictionary<string, string> { ["Input.Password"] = VendorRiskApp.Password });
        var enrolment = await browser.GetDocumentAsync("/account/manage/enable-authenticator");
        var key = enrolment.QuerySelector("[data-testid=authenticator-key]")!.GetAttribute("data-key")!;
        await browser.SubmitAsync(enrolment, "/account/manage/enable-authenticator", new Dictionary<string, string> { ["Input.Code"] = app.CurrentTotp(key) });
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        var generate = await browser.SubmitAsync("/account/manage/two-factor", new Dictionary<string, string>(), "[data-testid=generate-recovery-codes]");
        Assert.StartsWith(Reauthenticate + "?returnUrl=", generate.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Empty(await app.PlatformAuditAsync(AuditActions.RecoveryCodesGenerated, email));

        var confirmed = await browser.SubmitAsync(generate.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Input.Code"] = app.CurrentTotp(key) });
        Assert.Equal("/account/manage/two-factor", confirmed.Headers.Location!.OriginalString);
        var again = await browser.SubmitAsync("/account/manage/two-factor", new Dictionary<string, string>(), "[data-testid=generate-recovery-codes]");
        Assert.Equal("/account/manage/recovery-codes", again.Headers.Location!.OriginalString);
    }
}
