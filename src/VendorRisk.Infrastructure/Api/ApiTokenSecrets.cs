using System.Security.Cryptography;
using System.Text;

namespace VendorRisk.Infrastructure.Api;

/// <summary>
/// Makes and hashes personal access token secrets: <c>vrk_</c> and 43 base64url characters (256 random bits). The
/// prefix lets secret scanners and people recognise a leaked token; only the SHA-256 hash is stored. A plain hash
/// (no salt, no slow KDF) is right here: the secret has full entropy, so it cannot be guessed from its hash.
/// </summary>
public static class ApiTokenSecrets
{
    public const string Prefix = "vrk_";
    private const int SecretBytes = 32;
    private static readonly System.Buffers.SearchValues<char> Base64UrlChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
    /// <summary>Longer header values are refused before hashing.</summary>
    public const int MaxLength = 100;

    public static string NewSecret() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Whether a value has the shape of one of our tokens (it may still be unknown).</summary>
    public static bool LooksLikeToken(string? value) =>
        value is { Length: > 4 and <= MaxLength } && value.StartsWith(Prefix, StringComparison.Ordinal)
        && value.AsSpan(Prefix.Length).IndexOfAnyExcept(Base64UrlChars) < 0;

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
