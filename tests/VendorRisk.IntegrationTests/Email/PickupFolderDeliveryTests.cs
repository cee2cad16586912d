using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using VendorRisk.Domain.Messaging;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Email;

public sealed class PickupFolderDeliveryTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private string Folder => Path.Combine(app.DataFolder, "mail");

    [Fact]
    public async Task The_pickup_folder_gets_one_eml_file_per_mail_and_a_second_run_adds_no_copy()
    {
        var first = await QueueAsync("Pickup one");
        var second = await QueueAsync("Pickup two");

        await DeliverAsync();
        await DeliverAsync();

        Assert.Single(FilesWithId(first.MessageId));
        var file = Assert.Single(FilesWithId(second.MessageId));
        var parsed = await MimeMessage.LoadAsync(file);
        Assert.Equal("Pickup two", parsed.Subject);
        Assert.Contains("First paragraph.", parsed.TextBody, StringComparison.Ordinal);
        Assert.Equal(OutboxStatus.Sent, (await app.InDbAsync(db => db.OutboxMessages.SingleAsync(m => m.Id == first.Id))).Status);
    }

    [Fact]
    public async Task Writing_the_same_mail_again_replaces_its_file_instead_of_adding_a_copy()
    {
        var mail = await QueueAsync("Pickup twice");
        var transport = app.Services.GetRequiredService<IMailTransport>();
        Assert.IsType<PickupFolderTransport>(transport);

        await transport.SendAsync(mail, app.BodyOf(mail), CancellationToken.None);
        await transport.SendAsync(mail, app.BodyOf(mail), CancellationToken.None);

        Assert.Single(FilesWithId(mail.MessageId));
    }

    [Fact]
    public async Task A_pickup_file_has_crlf_line_ends_seven_bit_bodies_and_says_it_was_sent_automatically()
    {
        var mail = await app.InScopeAsync(async sp =>
        {
            var message = sp.GetRequiredService<EmailOutbox>().Enqueue(
                EmailTemplates.Layout("Prüfung für Zoë – 日本", "Prüfung", ["Grüße aus Köln. " + new string('x', 200)]), $"rcpt-{Guid.NewGuid():N}@example.test", "Zoë", "test");
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
            return message;
        });

        await DeliverAsync();

        var bytes = await File.ReadAllBytesAsync(Assert.Single(FilesWithId(mail.MessageId)));
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n') Assert.True(i > 0 && bytes[i - 1] == (byte)'\r', $"bare LF at byte {i}");
            Assert.True(bytes[i] < 0x80, $"8-bit byte 0x{bytes[i]:x2} at {i} without a transfer encoding");
        }
        Assert.All(System.Text.Encoding.ASCII.GetString(bytes).Split("\r\n"), line => Assert.True(line.Length <= 998, "a line longer than 998 characters"));
        var parsed = await MimeMessage.LoadAsync(new MemoryStream(bytes));
        Assert.Equal("auto-generated", parsed.Headers["Auto-Submitted"]);
        Assert.Equal("Prüfung für Zoë – 日本", parsed.Subject);
        Assert.Contains("Grüße aus Köln.", parsed.TextBody, StringComparison.Ordinal);
        Assert.Null(parsed.Headers["List-Unsubscribe"]); // nothing to unsubscribe from (ADR-031)
    }

    private List<string> FilesWithId(string messageId) =>
        Directory.Exists(Folder)
            ? Directory.GetFiles(Folder, "*.eml").Where(f => File.ReadAllText(f).Contains($"<{messageId}>", StringComparison.Ordinal)).ToList()
            : [];

    private Task<OutboxMessage> QueueAsync(string subject) =>
        app.InScopeAsync(async sp =>
        {
            var message = sp.GetRequiredService<EmailOutbox>().Enqueue(
                EmailTemplates.Layout(subject, subject, ["First paragraph."]), $"rcpt-{Guid.NewGuid():N}@example.test", null, "test");
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
            return message;
        });

    private Task<int> DeliverAsync() =>
        app.InScopeAsync(sp => sp.GetRequiredService<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None));
}
