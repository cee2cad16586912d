using System.Text.RegularExpressions;

namespace VendorRisk.IntegrationTests.Infrastructure;

/// <summary>The links of an e-mail that do not start at the portal's public address (mailto: links aside).</summary>
public static partial class MailLinks
{
    public static IEnumerable<string> NotUnder(string publicBaseUrl, string html, string text)
    {
        var root = publicBaseUrl.TrimEnd('/') + "/";
        var hrefs = Href().Matches(html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups["url"].Value));
        var bare = Bare().Matches(text).Select(m => m.Value);
        return hrefs.Concat(bare)
            .Where(link => !link.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) && !link.StartsWith(root, StringComparison.Ordinal));
    }

    [GeneratedRegex("""href\s*=\s*["'](?<url>[^"']*)["']""", RegexOptions.IgnoreCase)]
    private static partial Regex Href();

    [GeneratedRegex("""https?://[^\s"'<>()\[\]]+""", RegexOptions.IgnoreCase)]
    private static partial Regex Bare();
}
