using Microsoft.Playwright;

namespace VendorRisk.E2ETests.PageObjects;

/// <summary>What every page object does: fill named fields, press buttons by their text, read field errors.</summary>
public abstract class PageObject(IPage page)
{
    protected IPage Page { get; } = page;

    protected ILocator Field(string name) => Page.Locator($"[name='{name}']");

    protected Task FillAsync(string name, string value) => Field(name).FillAsync(value);

    /// <summary>Presses the button and waits for the page it leads to (every form here posts and redirects or re-renders).</summary>
    protected async Task PressAsync(string buttonText)
    {
        // A click that starts a navigation returns once it has started; then wait for the new page to load.
        await Page.GetByRole(AriaRole.Button, new() { Name = buttonText, Exact = true }).ClickAsync();
        await Page.WaitForLoadStateAsync(LoadState.Load);
    }

    /// <summary>The message shown next to a field, or null.</summary>
    public async Task<string?> FieldErrorAsync(string name)
    {
        var message = Page.Locator($"[data-valmsg-for='{name}']");
        if (await message.CountAsync() == 0) return null;
        var text = (await message.First.InnerTextAsync()).Trim();
        return text.Length == 0 ? null : text;
    }
}
