using MimeKit;
using VendorRisk.Domain.Messaging;

namespace VendorRisk.Infrastructure.Email;

/// <summary>
/// Hands one message to the outside world, with the bodies the delivery job decrypted for it. Throws
/// <see cref="MailDeliveryException"/> on failure.
/// </summary>
public interface IMailTransport
{
    Task SendAsync(OutboxMessage message, MailBody body, CancellationToken cancellationToken);
}

/// <summary>A failed delivery; <see cref="IsPermanent"/> says whether trying again can help.</summary>
public sealed class MailDeliveryException(string message, bool isPermanent, Exception? inner = null)
    : Exception(message, inner)
{
    public bool IsPermanent { get; } = isPermanent;
}

internal static class MimeMessages
{
    /// <summary>How every message is written out: CRLF line ends (RFC 5322) whatever the server's platform.</summary>
    public static readonly FormatOptions Format = CreateFormat();

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }

    /// <summary>
    /// The message as any mail server or program reads it: every mail VendorRisk sends is written by the system, so it says so
    /// (<c>Auto-Submitted: auto-generated</c>, RFC 3834, and Exchange's <c>X-Auto-Response-Suppress</c>), which keeps out-of-office
    /// replies and auto-forwarders away; bodies are 7-bit (quoted-printable or base64 where a part holds other characters, lines
    /// of at most 78 characters), so no relay needs 8BITMIME and a pickup file is plain ASCII. No <c>List-Unsubscribe</c>: the
    /// mails tell people of their own duties and there is nothing to unsubscribe from (ADR-031).
    /// </summary>
    public static MimeMessage Build(OutboxMessage message, MailBody body, EmailOptions options)
    {
        var mime = new MimeMessage
        {
            // Stable per outbox row: a retry after an unclear failure can be dropped as a duplicate downstream.
            MessageId = message.MessageId,
            Subject = message.Subject,
            Date = message.CreatedAt,
        };
        mime.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        if (!MailboxAddress.TryParse(message.ToAddress, out var to))
            throw new MailDeliveryException($"'{message.ToAddress}' is not a valid e-mail address.", isPermanent: true);
        if (!string.IsNullOrWhiteSpace(message.ToName)) to.Name = message.ToName;
        mime.To.Add(to);
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        mime.Headers.Add("X-Auto-Response-Suppress", "All");
        mime.Body = new BodyBuilder { HtmlBody = body.Html, TextBody = body.Text }.ToMessageBody();
        mime.Prepare(EncodingConstraint.SevenBit, 78);
        return mime;
    }
}

/// <summary>Development delivery: one .eml file per message in a folder, written as it would go over SMTP (CRLF, 7-bit).</summary>
public sealed class PickupFolderTransport(EmailOptions options, string folder) : IMailTransport
{
    public async Task SendAsync(OutboxMessage message, MailBody body, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var mime = MimeMessages.Build(message, body, options);
        // Named by outbox id: a second attempt overwrites the same file instead of adding a copy.
        var path = Path.Combine(folder, $"{message.CreatedAt:yyyyMMdd-HHmmss}-{message.Id:N}.eml");
        await mime.WriteToAsync(MimeMessages.Format, path, cancellationToken);
    }
}
