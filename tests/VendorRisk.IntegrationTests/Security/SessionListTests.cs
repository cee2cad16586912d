using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Admin;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Security;

/// <summary>
/// Issue 16, sessions: a person could not see where they were signed in, nor end one session (a lost laptop) without ending the
/// others. Sessions are now stored on the server (ADR-035), listed on the account page with device, address and times, and ended one
/// by one or everywhere; a password change, a removed role and a disabled membership still end all of them at once.
/// </summary>
public sealed class SessionListTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private const string SessionsUrl = "/account/manage/sessions";

    private HttpClient Browser(string userAgent)
    {
        var client = app.CreateBrowserClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        return client;
    }

    private const string Laptop = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    private const string Phone = "Mozilla/5.0 (Linux; Android 14) Gecko/20100101 Firefox/133.0";

    private static async Task AssertSignedOutAsync(HttpClient client)
    {
        var response = await client.GetAsync("/tenants");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_account_page_lists_each_session_with_device_address_and_times()
    {
        var user = await app.CreateUserAsync(SecurityTestKit.NewEmail("sessions"));
        var laptop = Browser(Laptop);
        await laptop.SignInAsync(user.Email!);
        app.Clock.Advance(TimeSpan.FromMinutes(2));
        var phone = Browser(Phone);
        await phone.SignInAsync(user.Email!);

        var page = await laptop.GetDocumentAsync(SessionsUrl);

        var sessions = page.QuerySelectorAll("[data-testid=session]");
        Assert.Equal(2, sessions.Length);
        Assert.Contains(sessions, s => s.TextContent.Contains("Chrome on Windows", StringComparison.Ordinal) && s.GetAttribute("data-current") == "true");
        Assert.Contains(sessions, s => s.TextContent.Contains("Firefox on Android", StringComparison.Ordinal) && s.GetAttribute("data-current") == "false");
        Assert.All(sessions, s => Assert.NotEmpty(s.QuerySelector("[data-testid=session-ip]")!.TextContent.Trim()));
    }

    [Fact]
    public async Task Signing_out_one_session_ends_that_one_only()
    {
        var user = await app.CreateUserAsync(SecurityTestKit.NewEmail("sessions"));
        var laptop = Browser(Laptop);
        await laptop.SignInAsync(user.Email!);
        var phone = Browser(Phone);
        await phone.SignInAsync(user.Email!);
        var page = await laptop.GetDocumentAsync(SessionsUrl);
        var phoneForm = page.QuerySelector("[data-testid=session][data-current=false] form")!;

        var ended = await laptop.SubmitAsync(page, SessionsUrl, new Dictionary<string, string>(), "[data-testid=session][data-current=false] form");

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.NotNull(phoneForm);
        // Before the fix: there was no way to end one session; the phone stayed signed in.
        await AssertSignedOutAsync(phone);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/tenants")).StatusCode);
        Assert.Single((await laptop.GetDocumentAsync(SessionsUrl)).QuerySelectorAll("[data-testid=session]"));
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_every_session_and_every_copy_of_its_cookie()
    {
        var user = await app.CreateUserAsync(SecurityTestKit.NewEmail("sessions"));
        var laptop = Browser(Laptop);
        var signIn = await laptop.TrySignInAsync(user.Email!);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("vr.auth=", StringComparison.Ordinal));
        var phone = Browser(Phone);
        await phone.SignInAsync(user.Email!);

        var done = await laptop.SubmitAsync(SessionsUrl, new Dictionary<string, string>(), "[data-testid=sign-out-everywhere]");

        Assert.Equal("/account/login", done.Headers.Location!.OriginalString);
        await AssertSignedOutAsync(laptop);
        await AssertSignedOutAsync(phone);
        var replay = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        replay.DefaultRequestHeaders.Add("Cookie", cookie[..cookie.IndexOf(';', StringComparison.Ordinal)]);
        await AssertSignedOutAsync(replay);
    }

    [Fact]
    public async Task Removing_a_role_ends_the_members_sessions_and_they_leave_the_list()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        var member = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer | TenantRoles.VendorManager);
        var phone = Browser(Phone);
        await phone.SignInAsync(member.Email!);
        var membership = await app.MembershipAsync(tenant, member.Id);
        var edit = AdminTestKit.EditUrl(tenant, membership.Id);
        var page = await admin.GetDocumentAsync(edit);
        var form = page.QuerySelector("#roles-form")!;
        var values = form.QuerySelectorAll("input[type=hidden]").OfType<AngleSharp.Html.Dom.IHtmlInputElement>()
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        values.Add(new("Input.Roles", "Reviewer"));
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostAsync(form.GetAttribute("action") is { Length: > 0 } a ? a : edit, new FormUrlEncodedContent(values))).StatusCode);

        await AssertSignedOutAsync(phone);
        var again = Browser(Laptop);
        await again.SignInAsync(member.Email!);
        Assert.Single((await again.GetDocumentAsync(SessionsUrl)).QuerySelectorAll("[data-testid=session]"));
    }
}
