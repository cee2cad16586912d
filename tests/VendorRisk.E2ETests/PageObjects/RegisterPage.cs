using Microsoft.Playwright;

namespace VendorRisk.E2ETests.PageObjects;

/// <summary>/account/register: sign-up of a new organisation and its first admin.</summary>
public sealed class RegisterPage(IPage page) : PageObject(page)
{
    public const string Path = "/account/register";

    public async Task OpenAsync() => await Page.GotoAsync(Path);

    public async Task CreateOrganisationAsync(string organisationName, string slug, string displayName, string email, string password)
    {
        await FillAsync("Input.OrganisationName", organisationName);
        await FillAsync("Input.Slug", slug);
        await FillAsync("Input.DisplayName", displayName);
        await FillAsync("Input.Email", email);
        await FillAsync("Input.Password", password);
        await PressAsync("Create organisation");
    }
}
