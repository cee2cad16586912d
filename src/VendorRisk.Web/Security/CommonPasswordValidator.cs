using Microsoft.AspNetCore.Identity;
using VendorRisk.Infrastructure.Identity;

namespace VendorRisk.Web.Security;

/// <summary>
/// Refuses passwords that are long enough but guessed first by every attacker: a short list of our own, and the entries of 12 characters
/// or more of zxcvbn's common-password list (<c>Security/CommonPasswords/common-passwords.txt</c>, MIT, embedded).
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    private static readonly HashSet<string> Common = new(ReadEmbeddedList(), StringComparer.OrdinalIgnoreCase)
    {
        "password1234", "password12345", "password123456", "passwordpassword", "123456789012", "1234567890123",
        "qwertyuiop12", "qwertyuiopas", "iloveyou1234", "letmein12345", "welcome12345", "administrator",
        "changeme1234", "vendorrisk123", "vendorrisk1234", "aaaaaaaaaaaa", "abcdefghijkl", "abc123abc123",
        "passw0rd1234", "p@ssw0rd1234", "football1234", "baseball1234", "monkey123456", "sunshine1234",
    };

    private static List<string> ReadEmbeddedList()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("VendorRisk.CommonPasswords.txt")
            ?? throw new InvalidOperationException("The common-password list is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        var passwords = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#')) passwords.Add(line);
        }
        return passwords;
    }

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (password is null) return Task.FromResult(IdentityResult.Success);
        var tooCommon = Common.Contains(password)
            || (user.Email?.Split('@')[0] is { Length: >= 4 } localPart
                && password.Contains(localPart, StringComparison.OrdinalIgnoreCase) && password.Length < 20);
        return Task.FromResult(tooCommon
            ? IdentityResult.Failed(new IdentityError { Code = "CommonPassword", Description = "This password is too easy to guess. Choose a longer phrase that is not based on your e-mail." })
            : IdentityResult.Success);
    }
}
