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

    /// <summary>
    /// Signs in with the sign-in form's own POST from this person's browser context (the form's anti-forgery token, and the
    /// session cookie into the context's cookie jar), without the browser loading the form or the page it leads to: for journeys whose
    /// subject is not the sign-in itself (the form in a browser is <c>DemoRoleSignInTests</c>' and the two-factor and password
    /// journeys' subject). Fails unless the portal accepted the password and sent the person on (not back to a sign-in or
    /// two-factor page). Returns the path of the page the portal sends them to, e.g. <c>/portal</c> for a vendor contact; the
    /// browser's page stays where it was, so the next step navigates.
    /// </summary>
    public async Task<string> SignInAsync(string email, string password)
    {
        var form = await Context.APIRequest.GetAsync(PageObjects.SignInPage.Path);
        Assert.True(form.Ok, $"GET {PageObjects.SignInPage.Path} answered {form.Status}");
        var token = AntiForgeryToken().Match(await form.TextAsync());
        Assert.True(token.Success, "The sign-in form has no anti-forgery token.");
        var fields = Context.APIRequest.CreateFormData();
        fields.Set("Input.Email", email);
        fields.Set("Input.Password", password);
        fields.Set("__RequestVerificationToken", System.Net.WebUtility.HtmlDecode(token.Groups[1].Value));
        // The redirects are followed as a browser would (e.g. /tenants on to /portal for a vendor contact): the landing page is
        // rendered by the portal once, but not loaded, laid out or scripted in the browser.
        var response = await Context.APIRequest.PostAsync(PageObjects.SignInPage.Path, new() { Form = fields });
        var landing = new Uri(response.Url).PathAndQuery;
        Assert.True(response.Ok && !landing.StartsWith("/account/", StringComparison.OrdinalIgnoreCase),
            $"Signing in as {email} ended on {landing} ({response.Status})");
        return landing;
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

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*?value=\"([^\"]+)\"")]
    private static partial Regex AntiForgeryToken();

    [GeneratedRegex("[^A-Za-z0-9]+")]
    private static partial Regex NonWord();
}
