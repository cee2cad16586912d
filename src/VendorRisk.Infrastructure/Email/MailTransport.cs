using MimeKit;
using VendorRisk.Domain.Messaging;

namespace VendorRisk.Infrastructure.Email;

/// <summary>Hands one message to the outside world. Throws <see cref="MailDeliveryException"/> on failure.</summary>
public interface IMailTransport
{
    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>A failed delivery; <see cref="IsPermanent"/> says whether trying again can help.</summary>
public sealed class MailDeliveryException(string message, bool isPermanent, Exception? inner = null)
    : Exception(message, inner)
{
    public bool IsPermanent { get; } = isPermanent;
}

internal static class MimeMessages
{
    public static MimeMessage Build(OutboxMessage message, EmailOptions options)
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
        mime.Body = new BodyBuilder { HtmlBody = message.HtmlBody, TextBody = message.TextBody }.ToMessageBody();
        return mime;
    }
}

/// <summary>Development delivery: one .eml file per message in a folder.</summary>
public sealed class PickupFolderTransport(EmailOptions options, string folder) : IMailTransport
{
    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var mime = MimeMessages.Build(message, options);
        // Named by outbox id: a second attempt overwrites the same file instead of adding a copy.
        var path = Path.Combine(folder, $"{message.CreatedAt:yyyyMMdd-HHmmss}-{message.Id:N}.eml");
        await mime.WriteToAsync(path, cancellationToken);
    }
}
