namespace VendorRisk.Application.Common;

/// <summary>Text search with SQL LIKE: a search for "50%" means the characters, not a wildcard.</summary>
public static class Like
{
    public const string EscapeCharacter = "\\";

    public static string Escape(string term) =>
        term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
