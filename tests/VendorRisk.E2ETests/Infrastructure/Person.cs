using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace VendorRisk.E2ETests.Infrastructure;

/// <summary>
/// Someone using the portal in a browser context of their own. <see cref="SeeAsync"/> records each page they
/// reach: a full-page screenshot, and an accessibility check the first time a page of its type is seen in the run.
/// </summary>
public sealed partial class Person(string name, string testName, IBrowserContext context, IPage page) : IAsyncDisposable
{
    private int _step;

    public string Name { get; } = name;

    public IPage Page { get; } = page;

    public IBrowserContext Context { get; } = context;

    /// <summary>The path and query of the current page, e.g. <c>/t/acme/dashboard</c>.</summary>
    public string Path => new Uri(Page.Url).PathAndQuery;

    /// <summary>
    /// Screenshot of the page as it is now, then axe-core over it (fails on serious or critical findings) unless a page of its
    /// type was checked already in this run (see <see cref="Accessibility.AssertNoSeriousViolationsOncePerPageTypeAsync"/>).
    /// </summary>
    public async Task SeeAsync(string step)
    {
        await Page.WaitForLoadStateAsync(LoadState.Load);
        _step++;
        var file = $"{Slug(testName)}-{Slug(Name)}-{_step.ToString("00", CultureInfo.InvariantCulture)}-{Slug(step)}.png";
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(TestOutput.Screenshots, file), FullPage = true });
        await Accessibility.AssertNoSeriousViolationsOncePerPageTypeAsync(Page, $"{Name}: {step}");
    }

    public async Task GoToAsync(string path)
    {
        var response = await Page.GotoAsync(path);
        Assert.True(response is { Ok: true }, $"GET {path} answered {response?.Status}");
    }

    /// <summary>The labels of the role navigation links in the header.</summary>
    public async Task<IReadOnlyList<string>> RoleNavigationAsync() =>
        (await Page.Locator("[data-testid=role-nav] a").AllInnerTextsAsync()).Select(t => t.Trim()).ToList();

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();

    private static string Slug(string text) => NonWord().Replace(text, "-").Trim('-').ToLowerInvariant();

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex NonWord();
}
