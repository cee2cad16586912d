using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace VendorRisk.Web.Security;

/// <summary>
/// Encrypts the data-protection key ring that every node reads from the database (<c>DataProtectionKeys</c>) with a certificate kept
/// outside it: <c>DataProtection:CertificatePath</c> (a PFX file with its private key, on every node) and
/// <c>DataProtection:CertificatePassword</c>. Without it the keys lie in the database in clear, next to what they protect: a reader of
/// the whole database (a backup) can then decrypt outbox bodies, sign-up links and two-factor secrets (ADR-040). Keys made before the
/// certificate was set stay in clear, and the one in use stays the default until it expires (up to 90 days; ADR-040).
/// </summary>
public static class KeyRingProtection
{
    public const string CertificatePathSetting = "DataProtection:CertificatePath";
    public const string CertificatePasswordSetting = "DataProtection:CertificatePassword";

    public static IDataProtectionBuilder ProtectKeysWithConfiguredCertificate(this IDataProtectionBuilder builder, IConfiguration configuration)
    {
        if (configuration[CertificatePathSetting] is not { Length: > 0 } path) return builder;
        if (!File.Exists(path))
            throw new InvalidOperationException($"{CertificatePathSetting} names '{path}', which does not exist: the key ring cannot be read without it.");
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[CertificatePasswordSetting], X509KeyStorageFlags.EphemeralKeySet);
        if (!certificate.HasPrivateKey)
            throw new InvalidOperationException($"The certificate in {CertificatePathSetting} has no private key: the key ring could be written but never read.");
        return builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
    }
}
