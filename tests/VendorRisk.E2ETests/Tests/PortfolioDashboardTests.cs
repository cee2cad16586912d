using Microsoft.Playwright;
using VendorRisk.E2ETests.Infrastructure;
using VendorRisk.E2ETests.PageObjects;

namespace VendorRisk.E2ETests.Tests;

/// <summary>The demo manager reads the portfolio dashboard at desktop and phone width and drills into a heat-map cell.</summary>
[Collection(SecondPortalCollection.Name)]
public sealed class PortfolioDashboardTests(PortalFixture portal)
{
    [Fact]
    public async Task The_manager_reads_the_dashboard_at_both_widths_and_a_heat_map_cell_opens_its_vendors()
    {
        await using var manager = await portal.NewPersonAsync("manager", nameof(The_manager_reads_the_dashboard_at_both_widths_and_a_heat_map_cell_opens_its_vendors));
        var signIn = new SignInPage(manager.Page);
        await signIn.OpenAsync();
        await signIn.SignInAsync(Demo.Manager, Demo.Password);
        Assert.Equal($"/t/{Demo.TenantSlug}/dashboard", manager.Path);

        await Assertions.Expect(manager.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Portfolio dashboard");
        await Assertions.Expect(manager.Page.Locator("[data-testid=vendor-count]")).ToHaveTextAsync("4");
        // Demo data: Quill rated 3 x 4 (approved with conditions), Tern now 2 x 2 after an earlier 4 x 4 rejection.
        await Assertions.Expect(manager.Page.Locator("[data-testid=rated-vendors]")).ToHaveTextAsync("2");
        await Assertions.Expect(manager.Page.Locator("[data-testid='heat-3-4']")).ToHaveTextAsync("1");
        await Assertions.Expect(manager.Page.Locator("[data-testid=expiring-row]")).ToContainTextAsync("Quill Analytics GmbH");
        await manager.SeeAsync("dashboard desktop");

        await manager.Page.SetViewportSizeAsync(390, 844);
        // Nothing on a phone scrolls sideways: not the page, not the expiring decisions' table.
        Assert.False(await manager.Page.Locator("[data-testid=expiring]").EvaluateAsync<bool>("t => t.parentElement.scrollWidth > t.parentElement.clientWidth"),
            "The expiring decisions' table scrolls sideways at 390 px.");
        Assert.False(await manager.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth"),
            "The dashboard scrolls sideways at 390 px.");
        await manager.SeeAsync("dashboard narrow");
        await manager.Page.SetViewportSizeAsync(1280, 800);

        await manager.Page.Locator("a[data-testid='heat-link-3-4']").ClickAsync();
        await manager.Page.WaitForURLAsync($"**/t/{Demo.TenantSlug}/vendors?likelihood=3&impact=4");
        await Assertions.Expect(manager.Page.Locator("[data-testid=filter-chip]")).ToContainTextAsync("Filtered by residual risk 3 x 4 (high)");
        var names = await manager.Page.Locator("main table tbody tr td:first-child a").AllInnerTextsAsync();
        Assert.Equal(["Quill Analytics GmbH"], names);
        await manager.SeeAsync("vendors in heat map cell");

        await manager.Page.GetByRole(AriaRole.Link, new() { Name = "Clear filter" }).ClickAsync();
        await manager.Page.WaitForURLAsync($"**/t/{Demo.TenantSlug}/vendors");
        Assert.Equal(4, await manager.Page.Locator("main table tbody tr").CountAsync());
    }
}
