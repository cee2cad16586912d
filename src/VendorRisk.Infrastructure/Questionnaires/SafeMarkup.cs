using System.Collections.Concurrent;
using AngleSharp.Html.Parser;
using Ganss.Xss;
using VendorRisk.Domain.Questionnaires.Import;

namespace VendorRisk.Infrastructure.Questionnaires;

/// <summary>
/// The limited HTML of imported questionnaires (VSAQ: bold, italic, links, line breaks, paragraphs, lists, code), made safe with
/// HtmlSanitizer (ADR-033): only those elements, links only to http, https and mailto addresses (opening in a new tab, without the
/// opener or referrer), no attributes, styles, scripts or event handlers. The importer keeps the sanitised markup beside a plain
/// text; the vendor portal sanitises the markup again when it renders it, so a definition edited by hand cannot smuggle any in.
/// </summary>
public sealed class SafeMarkup : IMarkupReader
{
    private const int CacheLimit = 4096;

    private static readonly string[] InlineTags = ["a", "b", "strong", "i", "em", "u", "br", "code", "sub", "sup"];
    private static readonly string[] Tags = [.. InlineTags, "p", "ul", "ol", "li", "pre"];

    private readonly HtmlSanitizer _sanitizer = Create(Tags);
    private readonly HtmlSanitizer _inline = Create(InlineTags);
    private readonly HtmlParser _parser = new();
    private readonly ConcurrentDictionary<string, string> _cache = new(StringComparer.Ordinal);

    private static HtmlSanitizer Create(string[] tags)
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(tags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
        };
        // A removed tag keeps its text (a <span> or <font> around words), except elements whose content is code or hidden matter.
        var sanitizer = new HtmlSanitizer(options) { KeepChildNodes = true };
        sanitizer.RemovingTag += (_, e) =>
        {
            if (e.Tag.LocalName is "script" or "style" or "template" or "iframe" or "object" or "embed" or "noscript" or "svg" or "math" or "textarea" or "select")
                e.Tag.InnerHtml = "";
        };
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { LocalName: "a" } link)
            {
                link.SetAttribute("rel", "noopener noreferrer nofollow");
                link.SetAttribute("target", "_blank");
            }
        };
        return sanitizer;
    }

    /// <summary>Safe markup for <paramref name="html"/>: what may stay stays, everything else is dropped (its text kept).</summary>
    public string Sanitize(string html) => Cached("block:", html, _sanitizer);

    /// <summary>
    /// Safe markup with inline elements only (paragraphs and lists dropped, their text kept), for a question's label or legend, where
    /// block elements are not allowed.
    /// </summary>
    public string SanitizeInline(string html) => Cached("inline:", html, _inline);

    private string Cached(string kind, string html, HtmlSanitizer sanitizer)
    {
        ArgumentNullException.ThrowIfNull(html);
        var key = kind + html;
        if (_cache.TryGetValue(key, out var cached)) return cached;
        var safe = sanitizer.Sanitize(html);
        if (_cache.Count < CacheLimit) _cache.TryAdd(key, safe);
        return safe;
    }

    /// <summary>The text without markup (sanitised first, then read as a document) and the safe markup, or none when it has no tags.</summary>
    public RichText Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!PlainMarkup.HasMarkup(text)) return new RichText(text, null);
        var safe = Sanitize(text);
        var plain = PlainMarkup.ToPlain(safe);
        var document = _parser.ParseDocument("<body>" + safe + "</body>");
        var hasElements = document.Body?.Children.Length > 0;
        return new RichText(plain, hasElements ? safe : null);
    }
}
