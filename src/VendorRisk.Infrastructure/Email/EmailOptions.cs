namespace VendorRisk.Infrastructure.Email;

public enum EmailDelivery
{
    /// <summary>Writes each message as an .eml file: the portal runs with no SMTP server (development default).</summary>
    Pickup,
    Smtp,
}

public enum SmtpSecurity
{
    /// <summary>STARTTLS when the server offers it.</summary>
    Auto,
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>Configuration section <c>Email</c>.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public EmailDelivery Delivery { get; set; } = EmailDelivery.Pickup;
    /// <summary>Relative paths are under the content root.</summary>
    public string PickupFolder { get; set; } = "App_Data/mail-pickup";
    public string FromAddress { get; set; } = "no-reply@vendorrisk.local";
    public string FromName { get; set; } = "VendorRisk";
    /// <summary>Right-hand side of every Message-ID we generate.</summary>
    public string MessageIdDomain { get; set; } = "vendorrisk.local";
    public SmtpOptions Smtp { get; set; } = new();
    /// <summary>
    /// How long a delivered e-mail keeps its body (which may hold an invitation or reset link). Zero, the default, drops it as soon
    /// as the mail server accepted the message; a longer time (e.g. <c>1.00:00:00</c>, to debug templates) drops it on the first
    /// delivery run after that time. Undelivered mails keep their bodies, encrypted (ADR-040), until they are sent or
    /// <see cref="DeadBodyRetention"/> ends.
    /// </summary>
    public TimeSpan SentBodyRetention { get; set; } = TimeSpan.Zero;
    /// <summary>
    /// How long a dead e-mail keeps its (encrypted) body after it was queued, so that an operator can retry it once the mail server
    /// is fixed: 7 days by default, as long as an invitation link lives. The first delivery run after that drops the body, and the
    /// mail can no longer be retried. Zero drops it on the first run after the mail died.
    /// </summary>
    public TimeSpan DeadBodyRetention { get; set; } = TimeSpan.FromDays(7);
    /// <summary>
    /// How long a delivered or dead e-mail's row (its delivery metadata: address, subject, state, errors) is kept after it was queued:
    /// 90 days by default; the daily outbox retention job deletes older ones. A row with a deduplication key (a reminder, an
    /// invitation) is kept, since it is what stops the same mail being sent twice; it has no body by then. Zero keeps every row.
    /// </summary>
    public TimeSpan RowRetention { get; set; } = TimeSpan.FromDays(90);
}

public sealed class SmtpOptions
{
    public string Host { get; set; } = "localhost";
    public int Port { get; set; } = 25;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.Auto;
    public string? Username { get; set; }
    public string? Password { get; set; }
    public int TimeoutSeconds { get; set; } = 30;
}
