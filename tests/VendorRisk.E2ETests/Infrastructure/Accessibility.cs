using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace VendorRisk.E2ETests.Infrastructure;

public static partial class Accessibility
{
    private static readonly HashSet<string> FailingImpacts = new(StringComparer.OrdinalIgnoreCase) { "serious", "critical" };

    /// <summary>The page types checked in this run (process), shared by every test.</summary>
    private static readonly ConcurrentDictionary<string, bool> Checked = new(StringComparer.Ordinal);

    /// <summary>Runs axe-core on the page and fails on any serious or critical violation, naming rule, element and fix.</summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string where)
    {
        // Only the violations are read, so only they are reported in full (passes and the rest come back one node each).
        var result = await page.RunAxe(new AxeRunOptions { ResultTypes = [ResultType.Violations] });
        var failures = result.Violations
            .Where(v => v.Impact is not null && FailingImpacts.Contains(v.Impact))
            .SelectMany(v => v.Nodes.Select(n => $"  [{v.Impact}] {v.Id} at {n.Target}: {v.Help} ({v.HelpUrl})"))
            .ToList();
        Assert.True(failures.Count == 0,
            $"Accessibility violations on {page.Url} ({where}):{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    /// <summary>
    /// As <see cref="AssertNoSeriousViolationsAsync"/>, the first time a page of its type is seen in this run; later visits of
    /// the same type are not checked again. A page's type is its address with the values that name one record (ids, the
    /// organisation, dates, numbers, tokens) left out, whether it shows validation errors, and whether it is seen at phone width.
    /// </summary>
    public static async Task AssertNoSeriousViolationsOncePerPageTypeAsync(IPage page, string where)
    {
        var type = await PageTypeAsync(page);
        if (!Checked.TryAdd(type, true)) return;
        await AssertNoSeriousViolationsAsync(page, $"{where}; page type {type}");
    }

    /// <summary>E.g. <c>/t/{tenant}/vendors/details/{id}</c>, <c>/t/{tenant}/obligations?month={date}&amp;view=calendar #invalid @phone</c>.</summary>
    public static async Task<string> PageTypeAsync(IPage page)
    {
        var uri = new Uri(page.Url);
        var segments = uri.AbsolutePath.Split('/');
        for (var i = 0; i < segments.Length; i++)
            segments[i] = i > 0 && segments[i - 1] == "t" ? "{tenant}" : Placeholder(Uri.UnescapeDataString(segments[i]));
        var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(kv => kv[0] + "=" + (kv.Length > 1 ? Placeholder(Uri.UnescapeDataString(kv[1])) : ""))
            .Order(StringComparer.Ordinal).ToList();
        var type = string.Join('/', segments) + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        var invalid = await page.Locator(".field-validation-error, .validation-summary-errors, .input-validation-error").CountAsync() > 0;
        var phone = page.ViewportSize is { Width: <= 600 };
        return type + (invalid ? " #invalid" : "") + (phone ? " @phone" : "");
    }

    private static string Placeholder(string value) =>
        value.Length == 0 ? value
        : Guid.TryParse(value, out _) ? "{id}"
        : long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? "{n}"
        : DateLike().IsMatch(value) ? "{date}"
        : value.Length > 24 || value.Contains('@', StringComparison.Ordinal) ? "{value}"
        : value;

    [GeneratedRegex(@"^\d{4}-\d{2}(-\d{2})?$")]
    private static partial Regex DateLike();
}
