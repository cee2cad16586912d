using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using VendorRisk.Domain.Messaging;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Testing;

namespace VendorRisk.IntegrationTests.Email;

/// <summary>
/// The outbox against a real SMTP server: each test queues its own mails and counts copies by Message-ID,
/// so mails of other tests in the class (delivered by the same runs) do not disturb the counts.
/// </summary>
public sealed class SmtpDeliveryTests(SmtpVendorRiskApp app) : IClassFixture<SmtpVendorRiskApp>
{
    private TestSmtpServer Smtp => app.Smtp;

    [Fact]
    public async Task A_queued_mail_is_delivered_once_with_its_message_id_subject_and_both_bodies()
    {
        var mail = await QueueAsync("Delivery check <1>");

        await DeliverAsync();

        var received = Assert.Single(Smtp.ReceivedWithId(mail.MessageId));
        Assert.Equal("Delivery check <1>", received.Subject);
        Assert.Equal(mail.ToAddress, Assert.Single(received.To.Mailboxes).Address);
        Assert.Contains("Delivery check &lt;1&gt;", received.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("First paragraph.", received.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<p>", received.TextBody, StringComparison.Ordinal);
        var row = await RowAsync(mail.Id);
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.NotNull(row.SentAt);
    }

    [Fact]
    public async Task Running_the_delivery_job_twice_in_a_row_sends_a_mail_once()
    {
        var mail = await QueueAsync("Sequential runs");

        await DeliverAsync();
        await DeliverAsync();

        Assert.Single(Smtp.ReceivedWithId(mail.MessageId));
    }

    [Fact]
    public async Task Two_delivery_jobs_running_at_the_same_time_send_each_mail_once()
    {
        for (var round = 0; round < 4; round++)
        {
            var mails = new List<OutboxMessage>();
            for (var i = 0; i < 5; i++) mails.Add(await QueueAsync($"Concurrent round {round} mail {i}"));

            using var start = new Barrier(2);
            var runs = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                await using var scope = app.Services.CreateAsyncScope();
                var dispatcher = scope.ServiceProvider.GetRequiredService<OutboxDispatcher>();
                start.SignalAndWait(TimeSpan.FromSeconds(10));
                return await dispatcher.DeliverDueAsync(CancellationToken.None);
            })).ToList();
            var delivered = await Task.WhenAll(runs);

            foreach (var mail in mails)
            {
                Assert.Single(Smtp.ReceivedWithId(mail.MessageId));
                Assert.Equal(OutboxStatus.Sent, (await RowAsync(mail.Id)).Status);
            }
            Assert.True(delivered.Sum() >= mails.Count, $"Round {round}: runs reported {string.Join("+", delivered)} deliveries.");
        }
    }

    [Fact]
    public async Task An_outage_backs_off_and_the_mail_is_delivered_once_after_the_server_returns()
    {
        await Smtp.StopAsync();
        OutboxMessage mail;
        try
        {
            mail = await QueueAsync("Sent after the outage");
            await DeliverAsync();

            var failed = await RowAsync(mail.Id);
            Assert.Equal(OutboxStatus.Pending, failed.Status);
            Assert.Equal(1, failed.Attempts);
            Assert.False(string.IsNullOrWhiteSpace(failed.LastError));
            Assert.Contains("unreachable", failed.LastError, StringComparison.OrdinalIgnoreCase);
            Assert.True(failed.NextAttemptAt > app.Clock.GetUtcNow(), "The next attempt must wait (back-off).");

            // The server is back, but the mail waits for its next attempt.
            await Smtp.StartAsync();
            await DeliverAsync();
            Assert.Empty(Smtp.ReceivedWithId(mail.MessageId));
            Assert.Equal(1, (await RowAsync(mail.Id)).Attempts);

            app.Clock.Advance(failed.NextAttemptAt - app.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
            await DeliverAsync();
            await DeliverAsync();
        }
        finally
        {
            await Smtp.StartAsync();
        }

        Assert.Single(Smtp.ReceivedWithId(mail.MessageId));
        var sent = await RowAsync(mail.Id);
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.Equal(2, sent.Attempts);
        Assert.Null(sent.LastError);
    }

    [Fact]
    public async Task A_recipient_the_server_refuses_with_550_makes_the_mail_dead_with_the_error()
    {
        var mail = await QueueAsync("Refused", to: $"{TestSmtpServer.RejectedLocalPartPrefix}{Guid.NewGuid():N}@example.test");

        await DeliverAsync();

        var row = await RowAsync(mail.Id);
        Assert.Equal(OutboxStatus.Dead, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Contains("550", row.LastError, StringComparison.Ordinal);
        Assert.Empty(Smtp.ReceivedWithId(mail.MessageId));

        // Dead mail is never due again by itself.
        app.Clock.Advance(TimeSpan.FromHours(2));
        await DeliverAsync();
        Assert.Equal(OutboxStatus.Dead, (await RowAsync(mail.Id)).Status);
    }

    [Fact]
    public async Task A_mail_claimed_by_a_worker_that_died_is_delivered_once_its_claim_expires()
    {
        var mail = await QueueAsync("Claimed by a dead worker");
        await app.InDbAsync(async db =>
        {
            var row = await db.OutboxMessages.SingleAsync(m => m.Id == mail.Id);
            row.Claim(app.Clock.GetUtcNow(), OutboxDispatcher.ClaimLease);
            return await db.SaveChangesAsync();
        });

        await DeliverAsync();
        Assert.Empty(Smtp.ReceivedWithId(mail.MessageId));
        Assert.Equal(OutboxStatus.Sending, (await RowAsync(mail.Id)).Status);

        app.Clock.Advance(OutboxDispatcher.ClaimLease + TimeSpan.FromSeconds(1));
        await DeliverAsync();

        Assert.Single(Smtp.ReceivedWithId(mail.MessageId));
        var row = await RowAsync(mail.Id);
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal(2, row.Attempts);
    }

    [Fact]
    public async Task A_mail_queued_in_a_transaction_that_rolls_back_does_not_exist_and_is_never_sent()
    {
        var subject = $"Rolled back {Guid.NewGuid():N}";
        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var outbox = sp.GetRequiredService<EmailOutbox>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            outbox.Enqueue(Content(subject), "rolled-back@example.test", null, "test");
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        });

        Assert.False(await app.InDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Subject == subject)));
        await DeliverAsync();
        Assert.DoesNotContain(Smtp.Received, m => m.Subject == subject);
    }

    private static EmailContent Content(string subject) =>
        EmailTemplates.Layout(subject, subject, ["First paragraph.", "Second paragraph."], ("Open VendorRisk", "https://vendorrisk.test/x"));

    private Task<OutboxMessage> QueueAsync(string subject, string? to = null) =>
        app.InScopeAsync(async sp =>
        {
            var outbox = sp.GetRequiredService<EmailOutbox>();
            var message = outbox.Enqueue(Content(subject), to ?? $"rcpt-{Guid.NewGuid():N}@example.test", "Rita Recipient", "test");
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
            return message;
        });

    private Task<int> DeliverAsync() =>
        app.InScopeAsync(sp => sp.GetRequiredService<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None));

    private Task<OutboxMessage> RowAsync(Guid id) =>
        app.InDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));
}
