using Microsoft.Playwright;
using VendorRisk.E2ETests.Infrastructure;
using VendorRisk.E2ETests.PageObjects;

namespace VendorRisk.E2ETests.Tests;

/// <summary>
/// Issue 7's portfolio walk: the demo manager goes from the dashboard's heat map to a vendor's risk profile, its control
/// coverage and the assessment report, taking the PDF away. Every step is screenshotted and checked by axe.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortfolioWalkTests(PortalFixture portal)
{
    [Fact]
    public async Task The_manager_walks_from_a_heat_map_cell_to_a_vendors_profile_coverage_and_report_download()
    {
        await using var manager = await portal.NewPersonAsync("manager", nameof(The_manager_walks_from_a_heat_map_cell_to_a_vendors_profile_coverage_and_report_download));
        var signIn = new SignInPage(manager.Page);
        await signIn.OpenAsync();
        await signIn.SignInAsync(Demo.Manager, Demo.Password);
        Assert.Equal($"/t/{Demo.TenantSlug}/dashboard", manager.Path);
        await manager.SeeAsync("walk 1 dashboard");

        // Demo data: Quill Analytics GmbH is rated likelihood 3 x impact 4.
        await manager.Page.Locator("a[data-testid='heat-link-3-4']").ClickAsync();
        await manager.Page.WaitForURLAsync($"**/t/{Demo.TenantSlug}/vendors?likelihood=3&impact=4");
        await manager.SeeAsync("walk 2 vendors in heat map cell");

        await manager.Page.GetByRole(AriaRole.Link, new() { Name = "Risk profile of Quill Analytics GmbH", Exact = true }).ClickAsync();
        await manager.Page.WaitForURLAsync($"**/t/{Demo.TenantSlug}/risk-profile/*");
        await Assertions.Expect(manager.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Risk profile: Quill Analytics GmbH");
        await Assertions.Expect(manager.Page.Locator("[data-testid=profile-decision]")).ToContainTextAsync("approved with conditions");
        await Assertions.Expect(manager.Page.Locator("[data-testid=profile-residual]")).ToContainTextAsync("likelihood 3 x impact 4");
        await manager.SeeAsync("walk 3 risk profile");

        await manager.Page.Locator("a[data-testid=profile-coverage-link]").ClickAsync();
        await manager.Page.WaitForURLAsync($"**/t/{Demo.TenantSlug}/coverage/vendor/*");
        await Assertions.Expect(manager.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Control coverage: Quill Analytics GmbH");
        // Counts per framework lead; each framework's controls unfold from its heading.
        await Assertions.Expect(manager.Page.Locator("[data-testid=coverage-frameworks] tr[data-framework='iso27001:2022']")).ToBeVisibleAsync();
        var supplierControl = manager.Page.Locator("tr[data-control='iso27001:2022:A.5.19']");
        await Assertions.Expect(supplierControl).ToBeHiddenAsync();
        await manager.Page.Locator("details#fw-iso27001-2022 > summary").ClickAsync();
        await Assertions.Expect(supplierControl).ToBeVisibleAsync();
        await manager.SeeAsync("walk 4 vendor coverage");

        var download = await manager.Page.RunAndWaitForDownloadAsync(() =>
            manager.Page.GetByRole(AriaRole.Link, new() { Name = "Download the assessment report (PDF)" }).ClickAsync());
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path!);
        Assert.True(bytes.Length > 1000, $"the report has {bytes.Length} bytes");
        Assert.Equal("%PDF"u8.ToArray(), bytes[..4]);
        Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);

        await manager.GoToAsync($"/t/{Demo.TenantSlug}/coverage");
        await Assertions.Expect(manager.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Control coverage");
        await manager.SeeAsync("walk 5 portfolio coverage");
    }
}
