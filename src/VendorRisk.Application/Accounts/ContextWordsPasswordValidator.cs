using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using VendorRisk.Application.Tenancy;
using VendorRisk.Infrastructure.Identity;

namespace VendorRisk.Application.Accounts;

/// <summary>
/// Refuses a password built on words an attacker tries first for this person (ASVS 5.0 6.1.2 and 6.2.11, ADR-048): the product's
/// name, the person's name, their e-mail address (local part and its pieces, the domain's first label), and the names and short
/// names of their organisations (and of the one a sign-up or invitation is creating or joining, <see cref="PasswordContext"/>).
/// Words are compared on letters and digits only, without regard to case or accents; words under 4 characters are ignored.
/// A password that contains such a word is refused when what is left without it has fewer than 12 letters and digits: the word
/// does not count towards the minimum length, so "AcmeHealth2024!" is refused and a long phrase that merely mentions it is not.
/// </summary>
public sealed class ContextWordsPasswordValidator(TenantDoor door, PasswordContext context) : IPasswordValidator<AppUser>
{
    public const string Code = "ContextWordPassword";
    public const string Message =
        "This password is too easy to guess: it is built on your name, your e-mail, your organisation's name or the name of this product. Choose a longer phrase of your own.";

    /// <summary>The product's name as the pages and e-mails write it ("Vendor Risk", "vendor-risk" fold to the same word).</summary>
    public static readonly IReadOnlyList<string> ProductWords = ["VendorRisk"];

    private const int MinimumWordLength = 4;
    private const int MinimumRemainder = 12;

    public async Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (string.IsNullOrEmpty(password)) return IdentityResult.Success;
        var words = new List<string>(ProductWords);
        words.AddRange(PersonWords(user));
        words.AddRange(context.OrganisationNames.SelectMany(NameWords));
        if (user.Id != Guid.Empty)
        {
            foreach (var membership in await door.MembershipsOfAsync(user.Id, CancellationToken.None))
            {
                words.AddRange(NameWords(membership.TenantName));
                words.AddRange(NameWords(membership.Slug));
            }
        }
        return IsBuiltOn(password, words)
            ? IdentityResult.Failed(new IdentityError { Code = Code, Description = Message })
            : IdentityResult.Success;
    }

    /// <summary>True when <paramref name="password"/> without every context word it contains has fewer than 12 letters and digits.</summary>
    public static bool IsBuiltOn(string password, IEnumerable<string> words)
    {
        var rest = Fold(password);
        var found = false;
        foreach (var word in words.Select(Fold).Where(w => w.Length >= MinimumWordLength).Distinct().OrderByDescending(w => w.Length))
        {
            if (!rest.Contains(word, StringComparison.Ordinal)) continue;
            found = true;
            rest = rest.Replace(word, "", StringComparison.Ordinal);
        }
        return found && rest.Length < MinimumRemainder;
    }

    private static IEnumerable<string> PersonWords(AppUser user)
    {
        foreach (var word in NameWords(user.DisplayName)) yield return word;
        var email = user.Email ?? user.UserName ?? "";
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0) yield break;
        foreach (var word in NameWords(email[..at])) yield return word;
        var domain = email[(at + 1)..].Split('.')[0];
        yield return domain;
    }

    /// <summary>A name whole and each of its words ("Acme Health Ltd" → acmehealthltd, acme, health, ltd).</summary>
    private static IEnumerable<string> NameWords(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) yield break;
        yield return name;
        foreach (var part in name.Split([' ', '.', '-', '_', '+', '\'', '&', ',', '(', ')', '/'], StringSplitOptions.RemoveEmptyEntries))
            yield return part;
    }

    /// <summary>Letters and digits only, lower case, accents removed: "Zoë-Müller 2024!" → "zoemuller2024".</summary>
    private static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsLetterOrDigit(c)) builder.Append(char.ToLowerInvariant(c));
        }
        return builder.ToString();
    }
}
