using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace VendorRisk.E2ETests.Infrastructure;

public static class Accessibility
{
    private static readonly HashSet<string> FailingImpacts = new(StringComparer.OrdinalIgnoreCase) { "serious", "critical" };

    /// <summary>Runs axe-core on the page and fails on any serious or critical violation, naming rule, element and fix.</summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page, string where)
    {
        var result = await page.RunAxe();
        var failures = result.Violations
            .Where(v => v.Impact is not null && FailingImpacts.Contains(v.Impact))
            .SelectMany(v => v.Nodes.Select(n => $"  [{v.Impact}] {v.Id} at {n.Target}: {v.Help} ({v.HelpUrl})"))
            .ToList();
        Assert.True(failures.Count == 0,
            $"Accessibility violations on {page.Url} ({where}):{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }
}
