using System.Net;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Messaging;
using VendorRisk.Domain.Tenancy;
using VendorRisk.IntegrationTests.Admin;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Security;

/// <summary>
/// Issue 16, V1: <c>/ops/mail</c> and <c>/ops/mail-message/{id}</c> showed every tenant's mail bodies, live invitation and reset
/// links included; an operator followed one and became a tenant admin. Bodies also stayed in the outbox forever.
/// </summary>
public sealed class OperatorBoundaryTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static readonly string[] OperatorLists = ["/ops/mail", "/ops/mail?status=pending"];

    [Fact]
    public async Task An_operator_cannot_obtain_an_invitation_or_password_reset_link_from_the_operator_pages()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        var invitee = SecurityTestKit.NewEmail("invitee");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.InviteAsync(tenant, invitee, "Reviewer")).StatusCode);
        var victim = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        Assert.Equal(HttpStatusCode.Redirect, (await app.CreateBrowserClient().SubmitAsync("/account/forgot-password",
            new Dictionary<string, string> { ["Input.Email"] = victim.Email! })).StatusCode);
        var invitationLink = await app.InvitationLinkAsync(invitee);
        var mails = await app.InDbAsync(db => db.OutboxMessages.IgnoreQueryFilters()
            .Where(m => m.ToAddress == invitee || m.ToAddress == victim.Email).ToListAsync());
        Assert.Equal(2, mails.Count);
        var secrets = new[] { System.Web.HttpUtility.ParseQueryString(invitationLink.Query)["token"]!, "/invitations/accept", "/account/reset-password", invitee, victim.Email! };

        var operatorClient = await app.OperatorClientAsync();
        var pages = new List<string>();
        foreach (var url in OperatorLists.Concat(mails.Select(m => $"/ops/mail-message/{m.Id}")))
        {
            var response = await operatorClient.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages.Add(await response.Content.ReadAsStringAsync());
        }

        // Before the fix the message page showed the text body, link and token included, and the full address.
        foreach (var html in pages)
            foreach (var secret in secrets)
                Assert.DoesNotContain(secret, html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("@example.test", pages[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivered_mail_loses_its_body_and_so_its_link()
    {
        var user = await app.CreateUserAsync(SecurityTestKit.NewEmail("reset"));
        await app.CreateBrowserClient().SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = user.Email! });
        var queued = await app.InDbAsync(db => db.OutboxMessages.IgnoreQueryFilters().SingleAsync(m => m.ToAddress == user.Email));
        Assert.Contains("/account/reset-password", app.BodyOf(queued).Text, StringComparison.Ordinal);

        await app.DeliverMailAsync();

        // Before the fix the body (and its live reset link) stayed in the outbox forever.
        var sent = await app.InDbAsync(db => db.OutboxMessages.IgnoreQueryFilters().SingleAsync(m => m.Id == queued.Id));
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.Equal("", sent.ProtectedTextBody);
        Assert.Equal("", sent.ProtectedHtmlBody);
        Assert.Equal(queued.Subject, sent.Subject);
        Assert.Contains(Directory.EnumerateFiles(app.MailFolder, "*.eml"), f => File.ReadAllText(f).Contains(user.Email!, StringComparison.Ordinal));
    }
}

/// <summary>With a retention time, a delivered mail keeps its body that long, then the next delivery run drops it.</summary>
public sealed class SentBodyRetentionTests(SentBodyRetentionTests.RetainingApp app) : IClassFixture<SentBodyRetentionTests.RetainingApp>
{
    public sealed class RetainingApp : VendorRiskApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Email:SentBodyRetention"] = "1.00:00:00" };
    }

    [Fact]
    public async Task A_delivered_body_is_kept_for_the_retention_time_and_dropped_after_it()
    {
        var user = await app.CreateUserAsync(SecurityTestKit.NewEmail("retained"));
        await app.CreateBrowserClient().SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = user.Email! });
        Task<OutboxMessage> MailAsync() => app.InDbAsync(db => db.OutboxMessages.IgnoreQueryFilters().SingleAsync(m => m.ToAddress == user.Email));

        await app.DeliverMailAsync();
        Assert.Contains("/account/reset-password", app.BodyOf(await MailAsync()).Text, StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromHours(25));
        await app.DeliverMailAsync();
        Assert.False((await MailAsync()).HasBody);
    }
}
