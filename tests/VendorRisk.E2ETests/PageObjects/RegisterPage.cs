using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VendorRisk.E2ETests.Infrastructure;

namespace VendorRisk.E2ETests.PageObjects;

/// <summary>
/// /account/register: sign-up of a new organisation and its first admin, in two steps (ADR-037): the form mails a link, the link's
/// page (/account/complete-sign-up) takes the password and creates the organisation.
/// </summary>
public sealed partial class RegisterPage(IPage page) : PageObject(page)
{
    public const string Path = "/account/register";

    public async Task OpenAsync() => await Page.GotoAsync(Path);

    /// <summary>Fills and sends the first step.</summary>
    public async Task RequestAsync(string organisationName, string slug, string displayName, string email)
    {
        await FillAsync("Input.OrganisationName", organisationName);
        await FillAsync("Input.Slug", slug);
        await FillAsync("Input.DisplayName", displayName);
        await FillAsync("Input.Email", email);
        await PressAsync("Send me the link");
    }

    /// <summary>The path of the link in the newest sign-up mail to <paramref name="email"/> (on this test's server, whatever host it names).</summary>
    public static async Task<string> LinkAsync(PortalServer server, string email)
    {
        var mail = await server.FindMailAsync(email, "sign-up");
        Assert.NotNull(mail);
        var link = SignUpLink().Match(mail.TextBody + " " + mail.HtmlBody);
        Assert.True(link.Success, $"No /account/complete-sign-up link in the mail:{Environment.NewLine}{mail.TextBody}");
        return System.Net.WebUtility.HtmlDecode(link.Groups["path"].Value);
    }

    /// <summary>On the link's page: chooses the password and creates the organisation.</summary>
    public async Task CompleteAsync(string password)
    {
        await FillAsync("Input.Password", password);
        await PressAsync("Create organisation");
    }

    /// <summary>Both steps, the mail read in between, as a person with the mailbox would.</summary>
    public async Task CreateOrganisationAsync(PortalServer server, string organisationName, string slug, string displayName, string email, string password)
    {
        await RequestAsync(organisationName, slug, displayName, email);
        await Page.Locator("[data-testid=sign-up-sent]").WaitForAsync();
        await Page.GotoAsync(await LinkAsync(server, email));
        await CompleteAsync(password);
    }

    [GeneratedRegex(@"(?<path>/account/complete-sign-up\?code=[^\s""'<>]+)")]
    private static partial Regex SignUpLink();
}
