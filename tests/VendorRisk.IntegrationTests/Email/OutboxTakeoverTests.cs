using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using VendorRisk.Domain.Messaging;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Security;
using VendorRisk.Testing;

namespace VendorRisk.IntegrationTests.Email;

/// <summary>
/// Two nodes of one deployment (same database and keys, each its own name) delivering to one SMTP server: a mail whose node died
/// mid-send is shown as stalled and taken over by the other node within a minute, and operators retry dead mails in bulk (ADR-030).
/// A dead node is a claim nobody renews: the test claims the mail as "node-a" and never renews it.
/// </summary>
public sealed class OutboxTakeoverTests(TwoMailNodes nodes) : IClassFixture<TwoMailNodes>
{
    private TestSmtpServer Smtp => nodes.Smtp;

    [Fact]
    public async Task A_mail_whose_node_died_mid_send_shows_as_stalled_and_the_other_node_sends_it_once_within_a_minute()
    {
        var mail = await QueueAsync(nodes.A, "Claimed by a node that died");
        await nodes.A.InDbAsync(async db =>
        {
            var row = await db.OutboxMessages.SingleAsync(m => m.Id == mail.Id);
            row.Claim(nodes.A.Clock.GetUtcNow(), OutboxDispatcher.ClaimLease, "node-a");
            return await db.SaveChangesAsync();
        });

        // While the claim is live, the other node leaves the mail alone.
        await DeliverAsync(nodes.B);
        Assert.Empty(Smtp.ReceivedWithId(mail.MessageId));
        var client = await nodes.B.OperatorClientAsync();
        var sending = (await client.GetDocumentAsync("/ops/mail?status=sending")).QuerySelector($"tr[data-outbox-id='{mail.Id}']")!;
        Assert.Equal("Sending", sending.QuerySelector(".badge")!.TextContent.Trim());
        Assert.Contains("on node-a", sending.TextContent, StringComparison.Ordinal);

        // node-a renews nothing: one lease later its claim is stalled, on the list and on the mail's page.
        nodes.Advance(OutboxDispatcher.ClaimLease + TimeSpan.FromSeconds(1));
        var list = await client.GetDocumentAsync("/ops/mail?status=sending");
        var stalled = list.QuerySelector($"tr[data-outbox-id='{mail.Id}']")!;
        Assert.Equal("Stalled", stalled.QuerySelector(".badge")!.TextContent.Trim());
        Assert.Contains("node-a stopped renewing its claim", stalled.TextContent, StringComparison.Ordinal);
        Assert.Equal("1 stalled claim", list.QuerySelector("[data-testid=stalled-count]")!.TextContent.Trim());
        var details = await client.GetDocumentAsync($"/ops/mail-message/{mail.Id}");
        Assert.Contains("Stalled", details.QuerySelector("dl")!.TextContent, StringComparison.Ordinal);

        // The other node's watch (every 15 s) takes it over: lease + period is under a minute after node-a's last renewal.
        Assert.True(OutboxDispatcher.ClaimLease + OutboxClaimWatch.Period < TimeSpan.FromMinutes(1));
        Assert.True(OutboxDispatcher.ClaimRenewal * 3 <= OutboxDispatcher.ClaimLease, "A live node must renew several times per lease.");
        var watch = new OutboxClaimWatch(nodes.B.Services.GetRequiredService<IServiceScopeFactory>(), nodes.B.Clock,
            NullLogger<OutboxClaimWatch>.Instance);
        Assert.True(await watch.TakeOverStalledClaimsAsync(CancellationToken.None) >= 1);

        Assert.Single(Smtp.ReceivedWithId(mail.MessageId));
        var sent = await RowAsync(mail.Id);
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.Equal("node-b", sent.ClaimedBy);
        Assert.Equal(2, sent.Attempts);
        Assert.Equal(0, await watch.TakeOverStalledClaimsAsync(CancellationToken.None));
        await DeliverAsync(nodes.A);
        Assert.Single(Smtp.ReceivedWithId(mail.MessageId));
    }

    [Fact]
    public async Task A_live_claim_renewed_by_its_node_is_never_stalled_nor_taken_over()
    {
        var mail = await QueueAsync(nodes.A, "Slow but alive");
        await nodes.A.InDbAsync(async db =>
        {
            var row = await db.OutboxMessages.SingleAsync(m => m.Id == mail.Id);
            row.Claim(nodes.A.Clock.GetUtcNow(), OutboxDispatcher.ClaimLease, "node-a");
            return await db.SaveChangesAsync();
        });
        for (var i = 0; i < 6; i++)
        {
            nodes.Advance(OutboxDispatcher.ClaimRenewal);
            await nodes.A.InDbAsync(async db =>
            {
                var row = await db.OutboxMessages.SingleAsync(m => m.Id == mail.Id);
                row.RenewClaim(nodes.A.Clock.GetUtcNow(), OutboxDispatcher.ClaimLease);
                return await db.SaveChangesAsync();
            });
            await DeliverAsync(nodes.B);
        }

        Assert.Empty(Smtp.ReceivedWithId(mail.MessageId));
        var row = await RowAsync(mail.Id);
        Assert.Equal(OutboxStatus.Sending, row.Status);
        Assert.Equal("node-a", row.ClaimedBy);
        Assert.False(row.IsStalled(nodes.B.Clock.GetUtcNow()));

        // node-a finishes its send: nothing is left claimed for the other tests of the class.
        await nodes.A.InDbAsync(async db =>
        {
            var claimed = await db.OutboxMessages.SingleAsync(m => m.Id == mail.Id);
            claimed.MarkSent(nodes.A.Clock.GetUtcNow());
            return await db.SaveChangesAsync();
        });
    }

