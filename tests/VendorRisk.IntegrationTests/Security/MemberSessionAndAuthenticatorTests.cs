using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.Common;
using VendorRisk.Application.Members;
using VendorRisk.Application.Tenancy;
using VendorRisk.Domain.Audit;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.IntegrationTests.Admin;
using VendorRisk.IntegrationTests.Identity;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Security;

/// <summary>
/// ASVS 5.0 7.4.5 and 6.4.4 (ADR-049): a tenant admin could end a member's sessions only by disabling them or removing a role, and
/// could not help a member who lost their authenticator. The member's page now has "Sign out everywhere" and "Reset authenticator"
/// (assisted recovery: two-factor off, sessions ended, enrolment again at the next sign-in; a recent re-authentication first), each
/// one operation for tenant admins only, audited, and never reaching a member of another organisation.
/// </summary>
public sealed class MemberSessionAndAuthenticatorTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task AssertSignedOutAsync(HttpClient client)
    {
        var response = await client.GetAsync("/tenants");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", new Uri(new Uri("http://localhost"), response.Headers.Location!).AbsolutePath);
    }

    /// <summary>Turns two-factor sign-in on for <paramref name="user"/> as the enrolment page would; the app's key.</summary>
    private Task<string> EnrolAsync(AppUser user) =>
        app.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var found = (await users.FindByIdAsync(user.Id.ToString()))!;
            await users.ResetAuthenticatorKeyAsync(found);
            Assert.True((await users.SetTwoFactorEnabledAsync(found, true)).Succeeded);
            return (await users.GetAuthenticatorKeyAsync(found))!;
        });

    private async Task<HttpClient> SignInWithCodeAsync(AppUser user, string key)
    {
        var client = app.CreateBrowserClient();
        await client.StartTwoFactorSignInAsync(user.Email!);
        var done = await client.SubmitAsync("/account/two-factor-login", new Dictionary<string, string> { ["Input.TwoFactorCode"] = app.CurrentTotp(key) });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        // The code is spent: the next sign-in needs the app's next one.
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        return client;
    }

    private Task<bool> TwoFactorEnabledAsync(Guid userId) => app.InDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.TwoFactorEnabled).SingleAsync());

    private Task<T> AsAsync<T>(Tenant tenant, AppUser user, Func<MemberOperations, Task<T>> work) =>
        app.InScopeAsync(async sp =>
        {
            Assert.True(await sp.GetRequiredService<TenantDoor>().EnterAsMemberAsync(tenant.Slug, user.Id, None));
            return await work(sp.GetRequiredService<MemberOperations>());
        });

    [Fact]
    public async Task A_tenant_admin_signs_a_member_out_everywhere_and_it_is_audited()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        var member = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var laptop = app.CreateBrowserClient();
        await laptop.SignInAsync(member.Email!);
        var phone = app.CreateBrowserClient();
        await phone.SignInAsync(member.Email!);
        var membership = await app.MembershipAsync(tenant, member.Id);
        var url = AdminTestKit.EditUrl(tenant, membership.Id);

        var page = await admin.GetDocumentAsync(url);
        var ended = await admin.SubmitAsync(page, url, new Dictionary<string, string>(), "#end-sessions-form");

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Contains("2 sessions were ended", (await admin.GetDocumentAsync(url)).QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        // Before: no such form; the member stayed signed in on both devices.
        await AssertSignedOutAsync(laptop);
        await AssertSignedOutAsync(phone);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(url)).StatusCode);
        var audited = Assert.Single(await app.AuditEventsAsync(tenant, AuditActions.MemberSessionsEnded));
        Assert.Equal(membership.Id.ToString(), audited.EntityId);
        Assert.Contains("\"sessions\":2", audited.DetailsJson, StringComparison.Ordinal);
        Assert.Contains(member.Email!, audited.DetailsJson, StringComparison.Ordinal);
        // Their access stays: they sign in again.
        var again = app.CreateBrowserClient();
        await again.SignInAsync(member.Email!);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync($"/t/{tenant.Slug}/dashboard")).StatusCode);
    }

    [Fact]
    public async Task Resetting_a_members_authenticator_needs_a_recent_confirmation_ends_their_sessions_and_holds_their_next_sign_in_at_enrolment()
    {
        var tenant = await app.CreateTenantAsync();
        var adminUser = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var admin = app.CreateBrowserClient();
        await admin.SignInAsync(adminUser.Email!);
        var member = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var key = await EnrolAsync(member);
        var memberSession = await SignInWithCodeAsync(member, key);
        var membership = await app.MembershipAsync(tenant, member.Id);
        var url = AdminTestKit.EditUrl(tenant, membership.Id);
        app.Clock.Advance(TimeSpan.FromMinutes(6));

        // A stale session is sent to confirm first, and nothing changes.
        var page = await admin.GetDocumentAsync(url);
        var stale = await admin.SubmitAsync(page, url, new Dictionary<string, string>(), "#reset-authenticator-form");
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Equal($"/account/manage/reauthenticate?returnUrl={Uri.EscapeDataString(url)}", stale.Headers.Location!.OriginalString);
        Assert.True(await TwoFactorEnabledAsync(member.Id));

        var confirmed = await admin.SubmitAsync(stale.Headers.Location!.OriginalString, new Dictionary<string, string> { ["Input.Password"] = VendorRiskApp.Password });
        Assert.Equal(url, confirmed.Headers.Location!.OriginalString);
        page = await admin.GetDocumentAsync(url);
        var reset = await admin.SubmitAsync(page, url, new Dictionary<string, string>(), "#reset-authenticator-form");

        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal(url, reset.Headers.Location!.OriginalString);
        var after = await admin.GetDocumentAsync(url);
        Assert.Contains("set up an authenticator app again", after.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(after.QuerySelector("#reset-authenticator-form"));
        Assert.False(await TwoFactorEnabledAsync(member.Id));
        await AssertSignedOutAsync(memberSession);
        var audited = Assert.Single(await app.AuditEventsAsync(tenant, AuditActions.MemberAuthenticatorReset));
        Assert.Equal(adminUser.Id, audited.ActorUserId);
        Assert.Contains(member.Email!, audited.DetailsJson, StringComparison.Ordinal);

        // The member signs in with their password and is held at enrolment until they set up an app again.
        var next = app.CreateBrowserClient();
        await next.SignInAsync(member.Email!);
        var held = await next.GetAsync($"/t/{tenant.Slug}/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, held.StatusCode);
        Assert.Equal("/account/manage/enable-authenticator", held.Headers.Location!.OriginalString);
        var enrolment = await next.GetDocumentAsync("/account/manage/enable-authenticator");
        Assert.NotNull(enrolment.QuerySelector("[data-testid=enrolment-required]"));
        var newKey = enrolment.QuerySelector("[data-testid=authenticator-key]")!.GetAttribute("data-key")!;
        Assert.NotEqual(key, newKey);
        var enrolled = await next.SubmitAsync(enrolment, "/account/manage/enable-authenticator",
            new Dictionary<string, string> { ["Input.Code"] = app.CurrentTotp(newKey) });
        Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync($"/t/{tenant.Slug}/dashboard")).StatusCode);
        Assert.False(await app.InDbAsync(db => db.UserTokens.AnyAsync(t => t.UserId == member.Id && t.Name == AssistedRecovery.TokenName)));
    }

    [Fact]
    public async Task Only_tenant_admins_end_a_members_sessions_or_reset_their_authenticator_and_never_in_another_organisation()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var target = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        await EnrolAsync(target);
        var membership = await app.MembershipAsync(tenant, target.Id);
        var other = await app.CreateTenantAsync();
        var otherAdmin = await app.CreateMemberAsync(other, TenantRoles.TenantAdmin);
        var stamp = await app.InDbAsync(db => db.Users.Where(u => u.Id == target.Id).Select(u => u.SecurityStamp).SingleAsync());
        var events = await app.CountAllAsync<AuditEvent>();

        var outcomes = new List<(string Who, Outcome Outcome, OutcomeStatus Expected)>();
        foreach (var roles in new[] { TenantRoles.Reviewer, TenantRoles.VendorManager | TenantRoles.CommitteeMember, TenantRoles.Auditor })
        {
            var member = await app.CreateMemberAsync(tenant, roles);
            outcomes.Add((roles + " ends", await AsAsync(tenant, member, o => o.EndSessionsAsync(membership.Id, None)), OutcomeStatus.Forbidden));
            outcomes.Add((roles + " resets", await AsAsync(tenant, member, o => o.ResetAuthenticatorAsync(membership.Id, None)), OutcomeStatus.Forbidden));
        }
        // Another organisation's admin does not find this organisation's member at all.
        outcomes.Add(("other admin ends", await AsAsync(other, otherAdmin, o => o.EndSessionsAsync(membership.Id, None)), OutcomeStatus.NotFound));
        outcomes.Add(("other admin resets", await AsAsync(other, otherAdmin, o => o.ResetAuthenticatorAsync(membership.Id, None)), OutcomeStatus.NotFound));
        // An admin's own sessions and authenticator are theirs to manage on their account page.
        var own = await app.MembershipAsync(tenant, admin.Id);
        outcomes.Add(("own sessions", await AsAsync(tenant, admin, o => o.EndSessionsAsync(own.Id, None)), OutcomeStatus.Invalid));
        outcomes.Add(("own authenticator", await AsAsync(tenant, admin, o => o.ResetAuthenticatorAsync(own.Id, None)), OutcomeStatus.Invalid));

        Assert.All(outcomes, o => Assert.True(o.Outcome.Status == o.Expected, $"{o.Who}: {o.Outcome.Status}, expected {o.Expected}"));
        Assert.True(await TwoFactorEnabledAsync(target.Id));
        Assert.Equal(stamp, await app.InDbAsync(db => db.Users.Where(u => u.Id == target.Id).Select(u => u.SecurityStamp).SingleAsync()));
        Assert.Equal(events, await app.CountAllAsync<AuditEvent>());
    }

    [Fact]
    public async Task A_person_who_also_belongs_to_another_organisation_keeps_their_authenticator_and_one_without_any_gets_a_message()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var shared = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        await app.AddMembershipAsync(await app.CreateTenantAsync(), shared, TenantRoles.TenantAdmin);
        await EnrolAsync(shared);
        var plain = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);

        var sharedMembership = await app.MembershipAsync(tenant, shared.Id);
        var plainMembership = await app.MembershipAsync(tenant, plain.Id);

        var refused = await AsAsync(tenant, admin, o => o.ResetAuthenticatorAsync(sharedMembership.Id, None));
        var nothing = await AsAsync(tenant, admin, o => o.ResetAuthenticatorAsync(plainMembership.Id, None));

        // An admin here must not weaken the sign-in that guards the person's other organisation.
        Assert.Equal(OutcomeStatus.Invalid, refused.Status);
        Assert.Equal(MemberOperations.OtherOrganisationMessage, refused.Errors.Single().Message);
        Assert.True(await TwoFactorEnabledAsync(shared.Id));
        Assert.Equal(OutcomeStatus.Conflict, nothing.Status);
        Assert.Equal(MemberOperations.NoAuthenticatorMessage, nothing.Message);
        Assert.Empty(await app.AuditEventsAsync(tenant, AuditActions.MemberAuthenticatorReset));
    }
}
