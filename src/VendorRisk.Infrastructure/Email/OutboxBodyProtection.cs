using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using VendorRisk.Domain.Messaging;

namespace VendorRisk.Infrastructure.Email;

/// <summary>The readable bodies of one e-mail: only the delivery job holds them, while it builds the message (ADR-040).</summary>
public sealed record MailBody(string Html, string Text);

/// <summary>
/// Encrypts outbox bodies at rest with Data Protection under a purpose of their own, so a reader of the outbox rows (an operator's
/// query, a backup, a log of the table) finds no invitation, reset or sign-up link in them. What the keys add or do not add against
/// a reader of the whole database (the key ring is in it too, unless <c>DataProtection:CertificatePath</c> encrypts it) is in ADR-040.
/// </summary>
public sealed class OutboxBodyProtection(IDataProtectionProvider provider)
{
    /// <summary>
    /// The Data Protection purpose of outbox bodies; a body protected under it cannot be read under any other purpose. The recipient's
    /// address is a sub-purpose: a body decrypts only for the address it was written for, so changing a waiting mail's recipient in
    /// the database does not redirect its link.
    /// </summary>
    public const string Purpose = "VendorRisk.Outbox.Body.v1";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    /// <summary>The stored form of a body for <paramref name="toAddress"/>; an empty body stays empty (a dropped body and an empty one look the same).</summary>
    public string Protect(string body, string toAddress) => body.Length == 0 ? "" : For(toAddress).Protect(body);

    /// <summary>The readable bodies of a queued mail. Throws <see cref="MailBodyUnreadableException"/> when its key is gone, the text was altered or the recipient changed.</summary>
    public MailBody Unprotect(OutboxMessage message)
    {
        var protector = For(message.ToAddress);
        try
        {
            return new MailBody(Read(protector, message.ProtectedHtmlBody), Read(protector, message.ProtectedTextBody));
        }
        catch (CryptographicException e)
        {
            throw new MailBodyUnreadableException(e);
        }
    }

    /// <summary>The address as the outbox row stores it (<see cref="OutboxMessage.Create"/> trims it).</summary>
    private IDataProtector For(string toAddress) => _protector.CreateProtector("to:" + toAddress.Trim());

    private static string Read(IDataProtector protector, string stored) => stored.Length == 0 ? "" : protector.Unprotect(stored);
}

/// <summary>The stored body cannot be decrypted: the key it was encrypted with is gone (or revoked), or the stored text or recipient was altered.</summary>
public sealed class MailBodyUnreadableException(Exception inner) : Exception(Text, inner)
{
    /// <summary>What the operators' view shows as the mail's last error.</summary>
    public const string Text = "The body of this e-mail cannot be decrypted: the data-protection key it was encrypted with is missing or " +
        "revoked, or the stored body or recipient was altered. It cannot be sent; do again what sent it (e.g. invite the person again).";
}
