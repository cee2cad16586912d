using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Audit;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Identity;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Admin;

public sealed class InvitationTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static string NewEmail(string who = "invitee") => $"{who}-{Guid.NewGuid():N}@example.test";

    private static Dictionary<string, string> NewAccount(string name = "Ines Invitee", string password = VendorRiskApp.Password) => new()
    {
        ["Input.DisplayName"] = name,
        ["Input.Password"] = password,
    };

    [Fact]
    public async Task Inviting_a_colleague_queues_one_email_with_an_absolute_accept_link_and_lists_the_invitation()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        var email = NewEmail();

        var response = await admin.InviteAsync(tenant, email, "Reviewer");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mails = await app.InvitationMailsAsync(email);
        var mail = Assert.Single(mails);
        Assert.Equal(tenant.Id, mail.TenantId);
        Assert.Contains(tenant.Name, mail.Subject, StringComparison.Ordinal);
        var link = await app.InvitationLinkAsync(email);
        Assert.Equal("/invitations/accept", link.AbsolutePath);
        Assert.Contains(link.AbsoluteUri, app.BodyOf(mail).Text, StringComparison.Ordinal);

        var page = await admin.GetDocumentAsync(AdminTestKit.UsersUrl(tenant));
        Assert.Contains("Invitation sent to " + email, page.Text("[role=status]"), StringComparison.Ordinal);
        var row = page.QuerySelector("[data-testid=pending-invitations] tbody tr");
        Assert.NotNull(row);
        Assert.Contains(email, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Reviewer", row.TextContent, StringComparison.Ordinal);

        var invitation = await app.InDbAsync(db => db.Invitations.SingleAsync(i => i.Email == email), tenant.Id);
        Assert.Equal(TenantRoles.Reviewer, invitation.Role);
        // Stored to the millisecond.
        Assert.Equal(app.Clock.GetUtcNow() + Invitation.Lifetime, invitation.ExpiresAt, TimeSpan.FromMilliseconds(1));
        // Only the hash is stored: the token in the link is not in the database.
        var token = System.Web.HttpUtility.ParseQueryString(link.Query)["token"]!;
        Assert.NotEqual(token, invitation.TokenHash);
        Assert.Equal(Invitation.HashToken(token), invitation.TokenHash);
        var sent = Assert.Single(await app.AuditEventsAsync(tenant, AuditActions.InvitationSent));
        Assert.Equal(invitation.Id.ToString(), sent.EntityId);
    }

    [Fact]
    public async Task A_new_person_accepts_once_gets_an_account_with_the_role_and_can_sign_in_to_the_tenant()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        var email = NewEmail();
        var link = await app.InviteAndGetLinkAsync(admin, tenant, email, "CommitteeMember");

        var visitor = app.CreateBrowserClient();
        var page = await visitor.GetDocumentAsync(link);
        Assert.Equal("CreateAccount", page.QuerySelector("[data-step]")?.GetAttribute("data-step"));
        Assert.Contains(email, page.Body!.TextContent, StringComparison.Ordinal);
        var response = await visitor.SubmitAsync(page, link, NewAccount());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/t/{tenant.Slug}/dashboard", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync($"/t/{tenant.Slug}/dashboard")).StatusCode);

        var user = await app.FindUserAsync(email);
        Assert.NotNull(user);
        Assert.Equal("Ines Invitee", user.DisplayName);
        Assert.True(user.EmailConfirmed);
        var membership = await app.MembershipAsync(tenant, user.Id);
        Assert.Equal(TenantRoles.CommitteeMember, membership.Roles);
        var invitation = await app.InDbAsync(db => db.Invitations.SingleAsync(i => i.Email == email), tenant.Id);
        Assert.Equal(user.Id, invitation.AcceptedByUserId);
        var accepted = Assert.Single(await app.AuditEventsAsync(tenant, AuditActions.InvitationAccepted));
        Assert.Equal(user.Id, accepted.ActorUserId);

        var fresh = app.CreateBrowserClient();
        await fresh.SignInAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync($"/t/{tenant.Slug}/dashboard")).StatusCode);
    }

    [Fact]
    public async Task Second_use_of_an_invitation_is_rejected_with_a_message_and_writes_nothing()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        var email = NewEmail();
        var link = await app.InviteAndGetLinkAsync(admin, tenant, email, "Reviewer");
        var first = app.CreateBrowserClient();
        var accept = await first.GetDocumentAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, (await first.SubmitAsync(accept, link, NewAccount())).StatusCode);
        var users = await app.CountAllAsync<AppUser>();
        var memberships = await app.CountAllAsync<TenantMembership>();
        var events = await app.CountAllAsync<AuditEvent>();

        // The same link opened again by someone else; the form posted again by them and by the first visitor.
        var second = app.CreateBrowserClient();
        var reopened = await second.GetAsync(link);
        var replayedByStranger = await second.PostWithTokenAsync(link + "&handler=Create", NewAccount("Mallory"));
        var replayedByFirst = await first.PostWithTokenAsync(link + "&handler=Create", NewAccount("Ines again"));

        Assert.Equal(HttpStatusCode.Gone, reopened.StatusCode);
        Assert.Contains("already been used", (await Forms.ParseAsync(reopened)).Text("[data-testid=invitation-problem]"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, replayedByStranger.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, replayedByFirst.StatusCode);
        Assert.Equal(users, await app.CountAllAsync<AppUser>());
        Assert.Equal(memberships, await app.CountAllAsync<TenantMembership>());
        Assert.Equal(events, await app.CountAllAsync<AuditEvent>());
    }

    [Fact]
    public async Task An_expired_invitation_is_rejected_and_no_account_is_created()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        var email = NewEmail();
        var link = await app.InviteAndGetLinkAsync(admin, tenant, email, "Reviewer");
        var visitor = app.CreateBrowserClient();
        var form = await visitor.GetDocumentAsync(link);

        app.Clock.Advance(Invitation.Lifetime + TimeSpan.FromMinutes(1));
        var opened = await visitor.GetAsync(link);
        var submitted = await visitor.SubmitAsync(form, link, NewAccount());

        Assert.Equal(HttpStatusCode.Gone, opened.StatusCode);
        Assert.Contains("expired", (await Forms.ParseAsync(opened)).Text("[data-testid=invitation-problem]"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, submitted.StatusCode);
        Assert.Null(await app.FindUserAsync(email));
    }

    [Fact]
    public async Task A_withdrawn_invitation_is_rejected_and_the_withdrawal_is_audited()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        var email = NewEmail();
        var link = await app.InviteAndGetLinkAsync(admin, tenant, email, "Auditor");

        var users = await admin.GetDocumentAsync(AdminTestKit.UsersUrl(tenant));
        var withdraw = await admin.SubmitAsync(users, AdminTestKit.UsersUrl(tenant), new Dictionary<string, string>(),
            "form[action*='handler=Withdraw']");
        Assert.Equal(HttpStatusCode.Redirect, withdraw.StatusCode);

        var visitor = app.CreateBrowserClient();
        var opened = await visitor.GetAsync(link);
        Assert.Equal(HttpStatusCode.Gone, opened.StatusCode);
        Assert.Contains("withdrawn", (await Forms.ParseAsync(opened)).Text("[data-testid=invitation-problem]"), StringComparison.Ordinal);
        Assert.Single(await app.AuditEventsAsync(tenant, AuditActions.InvitationRevoked));
        var page = await admin.GetDocumentAsync(AdminTestKit.UsersUrl(tenant));
        Assert.Null(page.QuerySelector("[data-testid=pending-invitations]"));
    }

    [Fact]
    public async Task An_unknown_token_gets_a_clear_message_not_an_error()
    {
        var visitor = app.CreateBrowserClient();

        var forged = await visitor.GetAsync("/invitations/accept?token=not-a-real-token");
        var missing = await visitor.GetAsync("/invitations/accept");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("not valid", (await Forms.ParseAsync(forged)).Text("[data-testid=invitation-problem]"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_weak_password_gets_a_field_message_and_nothing_is_written()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        var email = NewEmail();
        var link = await app.InviteAndGetLinkAsync(admin, tenant, email, "Reviewer");
        var visitor = app.CreateBrowserClient();

        var response = await visitor.SubmitAsync(link, NewAccount(password: "short"));
        var emptyName = await visitor.SubmitAsync(link, NewAccount(name: ""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await Forms.ParseAsync(response)).FieldError("Input.Password"));
        Assert.Equal("Enter your name.", (await Forms.ParseAsync(emptyName)).FieldError("Input.DisplayName"));
        Assert.Null(await app.FindUserAsync(email));
        var invitation = await app.InDbAsync(db => db.Invitations.SingleAsync(i => i.Email == email), tenant.Id);
        Assert.Null(invitation.AcceptedAt);
    }

    [Fact]
    public async Task A_signed_in_person_with_the_invited_address_joins_a_second_tenant_with_one_click()
    {
        var home = await app.CreateTenantAsync();
        var other = await app.CreateTenantAsync();
        var person = await app.CreateMemberAsync(home, TenantRoles.Reviewer);
        var admin = await app.SignedInAsync(other, TenantRoles.TenantAdmin);
        var link = await app.InviteAndGetLinkAsync(admin, other, person.Email!, "VendorManager");
        var client = app.CreateBrowserClient();
        await client.SignInAsync(person.Email!);

        var page = await client.GetDocumentAsync(link);
        Assert.Equal("Join " + other.Name, page.Text("main form button"));
        var response = await client.SubmitAsync(page, link, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/t/{other.Slug}/dashboard", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/t/{other.Slug}/dashboard")).StatusCode);
        Assert.Equal(TenantRoles.VendorManager, (await app.MembershipAsync(other, person.Id)).Roles);
        Assert.Equal(TenantRoles.Reviewer, (await app.MembershipAsync(home, person.Id)).Roles);
    }

    [Fact]
    public async Task An_invitation_to_an_existing_member_adds_the_role_to_their_membership()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        var member = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer);
        var link = await app.InviteAndGetLinkAsync(admin, tenant, member.Email!, "CommitteeMember");
        var client = app.CreateBrowserClient();
        await client.SignInAsync(member.Email!);

        var response = await client.SubmitAsync(link, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(TenantRoles.Reviewer | TenantRoles.CommitteeMember, (await app.MembershipAsync(tenant, member.Id)).Roles);
        Assert.Equal(1, await app.InDbAsync(db => db.Memberships.CountAsync(m => m.UserId == member.Id), tenant.Id));
    }

    [Fact]
    public async Task An_existing_account_that_is_not_signed_in_is_sent_to_sign_in_and_back_to_the_link()
    {
        var home = await app.CreateTenantAsync();
        var other = await app.CreateTenantAsync();
        var person = await app.CreateMemberAsync(home, TenantRoles.Reviewer);
        var admin = await app.SignedInAsync(other, TenantRoles.TenantAdmin);
        var link = await app.InviteAndGetLinkAsync(admin, other, person.Email!, "Reviewer");
        var client = app.CreateBrowserClient();

        var page = await client.GetDocumentAsync(link);
        Assert.Equal("SignIn", page.QuerySelector("[data-step]")?.GetAttribute("data-step"));
        Assert.Null(page.QuerySelector("input[name='Input.Password']"));
        var signInHref = page.QuerySelector("a.btn[href^='/account/login']")?.GetAttribute("href");
        Assert.Equal("/account/login?returnUrl=" + Uri.EscapeDataString(link), signInHref);

        var signIn = await client.SubmitAsync(signInHref!, new Dictionary<string, string>
        {
            ["Input.Email"] = person.Email!,
            ["Input.Password"] = VendorRiskApp.Password,
        });
        Assert.Equal(link, signIn.Headers.Location!.OriginalString);
        var joined = await client.SubmitAsync(link, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        Assert.Equal(TenantRoles.Reviewer, (await app.MembershipAsync(other, person.Id)).Roles);
    }

    [Fact]
    public async Task A_visitor_cannot_create_a_second_account_for_an_address_that_already_has_one()
    {
        var home = await app.CreateTenantAsync();
        var other = await app.CreateTenantAsync();
        var person = await app.CreateMemberAsync(home, TenantRoles.Reviewer);
        var admin = await app.SignedInAsync(other, TenantRoles.TenantAdmin);
        var link = await app.InviteAndGetLinkAsync(admin, other, person.Email!, "Reviewer");
        var memberships = await app.CountAllAsync<TenantMembership>();
        var visitor = app.CreateBrowserClient();
        Assert.Equal("SignIn", (await visitor.GetDocumentAsync(link)).QuerySelector("[data-step]")?.GetAttribute("data-step"));

        // A crafted post to the create handler although the page offered only sign-in.
        var response = await visitor.PostWithTokenAsync(link + "&handler=Create", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Mallory",
            ["Input.Password"] = "Mallory-takes-over-2024",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("SignIn", (await Forms.ParseAsync(response)).QuerySelector("[data-step]")?.GetAttribute("data-step"));
        Assert.Equal(memberships, await app.CountAllAsync<TenantMembership>());
        Assert.Equal(person.DisplayName, (await app.FindUserAsync(person.Email!))!.DisplayName);
    }

    [Fact]
    public async Task A_person_signed_in_with_another_address_is_refused_and_nothing_is_written()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        var email = NewEmail();
        var link = await app.InviteAndGetLinkAsync(admin, tenant, email, "Reviewer");
        var stranger = await app.CreateMemberAsync(await app.CreateTenantAsync(), TenantRoles.Reviewer);
        var client = app.CreateBrowserClient();
        await client.SignInAsync(stranger.Email!);
        var memberships = await app.CountAllAsync<TenantMembership>();

        var opened = await client.GetAsync(link);
        var document = await Forms.ParseAsync(opened);
        var joined = await client.PostWithTokenAsync(link + "&handler=Join");
        var created = await client.PostWithTokenAsync(link + "&handler=Create", NewAccount("Someone"));

        Assert.Equal(HttpStatusCode.Forbidden, opened.StatusCode);
        Assert.Contains("signed in as " + stranger.Email, document.Text("[data-testid=invitation-problem]"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, joined.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, created.StatusCode);
        Assert.Equal(memberships, await app.CountAllAsync<TenantMembership>());
        Assert.Null(await app.FindUserAsync(email));
        var invitation = await app.InDbAsync(db => db.Invitations.SingleAsync(i => i.Email == email), tenant.Id);
        Assert.Null(invitation.AcceptedAt);
    }

    [Fact]
    public async Task Two_simultaneous_submits_of_the_accept_form_create_exactly_one_account_and_membership()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        var email = NewEmail();
        var link = await app.InviteAndGetLinkAsync(admin, tenant, email, "Reviewer");
        // Four browsers (each with its own anti-forgery cookie) holding the same link submit at once.
        var visitors = Enumerable.Range(0, 4).Select(_ => app.CreateBrowserClient()).ToList();
        var forms = await Task.WhenAll(visitors.Select(v => v.GetDocumentAsync(link)));

        var responses = await Task.WhenAll(visitors.Select((v, i) => v.SubmitAsync(forms[i], link, NewAccount())));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Redirect), r => Assert.Equal(HttpStatusCode.Gone, r.StatusCode));
        var user = await app.FindUserAsync(email);
        Assert.NotNull(user);
        var normalized = email.ToUpperInvariant();
        Assert.Equal(1, await app.InDbAsync(db => db.Users.CountAsync(u => u.NormalizedEmail == normalized)));
        Assert.Equal(1, await app.InDbAsync(db => db.Memberships.CountAsync(m => m.UserId == user.Id), tenant.Id));
        Assert.Single(await app.AuditEventsAsync(tenant, AuditActions.InvitationAccepted));
    }

    [Fact]
    public async Task A_malformed_email_or_a_missing_role_gets_a_field_message_and_sends_nothing()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        var mails = await app.CountAllAsync<Domain.Messaging.OutboxMessage>();

        var malformed = await Forms.ParseAsync(await admin.InviteAsync(tenant, "not-an-address@", "Reviewer"));
        var noDomainDot = await Forms.ParseAsync(await admin.InviteAsync(tenant, "someone@localhost", "Reviewer"));
        var empty = await Forms.ParseAsync(await admin.InviteAsync(tenant, "", "Reviewer"));
        var noRole = await Forms.ParseAsync(await admin.InviteAsync(tenant, NewEmail(), ""));
        var vendorRole = await Forms.ParseAsync(await admin.InviteAsync(tenant, NewEmail(), "VendorContact"));
        var bogusRole = await Forms.ParseAsync(await admin.InviteAsync(tenant, NewEmail(), "Overlord"));

        Assert.Equal("Enter a valid e-mail address, such as name@example.com.", malformed.FieldError("Invite.Email"));
        Assert.Equal("Enter a valid e-mail address, such as name@example.com.", noDomainDot.FieldError("Invite.Email"));
        Assert.Equal("Enter the e-mail address of the person to invite.", empty.FieldError("Invite.Email"));
        Assert.Equal("Choose a role.", noRole.FieldError("Invite.Role"));
        Assert.Equal("Choose one of the listed roles.", vendorRole.FieldError("Invite.Role"));
        Assert.Equal("Choose one of the listed roles.", bogusRole.FieldError("Invite.Role"));
        Assert.Equal(mails, await app.CountAllAsync<Domain.Messaging.OutboxMessage>());
        Assert.Equal(0, await app.InDbAsync(db => db.Invitations.CountAsync(), tenant.Id));
    }

    [Fact]
    public async Task Inviting_a_member_who_already_has_the_role_is_refused()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        var member = await app.CreateMemberAsync(tenant, TenantRoles.Reviewer | TenantRoles.Auditor);

        var page = await Forms.ParseAsync(await admin.InviteAsync(tenant, member.Email!, "Auditor"));

        Assert.Equal($"{member.Email} is already a member with the role Auditor.", page.FieldError("Invite.Email"));
        Assert.Empty(await app.InvitationMailsAsync(member.Email!));
    }

    [Fact]
    public async Task A_duplicate_pending_invitation_is_refused_with_an_offer_to_resend_which_replaces_the_old_link()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        var email = NewEmail();
        var oldLink = await app.InviteAndGetLinkAsync(admin, tenant, email, "Reviewer");

        var response = await admin.InviteAsync(tenant, email.ToUpperInvariant(), "Reviewer");
        var page = await Forms.ParseAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("already has a pending invitation", page.FieldError("Invite.Email"), StringComparison.Ordinal);
        Assert.Single(await app.InvitationMailsAsync(email));

        var resend = await admin.SubmitAsync(page, AdminTestKit.UsersUrl(tenant), new Dictionary<string, string>(), "#resend-form");
        Assert.Equal(HttpStatusCode.Redirect, resend.StatusCode);
        Assert.Equal(2, (await app.InvitationMailsAsync(email)).Count);
        var newLink = (await app.InvitationLinkAsync(email)).PathAndQuery;
        Assert.NotEqual(oldLink, newLink);

        var visitor = app.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.Gone, (await visitor.GetAsync(oldLink)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync(newLink)).StatusCode);
    }
}
