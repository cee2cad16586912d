using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Web.Security;

namespace VendorRisk.IntegrationTests.Security;

/// <summary>
/// The data-protection key ring lies in the database, next to the outbox bodies it encrypts (ADR-040). Without a certificate a
/// reader of the whole database has the keys in clear; with <c>DataProtection:CertificatePath</c> the keys are encrypted with a
/// certificate kept outside the database.
/// </summary>
public sealed class KeyRingProtectionTests
{
    private const string ClearKeyMark = "the key below is in an unencrypted form";

    public sealed class CertificateApp : VendorRiskApp
    {
        public const string CertificatePassword = "key-ring-test";
        private string? _certificatePath;

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            [KeyRingProtection.CertificatePathSetting] = _certificatePath ??= WriteCertificate(Path.Combine(DataFolder, "key-ring.pfx")),
            [KeyRingProtection.CertificatePasswordSetting] = CertificatePassword,
        };

        private static string WriteCertificate(string path)
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=VendorRisk key ring (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, CertificatePassword));
            return path;
        }
    }

    public sealed class WithACertificate(CertificateApp app) : IClassFixture<CertificateApp>
    {
        [SqliteOnlyFact("reads the key ring from the SQLite file itself, as a reader of the database would")]
        public async Task The_keys_in_the_database_are_encrypted_and_the_outbox_still_works()
        {
            var user = await app.CreateUserAsync(SecurityTestKit.NewEmail("keyring"));
            await app.CreateBrowserClient().SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = user.Email! });

            var keys = await KeyXmlAsync(app);
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
                Assert.DoesNotContain(ClearKeyMark, xml, StringComparison.Ordinal);
            });
            var mail = await app.InDbAsync(db => db.OutboxMessages.IgnoreQueryFilters().SingleAsync(m => m.ToAddress == user.Email));
            Assert.Contains("/account/reset-password", app.BodyOf(mail).Text, StringComparison.Ordinal);
            await app.DeliverMailAsync();
            Assert.Contains(Directory.EnumerateFiles(app.MailFolder, "*.eml"), f => File.ReadAllText(f).Contains(user.Email!, StringComparison.Ordinal));
        }
    }

    public sealed class WithoutACertificate(VendorRiskApp app) : IClassFixture<VendorRiskApp>
    {
        /// <summary>The default, stated as it is: encryption at rest then keeps the links from readers of the outbox rows alone.</summary>
        [SqliteOnlyFact("reads the key ring from the SQLite file itself, as a reader of the database would")]
        public async Task The_keys_lie_in_the_database_in_clear()
        {
            var user = await app.CreateUserAsync(SecurityTestKit.NewEmail("clear-keyring"));
            await app.CreateBrowserClient().SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = user.Email! });

            var keys = await KeyXmlAsync(app);
            Assert.NotEmpty(keys);
            Assert.All(keys, xml => Assert.Contains(ClearKeyMark, xml, StringComparison.Ordinal));
        }
    }

    private static async Task<List<string>> KeyXmlAsync(VendorRiskApp app)
    {
        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Xml FROM DataProtectionKeys";
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync()) keys.Add(reader.GetString(0));
        return keys;
    }
}
