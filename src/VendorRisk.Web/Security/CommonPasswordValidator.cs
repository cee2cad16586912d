using Microsoft.AspNetCore.Identity;
using VendorRisk.Infrastructure.Identity;

namespace VendorRisk.Web.Security;

/// <summary>Refuses passwords that are long enough but guessed first by every attacker.</summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "password1234", "password12345", "password123456", "passwordpassword", "123456789012", "1234567890123",
        "qwertyuiop12", "qwertyuiopas", "iloveyou1234", "letmein12345", "welcome12345", "administrator",
        "changeme1234", "vendorrisk123", "vendorrisk1234", "aaaaaaaaaaaa", "abcdefghijkl", "abc123abc123",
        "passw0rd1234", "p@ssw0rd1234", "football1234", "baseball1234", "monkey123456", "sunshine1234",
    };

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
