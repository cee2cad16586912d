using Microsoft.Playwright;

namespace VendorRisk.E2ETests.PageObjects;

/// <summary>/account/login</summary>
public sealed class SignInPage(IPage page) : PageObject(page)
{
    public const string Path = "/account/login";

    public async Task OpenAsync() => await Page.GotoAsync(Path);

    public async Task SignInAsync(string email, string password)
    {
        await FillAsync("Input.Email", email);
        await FillAsync("Input.Password", password);
        await PressAsync("Sign in");
    }
}

/// <summary>/account/two-factor-login: the second step of a sign-in with an authenticator app.</summary>
public sealed class TwoFactorSignInPage(IPage page) : PageObject(page)
{
    public const string Path = "/account/two-factor-login";

    public async Task VerifyAsync(string code)
    {
        await FillAsync("Input.TwoFactorCode", code);
        await PressAsync("Verify");
    }
}
