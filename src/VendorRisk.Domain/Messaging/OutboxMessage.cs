using VendorRisk.Domain.Common;

namespace VendorRisk.Domain.Messaging;

public enum OutboxStatus
{
    Pending,
    /// <summary>
    /// Claimed by one delivery attempt on one node, which renews the claim while it sends; a claim its node stopped renewing
    /// (the node died) is stalled, and the next delivery run on any node takes the mail over.
    /// </summary>
    Sending,
    Sent,
    /// <summary>Failed permanently or ran out of attempts; visible to operators, who may retry it while its body is kept.</summary>
    Dead,
}

/// <summary>
/// An e-mail waiting to be delivered. It is written in the same transaction as the change that causes it,
/// and a delivery job sends it later, so a mail is never lost with a rolled-back change, nor sent for one.
/// </summary>
public sealed class OutboxMessage : IVersioned
{
    public const int MaxAttempts = 8;

    private OutboxMessage() { }

    public Guid Id { get; private set; }
    /// <summary>For the admins' view; e-mails about sign-in or password reset have none.</summary>
    public Guid? TenantId { get; private set; }
    /// <summary>Stable across retries, so a receiving server can drop a duplicate.</summary>
    public string MessageId { get; private set; } = "";
    public string ToAddress { get; private set; } = "";
    public string? ToName { get; private set; }
    /// <summary>In clear: operators see it. Written from templates and titles, never a link or a token (ADR-040).</summary>
    public string Subject { get; private set; } = "";
    /// <summary>
    /// The HTML body as stored: encrypted by the infrastructure when the mail is queued (it may hold an invitation, reset or
    /// sign-up link) and read only by the delivery job; empty once dropped (ADR-040).
    /// </summary>
    public string ProtectedHtmlBody { get; private set; } = "";
    /// <summary>The plain-text body as stored, encrypted like <see cref="ProtectedHtmlBody"/>.</summary>
    public string ProtectedTextBody { get; private set; } = "";
    /// <summary>What caused the mail, e.g. "invitation", "password-reset"; used to find it again.</summary>
    public string Kind { get; private set; } = "";
    /// <summary>Optional business key: a second mail with the same key is never created.</summary>
    public string? DeduplicationKey { get; private set; }
    public OutboxStatus Status { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? ClaimedUntil { get; private set; }
    /// <summary>The node that claimed the mail last (kept after delivery, for the operators' view); null before the first claim.</summary>
    public string? ClaimedBy { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public string? LastError { get; private set; }
    public int Version { get; set; }

    public static OutboxMessage Create(
        string toAddress, string? toName, string subject, string protectedHtmlBody, string protectedTextBody, string kind,
        DateTimeOffset now, string messageIdDomain, Guid? tenantId = null, string? deduplicationKey = null)
    {
        if (string.IsNullOrWhiteSpace(toAddress)) throw new DomainException("An e-mail needs a recipient.");
        var id = Ids.New();
        return new OutboxMessage
        {
            Id = id,
            TenantId = tenantId,
            MessageId = $"{id:N}@{messageIdDomain}",
            ToAddress = toAddress.Trim(),
            ToName = toName,
            Subject = subject,
            ProtectedHtmlBody = protectedHtmlBody,
            ProtectedTextBody = protectedTextBody,
            Kind = kind,
            DeduplicationKey = deduplicationKey,
            Status = OutboxStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    public bool IsDue(DateTimeOffset now) =>
        (Status == OutboxStatus.Pending && NextAttemptAt <= now)
        || (Status == OutboxStatus.Sending && ClaimedUntil <= now);

    public const int NodeMaxLength = 100;

    /// <summary>Being sent, but the node that claimed it stopped renewing its claim: that node died or lost the database.</summary>
    public bool IsStalled(DateTimeOffset now) => Status == OutboxStatus.Sending && ClaimedUntil <= now;

    /// <summary>Claims the mail for one delivery attempt by <paramref name="node"/>, which must renew the claim before the lease ends.</summary>
    public void Claim(DateTimeOffset now, TimeSpan lease, string? node = null)
    {
        if (!IsDue(now)) throw new DomainException("This e-mail is not due for delivery.");
        Status = OutboxStatus.Sending;
        ClaimedUntil = now + lease;
        ClaimedBy = node is null ? null : node.Length > NodeMaxLength ? node[..NodeMaxLength] : node;
        Attempts++;
    }

    /// <summary>The claiming node is still sending: its claim lasts another <paramref name="lease"/>.</summary>
    public void RenewClaim(DateTimeOffset now, TimeSpan lease)
    {
        if (Status != OutboxStatus.Sending) throw new DomainException("Only an e-mail being sent has a claim to renew.");
        ClaimedUntil = now + lease;
    }

    public void MarkSent(DateTimeOffset now)
    {
        if (Status != OutboxStatus.Sending) throw new DomainException("Only an e-mail being sent can be marked sent.");
        Status = OutboxStatus.Sent;
        SentAt = now;
        ClaimedUntil = null;
        LastError = null;
    }

    /// <summary>
    /// Forgets the body of a delivered or dead e-mail: invitation, reset and verification links are secrets. Once the mail server has
    /// the message the outbox has no more use for them; a dead mail keeps its body for a while only so that an operator can retry it
    /// after fixing the mail server. Subject and delivery metadata stay for the operators' view.
    /// </summary>
    public void DropBody()
    {
        if (Status is not (OutboxStatus.Sent or OutboxStatus.Dead))
            throw new DomainException("Only the body of a delivered or dead e-mail can be dropped.");
        ProtectedHtmlBody = "";
        ProtectedTextBody = "";
    }

    public bool HasBody => ProtectedHtmlBody.Length > 0 || ProtectedTextBody.Length > 0;

    /// <summary>
    /// A transient failure waits with exponential back-off (1, 2, 4 ... minutes, at most an hour); a permanent
    /// failure, or the last attempt, makes the mail dead.
    /// </summary>
    public void MarkFailed(string error, bool permanent, DateTimeOffset now)
    {
        if (Status != OutboxStatus.Sending) throw new DomainException("Only an e-mail being sent can fail.");
        LastError = error.Length > 2000 ? error[..2000] : error;
        ClaimedUntil = null;
        if (permanent || Attempts >= MaxAttempts)
        {
            Status = OutboxStatus.Dead;
            return;
        }
        Status = OutboxStatus.Pending;
        var minutes = Math.Min(60, Math.Pow(2, Attempts - 1));
        NextAttemptAt = now + TimeSpan.FromMinutes(minutes);
    }

    public void Retry(DateTimeOffset now)
    {
        if (Status != OutboxStatus.Dead) throw new DomainException("Only a dead e-mail can be retried.");
        if (!HasBody)
            throw new DomainException("This e-mail's body was dropped (it stayed dead past the retention time, or could not be decrypted), so it cannot be sent again. " +
                "Do again what sent it, e.g. invite the person again.");
        Status = OutboxStatus.Pending;
        Attempts = 0;
        NextAttemptAt = now;
    }
}