    [Fact]
    public async Task An_operator_retries_all_dead_mails_at_once_audited_once_and_each_is_delivered_once()
    {
        var client = await nodes.A.OperatorClientAsync();
        Assert.Null((await client.GetDocumentAsync("/ops/mail")).QuerySelector("[data-testid=retry-all-dead]"));
        var dead = new List<OutboxMessage>();
        for (var i = 0; i < 3; i++) dead.Add(await QueueAsync(nodes.A, $"Refused by a broken relay {i}", dead: true));

        var page = await client.GetDocumentAsync("/ops/mail");
        Assert.Equal("3 dead e-mails", page.QuerySelector("[data-testid=dead-count]")!.TextContent.Trim());
        var response = await client.SubmitAsync(page, "/ops/mail", new Dictionary<string, string>(), "[data-testid=outbox-attention] form");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var followed = await client.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("3 dead e-mails are queued for delivery again.", followed.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(followed.QuerySelector("[data-testid=retry-all-dead]"));
        foreach (var mail in dead)
        {
            var row = await RowAsync(mail.Id);
            Assert.Equal(OutboxStatus.Pending, row.Status);
            Assert.Equal(0, row.Attempts);
        }
        Assert.Equal(1, await nodes.A.InDbAsync(db => db.AuditEvents.IgnoreQueryFilters().CountAsync(e => e.Action == AuditActions.OutboxRetriedInBulk)));

        await DeliverAsync(nodes.B);
        await DeliverAsync(nodes.A);
        foreach (var mail in dead) Assert.Single(Smtp.ReceivedWithId(mail.MessageId));

        // The same form again: nothing is dead any more, and the operator is told so where they are.
        var again = await client.SubmitAsync(page, "/ops/mail", new Dictionary<string, string>(), "[data-testid=outbox-attention] form");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("There is no dead e-mail to retry.", (await Forms.ParseAsync(again)).ValidationMessages());
        Assert.Equal(1, await nodes.A.InDbAsync(db => db.AuditEvents.IgnoreQueryFilters().CountAsync(e => e.Action == AuditActions.OutboxRetriedInBulk)));
    }

    [Fact]
    public async Task A_tenant_admin_cannot_retry_dead_mails_in_bulk()
    {
        var mail = await QueueAsync(nodes.A, "Not for tenant admins", dead: true);
        var tenant = await nodes.A.CreateTenantAsync();
        var admin = await nodes.A.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        var client = nodes.A.CreateBrowserClient();
        await client.SignInAsync(admin.Email!);

        var response = await client.PostAsync("/ops/mail?handler=RetryAllDead", new FormUrlEncodedContent([]));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OutboxStatus.Dead, (await RowAsync(mail.Id)).Status);
        // Leave nothing dead behind for the bulk-retry test of this class.
        await nodes.A.InDbAsync(async db =>
        {
            var row = await db.OutboxMessages.SingleAsync(m => m.Id == mail.Id);
            row.Retry(nodes.A.Clock.GetUtcNow());
            return await db.SaveChangesAsync();
        });
    }

    private static Task<OutboxMessage> QueueAsync(VendorRiskApp node, string subject, bool dead = false) =>
        node.InScopeAsync(async sp =>
        {
            var message = sp.GetRequiredService<EmailOutbox>().Enqueue(
                EmailTemplates.Layout(subject, subject, ["First paragraph."]), $"rcpt-{Guid.NewGuid():N}@example.test", null,
                VendorRiskApp.HandMadeMailKind);
            if (dead)
            {
                message.Claim(node.Clock.GetUtcNow(), OutboxDispatcher.ClaimLease, "node-a");
                message.MarkFailed("550 5.7.1 Relay refused", permanent: true, node.Clock.GetUtcNow());
            }
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
            return message;
        });

    private static Task<int> DeliverAsync(VendorRiskApp node) =>
        node.InScopeAsync(sp => sp.GetRequiredService<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None));

    private Task<OutboxMessage> RowAsync(Guid id) =>
        nodes.A.InDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));
}

/// <summary>Nodes "node-a" and "node-b" on one database and one SMTP server, their clocks moved together.</summary>
public sealed class TwoMailNodes : IAsyncLifetime
{
    public TestSmtpServer Smtp { get; } = new();
    public MailNode A { get; }
    public MailNode B { get; }

    public TwoMailNodes()
    {
        A = new MailNode("node-a", Smtp.Port);
        B = new MailNode("node-b", Smtp.Port, A.DataFolder);
    }

    /// <summary>Moves both nodes' clocks by <paramref name="by"/>.</summary>
    public void Advance(TimeSpan by)
    {
        A.Clock.Advance(by);
        B.Clock.Advance(by);
    }

    public async Task InitializeAsync()
    {
        await Smtp.StartAsync();
        _ = A.Services;
        _ = B.Services;
        var now = A.Clock.GetUtcNow() > B.Clock.GetUtcNow() ? A.Clock.GetUtcNow() : B.Clock.GetUtcNow();
        A.Clock.SetUtcNow(now);
        B.Clock.SetUtcNow(now);
    }

    public async Task DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    public sealed class MailNode : VendorRiskApp
    {
        private readonly string _name;
        private readonly int _smtpPort;

        public MailNode(string name, int smtpPort) => (_name, _smtpPort) = (name, smtpPort);

        public MailNode(string name, int smtpPort, string sharedDataFolder) : base(sharedDataFolder) => (_name, _smtpPort) = (name, smtpPort);

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Node:Name"] = _name,
            ["Email:Delivery"] = "Smtp",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = _smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Email:Smtp:TimeoutSeconds"] = "60",
        };
    }
}
