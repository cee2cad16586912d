using Microsoft.Playwright;

namespace VendorRisk.E2ETests.PageObjects;

/// <summary>The header every page shares: role navigation and the account menu.</summary>
public sealed class Shell(IPage page) : PageObject(page)
{
    public async Task SignOutAsync()
    {
        await Page.Locator("#account-menu").ClickAsync();
        await PressAsync("Sign out");
    }
}
