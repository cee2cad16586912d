using System.IO.Compression;
using Microsoft.AspNetCore.Identity;
using VendorRisk.Infrastructure.Identity;

namespace VendorRisk.Web.Security;

/// <summary>
/// Refuses passwords that are long enough but guessed first by every attacker (ASVS 5.0 6.2.4): a short list of our own, the entries
/// of 12 characters or more of zxcvbn's common-password list (MIT) and the 10,000 most common of 12 characters or more of SecLists'
/// top million (CC BY-SA 3.0), embedded from <c>Security/CommonPasswords/</c> (sources in its NOTICE.md). Compared without regard
/// to case. Passwords built on the person's or organisation's names are refused by the context-word validator (ADR-048).
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    public const string Message = "This password is too easy to guess. Choose a longer phrase that is not a common password.";

    private static readonly HashSet<string> Common = Load();

    /// <summary>Every password refused as common (for the documentation's count and its test).</summary>
    internal static IReadOnlyCollection<string> Passwords => Common;

    private static HashSet<string> Load()
    {
        var common = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "password1234", "password12345", "password123456", "passwordpassword", "123456789012", "1234567890123",
            "qwertyuiop12", "qwertyuiopas", "iloveyou1234", "letmein12345", "welcome12345", "administrator",
            "changeme1234", "vendorrisk123", "vendorrisk1234", "aaaaaaaaaaaa", "abcdefghijkl", "abc123abc123",
            "passw0rd1234", "p@ssw0rd1234", "football1234", "baseball1234", "monkey123456", "sunshine1234",
        };
        using (var zxcvbn = Resource("VendorRisk.CommonPasswords.txt")) Read(zxcvbn, common);
        using (var secLists = new GZipStream(Resource("VendorRisk.CommonPasswords.SecLists.txt.gz"), CompressionMode.Decompress)) Read(secLists, common);
        return common;
    }

    private static Stream Resource(string name) =>
        typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The common-password list {name} is not embedded in the assembly.");

    private static void Read(Stream stream, HashSet<string> into)
    {
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#')) into.Add(line);
        }
    }

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password) =>
        Task.FromResult(password is not null && Common.Contains(password)
            ? IdentityResult.Failed(new IdentityError { Code = "CommonPassword", Description = Message })
            : IdentityResult.Success);
}
