using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace VendorRisk.Infrastructure.Email;

/// <summary>A rendered e-mail: subject, HTML and plain-text bodies.</summary>
public sealed record EmailContent(string Subject, string Html, string Text);

/// <summary>
/// Our e-mails. Each template gives an HTML body inside a common layout and a plain-text twin; every value
/// is HTML-encoded, so a tenant or person name can never inject markup.
/// </summary>
public static class EmailTemplates
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static EmailContent Invitation(string tenantName, string inviterName, string roleName, string link, DateTimeOffset expiresAt) =>
        Layout(
            subject: $"You are invited to {tenantName} on VendorRisk",
            heading: $"Join {tenantName} on VendorRisk",
            paragraphs:
            [
                $"{inviterName} invited you to {tenantName} as {roleName}.",
                $"The link works once and expires on {FormatDate(expiresAt)}.",
            ],
            action: ("Accept the invitation", link),
            footer: "If you did not expect this invitation, ignore this e-mail; nothing happens until the link is used.");

    /// <summary>Sign-up of a new organisation by an address without an account: opening the link proves the mailbox.</summary>
    public static EmailContent SignUpVerification(string organisationName, string link, DateTimeOffset expiresAt) =>
        Layout(
            subject: "Confirm your e-mail address to create " + organisationName,
            heading: "Confirm your e-mail address",
            paragraphs: [$"Someone asked to create the organisation \"{organisationName}\" on VendorRisk with this address. " +
                "Use the link below to confirm it is yours and choose your password.",
                $"The link expires on {FormatDate(expiresAt)}."],
            action: ("Confirm and choose a password", link),
            footer: "If you did not ask for this, ignore this e-mail: no account is created.");

    /// <summary>Sign-up of a new organisation by an address that already has an account: the link asks for that account's password.</summary>
    public static EmailContent SignUpWithExistingAccount(string organisationName, string link, DateTimeOffset expiresAt) =>
        Layout(
            subject: "Create " + organisationName + " with your VendorRisk account",
            heading: "You already have a VendorRisk account",
            paragraphs: [$"Someone asked to create the organisation \"{organisationName}\" on VendorRisk with this address, which already has an account. " +
                "Use the link below and confirm with your password to create it; you will be its first admin and keep your other organisations.",
                $"The link expires on {FormatDate(expiresAt)}."],
            action: ("Create the organisation", link),
            footer: "If you did not ask for this, ignore this e-mail: nothing changes.");

    public static EmailContent PasswordReset(string link) =>
        Layout(
            subject: "Reset your VendorRisk password",
            heading: "Reset your password",
            paragraphs: ["Someone asked to reset the password of your VendorRisk account. Use the link below to choose a new one."],
            action: ("Choose a new password", link),
            footer: "If you did not ask for this, ignore this e-mail: your password stays as it is.");

    /// <summary>The notice to the account holder after a signed-in change of password; the link asks for a reset if it was not them.</summary>
    public static EmailContent PasswordChanged(DateTimeOffset changedAt, string forgotPasswordLink) =>
        Layout(
            subject: "Your VendorRisk password was changed",
            heading: "Your password was changed",
            paragraphs: [$"The password of your VendorRisk account was changed on {FormatDate(changedAt)} from a signed-in session. " +
                "Every other session of your account was signed out."],
            action: ("Reset your password", forgotPasswordLink),
            footer: "If this was you, there is nothing to do. If it was not, reset your password now with the link above and tell your organisation's admin.");

    /// <summary>The common frame of every e-mail; later features add templates that call it.</summary>
    /// <param name="links">A list after the paragraphs: each entry a link with an optional line under it (e.g. the questions of a
    /// clarification request, each with the reviewer's question and a link straight to it).</param>
    public static EmailContent Layout(string subject, string heading, IReadOnlyList<string> paragraphs,
        (string Label, string Url)? action = null, string? footer = null, IReadOnlyList<EmailListLink>? links = null)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(Html.Encode(subject)).Append("</title></head>")
            .Append("<body style=\"font-family:system-ui,sans-serif;color:#212529;background:#f8f9fa;margin:0;padding:24px\">")
            .Append("<div style=\"max-width:560px;margin:auto;background:#fff;border-radius:8px;padding:24px\">")
            .Append("<p style=\"font-weight:600;color:#0a58ca;margin:0 0 16px\">VendorRisk</p>")
            .Append("<h1 style=\"font-size:20px;margin:0 0 16px\">").Append(Html.Encode(heading)).Append("</h1>");
        foreach (var p in paragraphs) html.Append("<p>").Append(Html.Encode(p)).Append("</p>");
        if (links is { Count: > 0 })
        {
            html.Append("<ol style=\"padding-left:20px\">");
            foreach (var l in links)
            {
                html.Append("<li style=\"margin-bottom:12px\"><a href=\"").Append(Html.Encode(l.Url)).Append("\">").Append(Html.Encode(l.Label)).Append("</a>");
                if (l.Detail is { Length: > 0 } detail)
                    html.Append("<br><span style=\"color:#495057;white-space:pre-line\">").Append(Html.Encode(detail)).Append("</span>");
                html.Append("</li>");
            }
            html.Append("</ol>");
        }
        if (action is { } a)
        {
            html.Append("<p><a href=\"").Append(Html.Encode(a.Url))
                .Append("\" style=\"display:inline-block;background:#0a58ca;color:#fff;padding:10px 16px;border-radius:6px;text-decoration:none\">")
                .Append(Html.Encode(a.Label)).Append("</a></p>")
                .Append("<p style=\"font-size:13px;color:#495057\">Or paste this address into your browser: ")
                .Append(Html.Encode(a.Url)).Append("</p>");
        }
        if (footer is not null) html.Append("<p style=\"font-size:13px;color:#495057\">").Append(Html.Encode(footer)).Append("</p>");
        html.Append("</div></body></html>");

        var text = new StringBuilder().AppendLine(heading).AppendLine();
        foreach (var p in paragraphs) text.AppendLine(p).AppendLine();
        for (var i = 0; i < (links?.Count ?? 0); i++)
        {
            var l = links![i];
            text.Append(CultureInfo.InvariantCulture, $"{i + 1}. {l.Label}").AppendLine();
            if (l.Detail is { Length: > 0 } detail) text.AppendLine("   " + detail.ReplaceLineEndings(Environment.NewLine + "   "));
            text.AppendLine("   " + l.Url).AppendLine();
        }
        if (action is { } t) text.Append(t.Label).AppendLine(":").AppendLine(t.Url).AppendLine();
        if (footer is not null) text.AppendLine(footer);
        return new EmailContent(subject, html.ToString(), text.ToString());
    }

    private static string FormatDate(DateTimeOffset when) =>
        when.UtcDateTime.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);
}

/// <summary>One entry of an e-mail's list of links: what it opens, the address, and an optional line under it.</summary>
public sealed record EmailListLink(string Label, string Url, string? Detail = null);
