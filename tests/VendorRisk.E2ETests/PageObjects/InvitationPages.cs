using Microsoft.Playwright;

namespace VendorRisk.E2ETests.PageObjects;

/// <summary>/t/{tenant}/admin/users: the admin's list of people, with the invitation form.</summary>
public sealed class UsersAdminPage(IPage page) : PageObject(page)
{
    public static string PathFor(string slug) => $"/t/{slug}/admin/users";

    public async Task InviteAsync(string email, string role)
    {
        await FillAsync("Invite.Email", email);
        await Field("Invite.Role").SelectOptionAsync(role);
        await PressAsync("Send invitation");
    }
}

/// <summary>/invitations/accept?token=...: the invitee creates their account and joins.</summary>
public sealed class AcceptInvitationPage(IPage page) : PageObject(page)
{
    public async Task CreateAccountAndJoinAsync(string displayName, string password)
    {
        await FillAsync("Input.DisplayName", displayName);
        await FillAsync("Input.Password", password);
        await PressAsync("Create account and join");
    }
}

/// <summary>/account/manage/enable-authenticator: the key to add to an authenticator app, and the first code.</summary>
public sealed class EnableAuthenticatorPage(IPage page) : PageObject(page)
{
    public const string Path = "/account/manage/enable-authenticator";

    /// <summary>The shared key as the page shows it to type in (spaces and case do not matter to Base32 readers).</summary>
    public async Task<string> KeyAsync()
    {
        var key = await Page.Locator("[data-testid=authenticator-key]").GetAttributeAsync("data-key")
            ?? throw new InvalidOperationException("The authenticator key element has no data-key.");
        return key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
    }

    public async Task VerifyAsync(string code)
    {
        await FillAsync("Input.Code", code);
        await PressAsync("Verify and enable");
    }
}
