using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace VendorRisk.Domain.Questionnaires.Import;

/// <summary>A text read from an imported file: <see cref="Plain"/> without markup, and <see cref="Html"/> as safe markup when it had any.</summary>
public sealed record RichText(string Plain, string? Html);

/// <summary>
/// Reads the limited HTML of imported questionnaires (VSAQ's <c>&lt;b&gt;</c>, <c>&lt;i&gt;</c>, <c>&lt;a&gt;</c>, lists, paragraphs, entities).
/// The application's reader sanitises with HtmlSanitizer (Infrastructure, ADR-033); <see cref="PlainMarkup"/> only strips tags.
/// </summary>
public interface IMarkupReader
{
    RichText Read(string text);
}

/// <summary>Tags stripped (block ends become line breaks, list items bullets), entities decoded, no markup kept.</summary>
public sealed partial class PlainMarkup : IMarkupReader
{
    public static readonly PlainMarkup Instance = new();

    [GeneratedRegex(@"<\s*(/?)\s*([a-zA-Z0-9]*)[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    public static bool HasMarkup(string text) => text.Contains('<', StringComparison.Ordinal) || text.Contains('&', StringComparison.Ordinal);

    public RichText Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return HasMarkup(text) ? new RichText(ToPlain(text), null) : new RichText(text, null);
    }

    public static string ToPlain(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var replaced = Tag().Replace(html, m => (m.Groups[1].Value, m.Groups[2].Value.ToLowerInvariant()) switch
        {
            ("", "li") => "\n• ",
            ("", "br") => "\n",
            ("/", "p" or "ul" or "ol" or "li" or "div") or ("", "p" or "ul" or "ol" or "div") => "\n",
            _ => "",
        });
        return Normalise(WebUtility.HtmlDecode(replaced));
    }

    /// <summary>Spaces collapsed within lines, blank lines dropped, trimmed.</summary>
    public static string Normalise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n')
            .Select(l => string.Join(' ', l.Split([' ', '\t', '\u00a0'], StringSplitOptions.RemoveEmptyEntries)))
            .Where(l => l.Length > 0);
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            if (builder.Length > 0) builder.Append('\n');
            builder.Append(line);
        }

        return builder.ToString();
    }
}
