using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace VendorRisk.Infrastructure.Audit;

/// <summary>
/// One checkpoint signing key of the portal's history (ADR-042): its id (<see cref="AuditKeyRing.Fingerprint"/> of its public key),
/// its public key, and, for every key after the first, the rotation statement (<see cref="Statement"/>) signed by the key before it
/// (<paramref name="Endorsement"/>) and by itself (<paramref name="Acceptance"/>). Whoever trusts one key of the history can so
/// follow it to every other, forwards and backwards, with no secret: the portal does so, and so does <c>tools/verify-audit.cs</c>
/// with the same text.
/// </summary>
public sealed record AuditSigner(string Id, string PublicKeyPem, DateTimeOffset? Since, string? Previous, string? Endorsement, string? Acceptance)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>What both signatures of a rotation cover.</summary>
    public static string Statement(string previous, string id, string publicKeyPem, DateTimeOffset since)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(publicKeyPem);
        return $"vendorrisk-audit-signer/1|{previous}|{id}|{Convert.ToBase64String(key.ExportSubjectPublicKeyInfo())}|{since.UtcTicks.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// The entries of <paramref name="history"/> (oldest first) that verify: the first key as it stands, then each whose id is its
    /// public key's fingerprint and whose statement is signed by its verified predecessor and by itself.
    /// </summary>
    public static IReadOnlyList<AuditSigner> Verified(IReadOnlyList<AuditSigner> history)
    {
        var accepted = new List<AuditSigner>();
        foreach (var signer in history)
        {
            try
            {
                using var key = ECDsa.Create();
                key.ImportFromPem(signer.PublicKeyPem);
                if (AuditKeyRing.Fingerprint(key.ExportSubjectPublicKeyInfo()) != signer.Id) continue;
                if (signer.Previous is null)
                {
                    if (accepted.Count == 0) accepted.Add(signer);
                    continue;
                }
                // One successor per key, the first the rotation command appended: a later one is a fork made with a stolen retired key.
                if (accepted.Any(a => a.Previous == signer.Previous)) continue;
                if (accepted.FirstOrDefault(a => a.Id == signer.Previous) is not { } previous
                    || signer.Since is not { } since || signer.Endorsement is null || signer.Acceptance is null) continue;
                using var previousKey = ECDsa.Create();
                previousKey.ImportFromPem(previous.PublicKeyPem);
                var statement = Encoding.UTF8.GetBytes(Statement(previous.Id, signer.Id, signer.PublicKeyPem, since));
                if (previousKey.VerifyData(statement, Convert.FromBase64String(signer.Endorsement), HashAlgorithmName.SHA256)
                    && key.VerifyData(statement, Convert.FromBase64String(signer.Acceptance), HashAlgorithmName.SHA256))
                    accepted.Add(signer);
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException or FormatException)
            {
                // Not a key or not a signature: left out.
            }
        }
        return accepted;
    }
}
