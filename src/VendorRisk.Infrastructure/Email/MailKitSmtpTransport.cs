using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using VendorRisk.Domain.Messaging;

namespace VendorRisk.Infrastructure.Email;

/// <summary>The only class that talks SMTP (through MailKit).</summary>
public sealed class MailKitSmtpTransport(EmailOptions options) : IMailTransport
{
    public async Task SendAsync(OutboxMessage message, MailBody body, CancellationToken cancellationToken)
    {
        var mime = MimeMessages.Build(message, body, options);
        var smtp = options.Smtp;
        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTlsWhenAvailable,
            }, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.Username))
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
            await client.SendAsync(mime, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (SmtpCommandException e)
        {
            // 5xx replies (unknown mailbox, policy) will not change on retry; 4xx ones are temporary.
            var permanent = (int)e.StatusCode >= 500;
            throw new MailDeliveryException($"SMTP server refused the message: {(int)e.StatusCode} {e.Message}", permanent, e);
        }
        catch (AuthenticationException e)
        {
            throw new MailDeliveryException($"SMTP authentication failed: {e.Message}", isPermanent: false, e);
        }
        catch (Exception e) when (e is SocketException or IOException or SmtpProtocolException
                                      or ServiceNotConnectedException or TimeoutException or OperationCanceledException
                                      or SslHandshakeException)
        {
            throw new MailDeliveryException($"SMTP server unreachable: {e.Message}", isPermanent: false, e);
        }
    }
}
