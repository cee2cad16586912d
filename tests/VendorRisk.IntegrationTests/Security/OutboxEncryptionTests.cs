using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Messaging;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Admin;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Security;

/// <summary>
/// Issue 16, V1 (the rest of it): bodies of undelivered mails lay in the outbox in clear, so anyone reading the database (an operator
/// with SQL access, a backup) could follow a live invitation or reset link. They are encrypted at rest with Data Protection (ADR-040).
/// </summary>
public sealed class OutboxEncryptionTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [SqliteOnlyFact("reads the outbox row from the SQLite file itself, as a reader of the database or of a backup would")]
    public async Task The_outbox_rows_in_the_database_file_hold_no_invitation_or_reset_link_nor_its_token()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        var invitee = SecurityTestKit.NewEmail("invitee");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.InviteAsync(tenant, invitee, "Reviewer")).StatusCode);
        var victim = await app.CreateMemberAsync(tenant, TenantRoles.TenantAdmin);
        Assert.Equal(HttpStatusCode.Redirect, (await app.CreateBrowserClient().SubmitAsync("/account/forgot-password",
            new Dictionary<string, string> { ["Input.Email"] = victim.Email! })).StatusCode);

        // What the recipients get (decrypted as the delivery job does) carries the links ...
        var invitationLink = await app.InvitationLinkAsync(invitee);
        var invitationToken = System.Web.HttpUtility.ParseQueryString(invitationLink.Query)["token"]!;
        var reset = await app.InDbAsync(db => db.OutboxMessages.IgnoreQueryFilters().SingleAsync(m => m.ToAddress == victim.Email));
        var resetLink = System.Text.RegularExpressions.Regex.Match(app.BodyOf(reset).Text, @"\S*/account/reset-password\?\S+").Value;
        Assert.NotEqual("", resetLink);
        var resetCode = System.Web.HttpUtility.ParseQueryString(new Uri(resetLink).Query)["code"]!;
        Assert.True(resetCode.Length > 20);

        // ... and the database file holds none of them: every column of both rows, read with plain SQL.
        var rows = await RawRowsAsync(invitee, victim.Email!);
        Assert.Equal(2, rows.Count);
        foreach (var row in rows)
        {
            foreach (var secret in new[] { invitationToken, Uri.EscapeDataString(invitationToken), resetCode, Uri.EscapeDataString(resetCode),
                         "/invitations/accept", "/account/reset-password", "token=", "code=", "<a ", "Choose a new password", "Accept the invitation" })
                Assert.DoesNotContain(secret, row, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("CfDJ8", row, StringComparison.Ordinal); // the bodies are there, as Data Protection ciphertext (its magic header in base64url)
        }
    }

    [Fact]
    public async Task Bodies_are_encrypted_under_a_purpose_of_their_own()
    {
        var user = await app.CreateUserAsync(SecurityTestKit.NewEmail("purpose"));
        await app.CreateBrowserClient().SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = user.Email! });
        var row = await app.InDbAsync(db => db.OutboxMessages.IgnoreQueryFilters().SingleAsync(m => m.ToAddress == user.Email));

        var provider = app.Services.GetRequiredService<IDataProtectionProvider>();
        Assert.Contains("/account/reset-password", provider.CreateProtector(OutboxBodyProtection.Purpose).CreateProtector("to:" + user.Email)
            .Unprotect(row.ProtectedTextBody), StringComparison.Ordinal);
        Assert.ThrowsAny<CryptographicException>(() => provider.CreateProtector(OutboxBodyProtection.Purpose).Unprotect(row.ProtectedTextBody));
        // Whatever else the portal protects (sign-up links, cookies) cannot be turned into an outbox body, nor the other way round.
        Assert.ThrowsAny<CryptographicException>(() => provider.CreateProtector("VendorRisk.SomethingElse").Unprotect(row.ProtectedTextBody));
    }

    [Fact]
    public async Task A_body_encrypted_with_a_key_this_portal_does_not_have_makes_the_mail_dead_with_a_message_instead_of_a_retry_loop()
    {
        // As after a lost or rotated-away key ring: the row was written with a key that no node has any more.
        var foreign = new EphemeralDataProtectionProvider().CreateProtector(OutboxBodyProtection.Purpose);
        var address = SecurityTestKit.NewEmail("lost-key");
        var id = await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var message = OutboxMessage.Create(address, null, "Lost key", foreign.Protect("<p>secret</p>"), foreign.Protect("secret"),
                VendorRiskApp.HandMadeMailKind, app.Clock.GetUtcNow(), "vendorrisk.test");
            db.OutboxMessages.Add(message);
            await db.SaveChangesAsync();
            return message.Id;
        });

        await app.DeliverMailAsync(); // does not throw: the job goes on with the other mails

        var dead = await app.InDbAsync(db => db.OutboxMessages.SingleAsync(m => m.Id == id));
        Assert.Equal(OutboxStatus.Dead, dead.Status);
        Assert.Equal(1, dead.Attempts);
        Assert.Equal(MailBodyUnreadableException.Text, dead.LastError);
        Assert.False(dead.HasBody); // unreadable ciphertext is of no use to anyone
        Assert.DoesNotContain(Directory.Exists(app.MailFolder) ? Directory.EnumerateFiles(app.MailFolder, "*.eml") : [],
            f => File.ReadAllText(f).Contains(address, StringComparison.Ordinal));

        app.Clock.Advance(TimeSpan.FromHours(2));
        await app.DeliverMailAsync();
        Assert.Equal(1, (await app.InDbAsync(db => db.OutboxMessages.SingleAsync(m => m.Id == id))).Attempts);

        // The operator sees why, and is not offered a retry that cannot work.
        var page = await (await app.OperatorClientAsync()).GetStringAsync($"/ops/mail-message/{id}");
        Assert.Contains("cannot be decrypted", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.DoesNotContain("Retry this e-mail", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_writer_who_changes_a_waiting_invitation_s_recipient_gets_no_link_the_mail_dies_instead()
    {
        var tenant = await app.CreateTenantAsync();
        var admin = await app.SignedInAsync(tenant, TenantRoles.TenantAdmin);
        var invitee = SecurityTestKit.NewEmail("invitee");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.InviteAsync(tenant, invitee, "Reviewer")).StatusCode);
        var attacker = SecurityTestKit.NewEmail("attacker");
        var id = (await app.InvitationMailsAsync(invitee)).Single().Id;
        await app.InDbAsync(db => db.OutboxMessages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.ToAddress, attacker)));

        await app.DeliverMailAsync();

        var dead = await app.InDbAsync(db => db.OutboxMessages.SingleAsync(m => m.Id == id));
        Assert.Equal(OutboxStatus.Dead, dead.Status);
        Assert.Equal(MailBodyUnreadableException.Text, dead.LastError);
        Assert.DoesNotContain(Directory.Exists(app.MailFolder) ? Directory.EnumerateFiles(app.MailFolder, "*.eml") : [],
            f => File.ReadAllText(f).Contains(attacker, StringComparison.Ordinal));
    }

    /// <summary>Every column of the outbox rows to <paramref name="addresses"/>, as text, read from the file without the app.</summary>
    private async Task<List<string>> RawRowsAsync(params string[] addresses)
    {
        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var rows = new List<string>();
        foreach (var address in addresses)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT * FROM OutboxMessages WHERE ToAddress = $address";
            command.Parameters.AddWithValue("$address", address);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        return rows;
    }
}
