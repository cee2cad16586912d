using System.Text.RegularExpressions;
using VendorRisk.Domain.Common;

namespace VendorRisk.Domain.Tenancy;

/// <summary>A buying organisation. Everything it owns carries its id.</summary>
public sealed partial class Tenant
{
    public const int SlugMaxLength = 40;
    public const int NameMaxLength = 120;

    private Tenant() { }

    public Guid Id { get; private set; }
    public string Slug { get; private set; } = "";
    public string Name { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    public static Tenant Create(string slug, string name, DateTimeOffset now)
    {
        var error = ValidateSlug(slug);
        if (error is not null) throw new DomainException(error);
        if (string.IsNullOrWhiteSpace(name) || name.Length > NameMaxLength)
            throw new DomainException($"The organisation name must have 1 to {NameMaxLength} characters.");
        return new Tenant { Id = Ids.New(), Slug = slug, Name = name.Trim(), CreatedAt = now };
    }

    /// <summary>Slugs appear in URLs: lower-case letters, digits and single hyphens.</summary>
    public static string? ValidateSlug(string? slug)
    {
        if (string.IsNullOrEmpty(slug)) return "Choose a short name for the address of your organisation.";
        if (slug.Length is < 3 or > SlugMaxLength) return $"The short name must have 3 to {SlugMaxLength} characters.";
        if (!SlugPattern().IsMatch(slug))
            return "Use lower-case letters, digits and single hyphens, starting and ending with a letter or digit.";
        if (ReservedSlugs.Contains(slug)) return "This short name is reserved. Choose another.";
        return null;
    }

    private static readonly HashSet<string> ReservedSlugs = ["admin", "api", "ops", "account", "portal", "www", "app", "health"];

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}
