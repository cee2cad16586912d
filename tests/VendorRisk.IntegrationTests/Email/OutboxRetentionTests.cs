using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Messaging;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Security;

namespace VendorRisk.IntegrationTests.Email;

/// <summary>
/// Retention of the outbox (ADR-040), on the app's fake clock: a dead mail's body goes after <see cref="EmailOptions.DeadBodyRetention"/>
/// (7 days), a delivered or dead mail's row after <see cref="EmailOptions.RowRetention"/> (90 days).
/// </summary>
public sealed class OutboxRetentionTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task A_dead_mail_keeps_its_body_for_a_week_for_a_retry_then_loses_it_and_can_no_longer_be_retried()
    {
        var dead = await QueueAsync(SecurityTestKit.NewEmail("dead"), dead: true); // refused by the mail server: a permanent failure

        app.Clock.Advance(TimeSpan.FromDays(6));
        await app.DeliverMailAsync();
        Assert.True((await RowAsync(dead.Id)).HasBody);
        Assert.Contains("Retry this e-mail", await (await app.OperatorClientAsync()).GetStringAsync($"/ops/mail-message/{dead.Id}"), StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await app.DeliverMailAsync();

        var row = await RowAsync(dead.Id);
        Assert.Equal(OutboxStatus.Dead, row.Status);
        Assert.False(row.HasBody);
        var operatorClient = await app.OperatorClientAsync(); // signed in anew: a day passed
        var page = WebUtility.HtmlDecode(await operatorClient.GetStringAsync($"/ops/mail-message/{dead.Id}"));
        Assert.DoesNotContain("Retry this e-mail", page, StringComparison.Ordinal);
        Assert.Contains("cannot be sent again", page, StringComparison.Ordinal);
        // Nor does "retry every dead mail" pick it up: it would go out empty.
        await operatorClient.SubmitAsync("/ops/mail", new Dictionary<string, string>(), "[data-testid=outbox-attention] form");
        Assert.Equal(OutboxStatus.Dead, (await RowAsync(dead.Id)).Status);
    }

    [Fact]
    public async Task Rows_of_delivered_and_dead_mails_go_after_the_row_retention_but_not_waiting_mails_nor_deduplicated_ones()
    {
        var sent = await QueueAsync(SecurityTestKit.NewEmail("sent"));
        var remembered = await QueueAsync(SecurityTestKit.NewEmail("keyed"), deduplicationKey: $"test:{Guid.NewGuid():N}");
        var dead = await QueueAsync(SecurityTestKit.NewEmail("dead"), dead: true);
        await app.DeliverMailAsync();
        Assert.Equal(OutboxStatus.Sent, (await RowAsync(sent.Id)).Status);
        var waiting = await QueueAsync(SecurityTestKit.NewEmail("waiting")); // never delivered: no delivery run after it

        app.Clock.Advance(TimeSpan.FromDays(89));
        await RunRetentionAsync();
        Assert.Equal(4, await CountAsync(sent.Id, remembered.Id, dead.Id, waiting.Id));

        app.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await RunRetentionAsync();
        await RunRetentionAsync(); // twice: nothing more to do, no error

        Assert.Equal(0, await CountAsync(sent.Id, dead.Id));
        Assert.Equal(OutboxStatus.Sent, (await RowAsync(remembered.Id)).Status);
        Assert.False((await RowAsync(remembered.Id)).HasBody);
        Assert.Equal(OutboxStatus.Pending, (await RowAsync(waiting.Id)).Status);
        Assert.True((await RowAsync(waiting.Id)).HasBody);
    }

    private Task<OutboxMessage> QueueAsync(string to, string? deduplicationKey = null, bool dead = false) =>
        app.InScopeAsync(async sp =>
        {
            var message = sp.GetRequiredService<EmailOutbox>().Enqueue(EmailTemplates.Layout("Retention", "Retention", ["A paragraph."]),
                to, null, VendorRiskApp.HandMadeMailKind, deduplicationKey: deduplicationKey);
            if (dead)
            {
                message.Claim(app.Clock.GetUtcNow(), TimeSpan.FromMinutes(5));
                message.MarkFailed("550 5.1.1 No such user", permanent: true, app.Clock.GetUtcNow());
            }
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
            return message;
        });

    private Task<int> RunRetentionAsync() =>
        app.InScopeAsync(sp => sp.GetRequiredService<OutboxRetentionJob>().RunAsync(CancellationToken.None));

    private Task<OutboxMessage> RowAsync(Guid id) => app.InDbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id));

    private Task<int> CountAsync(params Guid[] ids) => app.InDbAsync(db => db.OutboxMessages.CountAsync(m => ids.Contains(m.Id)));
}
