using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Messaging;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.IntegrationTests.Security;

namespace VendorRisk.IntegrationTests.Email;

/// <summary>The outbox holds bodies encrypted (ADR-040); the recipient's mail server gets them readable, links and all.</summary>
public sealed class OutboxEncryptionDeliveryTests(SmtpVendorRiskApp app) : IClassFixture<SmtpVendorRiskApp>
{
    [Fact]
    public async Task The_mail_server_receives_the_readable_reset_link_that_the_outbox_row_holds_only_encrypted()
    {
        var user = await app.CreateUserAsync(SecurityTestKit.NewEmail("smtp-reset"));
        await app.CreateBrowserClient().SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = user.Email! });
        var queued = await app.InDbAsync(db => db.OutboxMessages.IgnoreQueryFilters().SingleAsync(m => m.ToAddress == user.Email));
        Assert.DoesNotContain("/account/reset-password", queued.ProtectedTextBody + queued.ProtectedHtmlBody, StringComparison.Ordinal);

        await app.DeliverMailAsync();

        var received = Assert.Single(app.Smtp.ReceivedWithId(queued.MessageId));
        var link = VendorRiskApp.PublicBaseUrl + "/account/reset-password?userId=";
        Assert.Contains(link, received.TextBody, StringComparison.Ordinal);
        Assert.Contains(link, received.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("Reset your VendorRisk password", received.Subject);
        var sent = await app.InDbAsync(db => db.OutboxMessages.IgnoreQueryFilters().SingleAsync(m => m.Id == queued.Id));
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.False(sent.HasBody);
    }
}
