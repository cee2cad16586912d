using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.IntegrationTests.Admin;
using VendorRisk.IntegrationTests.Identity;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Security;

/// <summary>
/// Issue 16, V6: no organisation could require two-factor sign-in, limit how long its members stay signed in, or keep invitations
/// to its own domains. Each rule of the security policy (ADR-035) through the real pages. Before the fix there was no policy page
/// (404), a member without an authenticator reached every page, and any domain could be invited.
/// </summary>
public sealed class SecurityPolicyTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    public static string PolicyUrl(Tenant tenant) => $"/t/{tenant.Slug}/admin/security";

    private async Task<(Tenant Tenant, HttpClient Admin)> TenantWithAdminAsync()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        return (tenant, admin);
    }

    /// <summary>Saves the policy form as the signed-in admin (several roles need repeated fields).</summary>
    public static async Task<HttpResponseMessage> SavePolicyAsync(HttpClient admin, Tenant tenant, string mfa, string[]? roles = null,
        string sessionMinutes = "", string domains = "", bool vendorContacts = false)
    {
        var page = await admin.GetDocumentAsync(PolicyUrl(tenant));
        var form = page.QuerySelector("main form[method=post]")!;
        var values = form.QuerySelectorAll("input[type=hidden]").OfType<AngleSharp.Html.Dom.IHtmlInputElement>()
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        values.Add(new("Input.Mfa", mfa));
        values.AddRange((roles ?? []).Select(r => new KeyValuePair<string, string>("Input.MfaRoles", r)));
        values.Add(new("Input.SessionLifetimeMinutes", sessionMinutes));
        values.Add(new("Input.AllowedInvitationDomains", domains));
        if (vendorContacts) values.Add(new("Input.VendorContactsMfa", "true"));
        return await admin.PostAsync(PolicyUrl(tenant), new FormUrlEncodedContent(values));
    }

    private static async Task AssertSentToEnrolAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/manage/enable-authenticator", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_staff_member_without_an_authenticator_is_held_at_enrolment_from_the_next_sign_in_until_enrolled()
    {
        var (tenant, admin) = await TenantWithAdminAsync();
        var reviewer = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        Assert.Equal(HttpStatusCode.Redirect, (await SavePolicyAsync(admin, tenant, "AllStaff")).StatusCode);

        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(reviewer.Email!);

        // Before the fix: 200, the reviewer worked without a second factor whatever the organisation wanted.
        await AssertSentToEnrolAsync(browser, $"/t/{tenant.Slug}/dashboard");
        await AssertSentToEnrolAsync(browser, "/tenants");
        var enrolment = await browser.GetDocumentAsync("/account/manage/enable-authenticator");
        Assert.NotNull(enrolment.QuerySelector("[data-testid=enrolment-required]"));

        var key = enrolment.QuerySelector("[data-testid=authenticator-key]")!.GetAttribute("data-key")!;
        var enabled = await browser.SubmitAsync(enrolment, "/account/manage/enable-authenticator",
            new Dictionary<string, string> { ["Input.Code"] = app.CurrentTotp(key) });
        Assert.Equal("/account/manage/recovery-codes", enabled.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync($"/t/{tenant.Slug}/dashboard")).StatusCode);
    }

    [Fact]
    public async Task Chosen_roles_hold_only_their_holders_and_vendor_contacts_are_never_held()
    {
        var (tenant, admin) = await TenantWithAdminAsync();
        var reviewer = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var manager = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        Assert.Equal(HttpStatusCode.Redirect, (await SavePolicyAsync(admin, tenant, "ChosenRoles", ["Reviewer"])).StatusCode);

        var reviewerBrowser = app.CreateBrowserClient();
        await reviewerBrowser.SignInAsync(reviewer.Email!);
        await AssertSentToEnrolAsync(reviewerBrowser, $"/t/{tenant.Slug}/dashboard");

        var managerBrowser = app.CreateBrowserClient();
        await managerBrowser.SignInAsync(manager.Email!);
        Assert.Equal(HttpStatusCode.OK, (await managerBrowser.GetAsync($"/t/{tenant.Slug}/dashboard")).StatusCode);
    }

    [Fact]
    public async Task Two_factor_sign_in_cannot_be_turned_off_while_the_policy_requires_it()
    {
        var (tenant, admin) = await TenantWithAdminAsync();
        var reviewer = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(reviewer.Email!);
        var enrolment = await browser.GetDocumentAsync("/account/manage/enable-authenticator");
        var key = enrolment.QuerySelector("[data-testid=authenticator-key]")!.GetAttribute("data-key")!;
        await browser.SubmitAsync(enrolment, "/account/manage/enable-authenticator", new Dictionary<string, string> { ["Input.Code"] = app.CurrentTotp(key) });
        Assert.Equal(HttpStatusCode.Redirect, (await SavePolicyAsync(admin, tenant, "AllStaff")).StatusCode);
        app.Clock.Advance(TimeSpan.FromSeconds(30));

        var refused = await browser.SubmitAsync("/account/manage/two-factor", new Dictionary<string, string> { ["Input.Code"] = app.CurrentTotp(key) },
            "[data-testid=disable-two-factor]");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var page = await browser.GetDocumentAsync("/account/manage/two-factor");
        Assert.Contains("requires it for your role", page.Text(), StringComparison.Ordinal);
        Assert.True(await app.InDbAsync(db => db.Users.Where(u => u.Id == reviewer.Id).Select(u => u.TwoFactorEnabled).SingleAsync()));
    }

    [Fact]
    public async Task The_organisations_session_lifetime_ends_its_members_sign_in_early()
    {
        var (tenant, admin) = await TenantWithAdminAsync();
        var reviewer = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        Assert.Equal(HttpStatusCode.Redirect, (await SavePolicyAsync(admin, tenant, "Optional", sessionMinutes: "30")).StatusCode);
        var browser = app.CreateBrowserClient();
        await browser.SignInAsync(reviewer.Email!);

        app.Clock.Advance(TimeSpan.FromMinutes(25));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/manage/sessions")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(6));

        // Before the fix: 200 until the platform's 8 hours.
        var response = await browser.GetAsync("/account/manage/sessions");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invitations_to_other_domains_are_refused_with_a_message_beside_the_address()
    {
        var (tenant, admin) = await TenantWithAdminAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await SavePolicyAsync(admin, tenant, "Optional", domains: "acme.test, @Acme-Labs.test")).StatusCode);

        var refused = await admin.InviteAsync(tenant, $"someone-{Guid.NewGuid():N}@gmail.test", "Reviewer");

        // Before the fix: 302, the invitation went out.
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await Forms.ParseAsync(refused);
        Assert.Contains("invites colleagues only from acme.test, acme-labs.test", page.FieldError("Invite.Email") ?? string.Join("|", page.ValidationMessages()), StringComparison.Ordinal);
        var accepted = await admin.InviteAsync(tenant, $"someone-{Guid.NewGuid():N}@ACME-labs.test", "Reviewer");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }

    [Fact]
    public async Task Bad_policy_input_gets_messages_beside_the_fields_and_nothing_is_saved()
    {
        var (tenant, admin) = await TenantWithAdminAsync();

        var refused = await SavePolicyAsync(admin, tenant, "ChosenRoles", [], sessionMinutes: "99999", domains: "not a domain, x");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var page = await Forms.ParseAsync(refused);
        Assert.NotNull(page.FieldError("Input.MfaRoles"));
        Assert.NotNull(page.FieldError("Input.SessionLifetimeMinutes"));
        Assert.NotNull(page.FieldError("Input.AllowedInvitationDomains"));
        Assert.Equal(0, await app.InDbAsync(db => db.TenantSecurityPolicies.CountAsync(), tenant.Id));
    }

    [Fact]
    public async Task Changing_the_policy_is_audited_with_before_and_after_and_only_tenant_admins_may()
    {
        var (tenant, admin) = await TenantWithAdminAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await SavePolicyAsync(admin, tenant, "AllStaff", sessionMinutes: "120")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SavePolicyAsync(admin, tenant, "Optional")).StatusCode);

        var events = await app.InDbAsync(db => db.AuditEvents.Where(e => e.Action == AuditActions.SecurityPolicyChanged).OrderBy(e => e.Sequence)
            .Select(e => e.DetailsJson).ToListAsync(), tenant.Id);
        Assert.Equal(2, events.Count);
        Assert.Contains("\"before\":null", events[0], StringComparison.Ordinal);
        Assert.Contains("\"before\":{\"mfa\":\"AllStaff\"", events[1], StringComparison.Ordinal);
        Assert.Contains("\"after\":{\"mfa\":\"Optional\"", events[1], StringComparison.Ordinal);

        var manager = await app.SignedInAsync(tenant, TenantRoles.VendorManager | TenantRoles.Reviewer);
        var refused = await manager.GetAsync(PolicyUrl(tenant));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.StartsWith("/errors/403", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
