using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Admin;

public sealed class UserAdministrationTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private const string ConflictMessage =
        "Someone else changed this user while you were editing. The page now shows the current state; review it and try again.";

    /// <summary>Posts the roles form with several checkboxes ticked (a dictionary cannot hold a repeated name).</summary>
    private static Task<HttpResponseMessage> SaveRolesAsync(HttpClient admin, string url, AngleSharp.Html.Dom.IHtmlDocument page, params string[] roles)
    {
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)page.QuerySelector("#roles-form")!;
        var values = form.QuerySelectorAll("input[type=hidden]").OfType<AngleSharp.Html.Dom.IHtmlInputElement>()
            .Select(i => new KeyValuePair<string, string>(i.Name!, i.Value)).ToList();
        values.AddRange(roles.Select(r => new KeyValuePair<string, string>("Input.Roles", r)));
        return admin.PostAsync(url, new FormUrlEncodedContent(values));
    }

    private async Task<(Tenant Tenant, AppUser Admin, HttpClient Client)> TenantWithAdminAsync()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(admin.Email!);
        return (tenant, admin, client);
    }

    private Task<string?> SecurityStampAsync(Guid userId) =>
        app.InDbAsync(db => db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleAsync());

    [Fact]
    public async Task The_users_page_lists_members_with_roles_status_and_two_factor()
    {
        var (tenant, _, admin) = await TenantWithAdminAsync();
        var reviewer = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer | TenantRoles.CommitteeMember);
        await app.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(reviewer.Id.ToString()))!;
            await users.SetTwoFactorEnabledAsync(user, true);
        });
        var outsider = await app.CreateMemberAsync(await app.CreateTenantAsync(), TenantRoles.TenantAdmin);
        await app.InDbAsync(async db =>
        {
            var m = await db.Memberships.SingleAsync(x => x.UserId == reviewer.Id);
            m.ChangeSpecialisms(ReviewerSpecialisms.Security | ReviewerSpecialisms.AiGovernance);
            return await db.SaveChangesAsync();
        }, tenant.Id);

        var page = await admin.GetDocumentAsync(AdminTestKit.UsersUrl(tenant));

        var membership = await app.MembershipAsync(tenant, reviewer.Id);
        var row = page.QuerySelector($"[data-membership-id='{membership.Id}']");
        Assert.NotNull(row);
        var cells = row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(reviewer.DisplayName, cells[0]);
        Assert.Equal(reviewer.Email, cells[1]);
        Assert.StartsWith("Reviewer, Committee member", cells[2], StringComparison.Ordinal);
        Assert.Equal("Reviews: Security, AI governance", row.QuerySelector("[data-testid=specialisms]")!.TextContent.Trim());
        Assert.Equal("Active", cells[3]);
        Assert.Equal("On", cells[4]);
        Assert.Equal(2, page.QuerySelectorAll("[data-testid=members] tbody tr").Length);
        Assert.DoesNotContain(outsider.Email!, page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Equal("E-mail", page.Text("label[for='Invite_Email']"));
        Assert.Equal("Role", page.Text("label[for='Invite_Role']"));
        Assert.Equal(["", "TenantAdmin", "VendorManager", "Reviewer", "CommitteeMember", "Auditor"],
            page.QuerySelectorAll("select[name='Invite.Role'] option").Select(o => o.GetAttribute("value") ?? "").ToArray());
        Assert.Equal("Send invitation", page.Text("#invite-form button[type=submit]"));
    }

    [Fact]
    public async Task A_role_change_applies_to_the_next_request_renews_the_stamp_and_is_audited()
    {
        var (tenant, _, admin) = await TenantWithAdminAsync();
        var colleague = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin | TenantRoles.Reviewer);
        var colleagueClient = app.CreateBrowserClient();
        await colleagueClient.SignInAsync(colleague.Email!);
        Assert.Equal(HttpStatusCode.OK, (await colleagueClient.GetAsync(AdminTestKit.UsersUrl(tenant))).StatusCode);
        var membership = await app.MembershipAsync(tenant, colleague.Id);
        var stampBefore = await SecurityStampAsync(colleague.Id);
        var url = AdminTestKit.EditUrl(tenant, membership.Id);

        var page = await admin.GetDocumentAsync(url);
        var response = await SaveRolesAsync(admin, url, page, "Auditor");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(TenantRoles.Auditor, (await app.MembershipAsync(tenant, colleague.Id)).Roles);
        Assert.NotEqual(stampBefore, await SecurityStampAsync(colleague.Id));
        // Issue 16, V3: a removed role ends the member's sessions at once; signed in again, the new roles apply.
        var ended = await colleagueClient.GetAsync(AdminTestKit.UsersUrl(tenant));
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.StartsWith("/account/login", ended.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        await colleagueClient.SignInAsync(colleague.Email!);
        var denied = await colleagueClient.GetAsync(AdminTestKit.UsersUrl(tenant));
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/errors/403", denied.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        var changed = Assert.Single(await app.AuditEventsAsync(tenant, AuditActions.RolesChanged));
        Assert.Contains("\"before\":\"TenantAdmin, Reviewer\"", changed.DetailsJson, StringComparison.Ordinal);
        Assert.Contains("\"after\":\"Auditor\"", changed.DetailsJson, StringComparison.Ordinal);
        Assert.Equal(membership.Id.ToString(), changed.EntityId);
    }

    [Fact]
    public async Task A_reviewer_made_tenant_admin_can_open_the_admin_pages_on_the_next_request()
    {
        var (tenant, _, admin) = await TenantWithAdminAsync();
        var reviewer = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var reviewerClient = app.CreateBrowserClient();
        await reviewerClient.SignInAsync(reviewer.Email!);
        Assert.Equal(HttpStatusCode.Redirect, (await reviewerClient.GetAsync(AdminTestKit.UsersUrl(tenant))).StatusCode);
        var url = AdminTestKit.EditUrl(tenant, (await app.MembershipAsync(tenant, reviewer.Id)).Id);

        var response = await SaveRolesAsync(admin, url, await admin.GetDocumentAsync(url), "Reviewer", "TenantAdmin");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewerClient.GetAsync(AdminTestKit.UsersUrl(tenant))).StatusCode);
    }

    [Fact]
    public async Task Disabling_a_member_locks_them_out_of_the_tenant_at_once_and_ends_their_other_sessions()
    {
        var (tenant, _, admin) = await TenantWithAdminAsync();
        var other = await app.CreateTenantAsync();
        var member = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        await app.AddMembershipAsync(other, member, TenantRoles.Reviewer);
        var memberClient = app.CreateBrowserClient();
        await memberClient.SignInAsync(member.Email!);
        Assert.Equal(HttpStatusCode.OK, (await memberClient.GetAsync($"/t/{tenant.Slug}/dashboard")).StatusCode);
        var stampBefore = await SecurityStampAsync(member.Id);
        var url = AdminTestKit.EditUrl(tenant, (await app.MembershipAsync(tenant, member.Id)).Id);

        var response = await admin.SubmitAsync(url, new Dictionary<string, string>(), "#disable-form");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True((await app.MembershipAsync(tenant, member.Id)).IsDisabled);
        Assert.NotEqual(stampBefore, await SecurityStampAsync(member.Id));
        Assert.Single(await app.AuditEventsAsync(tenant, AuditActions.UserDisabled));
        var page = await admin.GetDocumentAsync(url);
        Assert.Contains("Disabled", page.Text("main p.text-body-secondary"), StringComparison.Ordinal);

        // Issue 16, V3: the stamp is checked on every request, so the old cookie signs no one in, in any tenant, at once (it used
        // to take the one-minute validation interval).
        var afterDisabling = await memberClient.GetAsync($"/t/{other.Slug}/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, afterDisabling.StatusCode);
        Assert.StartsWith("/account/login", afterDisabling.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        // Signed in again, the disabled membership opens nothing in that organisation; the other still works.
        var again = app.CreateBrowserClient();
        await again.SignInAsync(member.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await again.GetAsync($"/t/{tenant.Slug}/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync($"/t/{other.Slug}/dashboard")).StatusCode);
    }

    [Fact]
    public async Task Enabling_a_disabled_member_gives_back_access_and_is_audited()
    {
        var (tenant, _, admin) = await TenantWithAdminAsync();
        var member = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var url = AdminTestKit.EditUrl(tenant, (await app.MembershipAsync(tenant, member.Id)).Id);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(url, new Dictionary<string, string>(), "#disable-form")).StatusCode);

        var response = await admin.SubmitAsync(url, new Dictionary<string, string>(), "#enable-form");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False((await app.MembershipAsync(tenant, member.Id)).IsDisabled);
        Assert.Single(await app.AuditEventsAsync(tenant, AuditActions.UserEnabled));
        var memberClient = app.CreateBrowserClient();
        await memberClient.SignInAsync(member.Email!);
        Assert.Equal(HttpStatusCode.OK, (await memberClient.GetAsync($"/t/{tenant.Slug}/dashboard")).StatusCode);
    }

    [Fact]
    public async Task Two_admins_disabling_each_other_at_once_leave_one_active_admin()
    {
        // Each counts the other as the admin who remains: only one of the two changes may happen (serializable on every provider).
        var (tenant, first, firstClient) = await TenantWithAdminAsync();
        var second = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var secondClient = app.CreateBrowserClient();
        await secondClient.SignInAsync(second.Email!);
        var firstUrl = AdminTestKit.EditUrl(tenant, (await app.MembershipAsync(tenant, second.Id)).Id);
        var secondUrl = AdminTestKit.EditUrl(tenant, (await app.MembershipAsync(tenant, first.Id)).Id);
        var firstPage = await firstClient.GetDocumentAsync(firstUrl);
        var secondPage = await secondClient.GetDocumentAsync(secondUrl);
        static string Action(AngleSharp.Html.Dom.IHtmlDocument page, string url) => page.QuerySelector("#disable-form")!.GetAttribute("action") ?? url;

        var responses = await Task.WhenAll(
            Task.Run(() => firstClient.PostFormToAsync(firstPage, "#disable-form", Action(firstPage, firstUrl))),
            Task.Run(() => secondClient.PostFormToAsync(secondPage, "#disable-form", Action(secondPage, secondUrl))));

        // One succeeds. The other is refused in whichever way its timing gives: as the last admin (SQLite: its serializable
        // transaction waits for the first's), as a conflict (PostgreSQL: the database refuses one of two serializable
        // transactions that depend on each other), or, when the first committed before the second request got in, by being
        // signed out or finding no organisation (disabling a member ends their access and sessions at once). Never an error.
        static bool SignedOut(HttpResponseMessage r) =>
            r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location?.OriginalString.Contains("/account/login", StringComparison.Ordinal) == true;
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect && !SignedOut(r));
        Assert.All(responses, r => Assert.True((int)r.StatusCode < 500, $"{r.StatusCode}"));
        var memberships = await app.InDbAsync(db => db.Memberships.Where(m => m.TenantId == tenant.Id).ToListAsync(), tenant.Id);
        Assert.Single(memberships, m => !m.IsDisabled && m.Roles.HasFlag(TenantRoles.TenantAdmin));
        Assert.Single(await app.AuditEventsAsync(tenant, AuditActions.UserDisabled));
    }

    [Fact]
    public async Task The_last_active_admin_cannot_remove_their_own_admin_role_or_disable_themselves()
    {
        var (tenant, self, admin) = await TenantWithAdminAsync();
        // A disabled admin does not count.
        var disabledAdmin = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        await app.InDbAsync(async db =>
        {
            (await db.Memberships.SingleAsync(m => m.UserId == disabledAdmin.Id)).Disable();
            return await db.SaveChangesAsync();
        }, tenant.Id);
        var membership = await app.MembershipAsync(tenant, self.Id);
        var url = AdminTestKit.EditUrl(tenant, membership.Id);

        var demote = await SaveRolesAsync(admin, url, await admin.GetDocumentAsync(url), "Reviewer");
        var disable = await admin.SubmitAsync(url, new Dictionary<string, string>(), "#disable-form");

        Assert.Equal(HttpStatusCode.OK, demote.StatusCode);
        Assert.Contains("last active tenant admin", (await Forms.ParseAsync(demote)).FieldError("Input.Roles"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, disable.StatusCode);
        Assert.Contains("last active tenant admin, so you cannot disable yourself",
            string.Join(" ", (await Forms.ParseAsync(disable)).ValidationMessages()), StringComparison.Ordinal);
        var after = await app.MembershipAsync(tenant, self.Id);
        Assert.Equal(TenantRoles.TenantAdmin, after.Roles);
        Assert.False(after.IsDisabled);
        Assert.Equal(membership.Version, after.Version);
        Assert.Empty(await app.AuditEventsAsync(tenant, AuditActions.RolesChanged));
    }

    [Fact]
    public async Task An_admin_can_step_down_when_another_admin_remains_and_then_loses_the_admin_pages()
    {
        var (tenant, self, admin) = await TenantWithAdminAsync();
        await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var url = AdminTestKit.EditUrl(tenant, (await app.MembershipAsync(tenant, self.Id)).Id);

        var response = await SaveRolesAsync(admin, url, await admin.GetDocumentAsync(url), "Reviewer");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/t/{tenant.Slug}/dashboard", response.Headers.Location!.OriginalString);
        Assert.Equal(TenantRoles.Reviewer, (await app.MembershipAsync(tenant, self.Id)).Roles);
        // Their own session was refreshed with the new stamp and keeps working, without the admin pages.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/t/{tenant.Slug}/dashboard")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.GetAsync(AdminTestKit.UsersUrl(tenant))).StatusCode);
    }

    [Fact]
    public async Task Saving_roles_from_a_stale_page_shows_a_conflict_and_keeps_the_other_change()
    {
        var (tenant, _, admin) = await TenantWithAdminAsync();
        var member = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var url = AdminTestKit.EditUrl(tenant, (await app.MembershipAsync(tenant, member.Id)).Id);
        var stalePage = await admin.GetDocumentAsync(url);

        // A second admin changes the same person first.
        var secondAdmin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        Assert.Equal(HttpStatusCode.Redirect, (await SaveRolesAsync(secondAdmin, url, await secondAdmin.GetDocumentAsync(url), "CommitteeMember")).StatusCode);
        var response = await SaveRolesAsync(admin, url, stalePage, "Auditor");
        var staleDisable = await admin.PostFormToAsync(stalePage, "#disable-form", url + "?handler=Disable");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var page = await Forms.ParseAsync(response);
        Assert.Contains(ConflictMessage, page.ValidationMessages());
        // The page now shows the current roles and version, ready for a deliberate second try.
        Assert.Equal(["CommitteeMember"], page.QuerySelectorAll("input[name='Input.Roles'][checked]").Select(i => i.GetAttribute("value")!).ToArray());
        Assert.Equal(HttpStatusCode.Conflict, staleDisable.StatusCode);
        var after = await app.MembershipAsync(tenant, member.Id);
        Assert.Equal(TenantRoles.CommitteeMember, after.Roles);
        Assert.False(after.IsDisabled);
        Assert.Single(await app.AuditEventsAsync(tenant, AuditActions.RolesChanged));
    }

    [Fact]
    public async Task An_empty_role_selection_gets_a_field_message_and_changes_nothing()
    {
        var (tenant, _, admin) = await TenantWithAdminAsync();
        var member = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var url = AdminTestKit.EditUrl(tenant, (await app.MembershipAsync(tenant, member.Id)).Id);

        var response = await SaveRolesAsync(admin, url, await admin.GetDocumentAsync(url));
        var vendorContact = await SaveRolesAsync(admin, url, await admin.GetDocumentAsync(url), "VendorContact");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("Choose at least one role.", (await Forms.ParseAsync(response)).FieldError("Input.Roles"), StringComparison.Ordinal);
        Assert.Equal("Choose among the listed roles.", (await Forms.ParseAsync(vendorContact)).FieldError("Input.Roles"));
        Assert.Equal(TenantRoles.Reviewer, (await app.MembershipAsync(tenant, member.Id)).Roles);
    }

    [Fact]
    public async Task Members_who_are_not_admins_get_403_on_the_admin_pages()
    {
        var (tenant, adminUser, _) = await TenantWithAdminAsync();
        var adminMembership = await app.MembershipAsync(tenant, adminUser.Id);
        foreach (var roles in new[] { TenantRoles.Reviewer, TenantRoles.VendorManager | TenantRoles.CommitteeMember, TenantRoles.Auditor })
        {
            var client = await app.SignedInAsync(tenant, roles);
            foreach (var url in new[] { AdminTestKit.UsersUrl(tenant), AdminTestKit.EditUrl(tenant, adminMembership.Id) })
            {
                var response = await client.GetAsync(url);
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/errors/403", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
            }
            var post = await client.PostWithTokenAsync(AdminTestKit.EditUrl(tenant, adminMembership.Id) + "?handler=Disable",
                new Dictionary<string, string> { ["Input.Version"] = adminMembership.Version.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
            Assert.StartsWith("/errors/403", post.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        Assert.False((await app.MembershipAsync(tenant, adminUser.Id)).IsDisabled);
    }

    [Fact]
    public async Task An_admin_of_one_tenant_gets_404_for_another_tenants_members_and_invitations_and_changes_nothing()
    {
        var (a, _, adminOfA) = await TenantWithAdminAsync();
        var (b, _, adminOfB) = await TenantWithAdminAsync();
        var memberOfB = await app.CreateMemberAsync(b, TenantRoles.Reviewer);
        var membershipOfB = await app.MembershipAsync(b, memberOfB.Id);
        var link = await app.InviteAndGetLinkAsync(adminOfB, b, $"pending-{Guid.NewGuid():N}@example.test", "Reviewer");
        var invitationOfB = await app.InDbAsync(db => db.Invitations.SingleAsync(), b.Id);
        var events = await app.CountAllAsync<Domain.Audit.AuditEvent>();
        var stamp = await SecurityStampAsync(memberOfB.Id);

        // B's ids under A's URLs, with A's valid anti-forgery tokens.
        var ownPage = await adminOfA.GetDocumentAsync(AdminTestKit.UsersUrl(a));
        var foreignEdit = AdminTestKit.EditUrl(a, membershipOfB.Id);
        var version = membershipOfB.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var responses = new[]
        {
            await adminOfA.GetAsync(foreignEdit),
            await adminOfA.PostFormToAsync(ownPage, AdminTestKit.InviteForm, foreignEdit,
                new Dictionary<string, string> { ["Input.Roles"] = "TenantAdmin", ["Input.Version"] = version }),
            await adminOfA.PostFormToAsync(ownPage, AdminTestKit.InviteForm, foreignEdit + "?handler=Disable",
                new Dictionary<string, string> { ["Input.Version"] = version }),
            await adminOfA.PostFormToAsync(ownPage, AdminTestKit.InviteForm, $"{AdminTestKit.UsersUrl(a)}?handler=Withdraw&id={invitationOfB.Id}"),
            await adminOfA.PostFormToAsync(ownPage, AdminTestKit.InviteForm, $"{AdminTestKit.UsersUrl(a)}?handler=Resend&id={invitationOfB.Id}"),
            // B's own URLs.
            await adminOfA.GetAsync(AdminTestKit.UsersUrl(b)),
            await adminOfA.GetAsync(AdminTestKit.EditUrl(b, membershipOfB.Id)),
            await adminOfA.PostFormToAsync(ownPage, AdminTestKit.InviteForm, AdminTestKit.EditUrl(b, membershipOfB.Id) + "?handler=Disable",
                new Dictionary<string, string> { ["Input.Version"] = version }),
        };

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        var after = await app.MembershipAsync(b, memberOfB.Id);
        Assert.Equal(TenantRoles.Reviewer, after.Roles);
        Assert.False(after.IsDisabled);
        Assert.Equal(membershipOfB.Version, after.Version);
        Assert.Equal(stamp, await SecurityStampAsync(memberOfB.Id));
        var invitation = await app.InDbAsync(db => db.Invitations.SingleAsync(), b.Id);
        Assert.Null(invitation.RevokedAt);
        Assert.Equal(events, await app.CountAllAsync<Domain.Audit.AuditEvent>());
        Assert.Equal(HttpStatusCode.OK, (await app.CreateBrowserClient().GetAsync(link)).StatusCode);
    }
}
