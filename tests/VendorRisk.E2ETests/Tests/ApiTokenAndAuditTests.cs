using Microsoft.Playwright;
using VendorRisk.E2ETests.Infrastructure;
using VendorRisk.E2ETests.PageObjects;
using VendorRisk.Testing;

namespace VendorRisk.E2ETests.Tests;

/// <summary>
/// The API's front door in a browser: create a token, use it, read the reference; and the audit viewer's filters. Each test in a
/// copy of the demo organisation of its own.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ApiTokenAndAuditTests(PortalFixture portal)
{
    [Fact]
    public async Task An_admin_creates_a_token_copies_it_once_calls_the_api_with_it_and_reads_the_reference_without_leaving_the_app()
    {
        var org = await portal.Server.DemoOrganisationAsync();
        await using var admin = await portal.NewPersonAsync("admin", nameof(An_admin_creates_a_token_copies_it_once_calls_the_api_with_it_and_reads_the_reference_without_leaving_the_app));
        var foreign = new List<string>();
        admin.Page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(portal.Server.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal)
                && !request.Url.StartsWith("data:", StringComparison.Ordinal))
                foreign.Add(request.Url);
        };
        var signIn = new SignInPage(admin.Page);
        await signIn.OpenAsync();
        await signIn.SignInAsync(org.Member(Demo.Admin), org.Password);

        await admin.Page.Locator("#account-menu").ClickAsync();
        await admin.Page.GetByRole(AriaRole.Link, new() { Name = "API tokens" }).ClickAsync();
        await admin.Page.WaitForURLAsync($"**{org.Base}/tokens");
        await admin.SeeAsync("token list, empty");
        await admin.Page.GetByRole(AriaRole.Link, new() { Name = "Create a token" }).ClickAsync();
        await admin.Page.GetByLabel("Name").FillAsync("Quarterly board export");
        await admin.Page.GetByLabel("Read and write").CheckAsync();
        await admin.SeeAsync("create token form");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        await admin.Page.WaitForURLAsync($"**{org.Base}/tokens");

        var secret = await admin.Page.GetByLabel("Token", new() { Exact = true }).InputValueAsync();
        Assert.StartsWith("vrk_", secret, StringComparison.Ordinal);
        await admin.SeeAsync("new token shown once");

        using var api = new HttpClient { BaseAddress = portal.Server.BaseAddress };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        var vendors = await api.GetAsync(new Uri("/api/v1/vendors", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, vendors.StatusCode);
        Assert.Contains("Lumen AI Ltd", await vendors.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await admin.Page.ReloadAsync();
        Assert.Equal(0, await admin.Page.Locator("#new-token-value").CountAsync());
        await admin.Page.GetByRole(AriaRole.Link, new() { Name = "VendorRisk REST API" }).ClickAsync();
        await admin.Page.WaitForURLAsync("**/tokens/api-reference");
        Assert.True(await admin.Page.Locator("[data-operation='PUT /api/v1/vendors/{id}']").IsVisibleAsync());
        await admin.SeeAsync("api reference");
        Assert.Empty(foreign);
    }

    [Fact]
    public async Task An_auditor_finds_an_admins_token_creation_by_action_and_entity_id_and_sees_that_the_chain_is_intact()
    {
        const string test = nameof(An_auditor_finds_an_admins_token_creation_by_action_and_entity_id_and_sees_that_the_chain_is_intact);
        var org = await portal.Server.DemoOrganisationAsync();
        await using (var admin = await portal.NewPersonAsync("admin", test))
        {
            var adminSignIn = new SignInPage(admin.Page);
            await adminSignIn.OpenAsync();
            await adminSignIn.SignInAsync(org.Member(Demo.Admin), org.Password);
            await admin.GoToAsync($"{org.Base}/tokens/create");
            await admin.Page.GetByLabel("Name").FillAsync("Audit walk-through");
            await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
            await admin.Page.WaitForURLAsync($"**{org.Base}/tokens");
        }

        await using var auditor = await portal.NewPersonAsync("auditor", test);
        var signIn = new SignInPage(auditor.Page);
        await signIn.OpenAsync();
        await signIn.SignInAsync(org.Member(Demo.Auditor), org.Password);
        await auditor.GoToAsync($"{org.Base}/audit?action=api-token.created");
        Assert.Contains("intact", await auditor.Page.Locator("[data-testid=chain-status]").InnerTextAsync(), StringComparison.Ordinal);
        var entity = (await auditor.Page.Locator("tbody tr td:nth-child(6)").First.InnerTextAsync()).Trim();
        Assert.StartsWith("PersonalAccessToken ", entity, StringComparison.Ordinal);
        await auditor.SeeAsync("token creations");

        var id = entity[(entity.LastIndexOf(' ') + 1)..];
        await auditor.GoToAsync($"{org.Base}/audit");
        await auditor.Page.GetByLabel("Entity id").FillAsync(id);
        await auditor.Page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();
        await auditor.Page.WaitForURLAsync(url => url.Contains("entityId=" + id, StringComparison.OrdinalIgnoreCase));
        var entities = await auditor.Page.Locator("tbody tr td:nth-child(6)").AllInnerTextsAsync();
        Assert.NotEmpty(entities);
        Assert.All(entities, e => Assert.EndsWith(id, e.Trim(), StringComparison.Ordinal));
        await auditor.SeeAsync("filtered by entity id");
    }
}
