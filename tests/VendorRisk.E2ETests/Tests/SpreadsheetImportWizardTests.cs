using System.Text;
using Microsoft.Playwright;
using VendorRisk.E2ETests.Infrastructure;
using VendorRisk.E2ETests.PageObjects;
using VendorRisk.Testing;

namespace VendorRisk.E2ETests.Tests;

/// <summary>Issue 18: an admin imports a buyer's Windows-1252 CSV through the spreadsheet wizard, at 1280 px and at phone width.</summary>
[Collection(PortalCollection.Name)]
public sealed class SpreadsheetImportWizardTests(PortalFixture portal)
{
    private const string Csv =
        "Vendor security questionnaire (buyer copy)\r\n" +
        "\r\n" +
        "Ref,Section,Question,Answer options,Guidance,Condition,Owner\r\n" +
        "Q1,Données,Do you process personal data of EU residents – including “special categories”?,Y/N,See GDPR art. 9.,,Legal\r\n" +
        "Q2,Données,Which categories?,Text,List them one per line.,Q1 = Y,Legal\r\n" +
        "Q3,Sécurité,Is encryption at rest implemented?,Implemented/Partially/Not implemented,,,IT\r\n" +
        "Q4,Sécurité,Is there a named security officer?,Yes/No/N/A,,,IT\r\n";

    [Fact]
    public async Task An_admin_imports_a_buyers_csv_through_the_wizard()
    {
        var org = await portal.Server.DemoOrganisationAsync();
        await using var admin = await portal.NewPersonAsync("admin", nameof(An_admin_imports_a_buyers_csv_through_the_wizard));
        var page = admin.Page;
        var signIn = new SignInPage(page);
        await signIn.OpenAsync();
        await signIn.SignInAsync(org.Member(Demo.Admin), org.Password);

        await admin.GoToAsync($"{org.Base}/templates/import");
        await page.Locator("[data-testid=sheet-wizard-link] a").ClickAsync();
        await page.WaitForURLAsync("**/templates/import-sheet");
        await LookAsync(admin, "wizard file step");

        var file = Path.Combine(Path.GetTempPath(), $"buyer-questions-{Guid.NewGuid():N}.csv");
        await File.WriteAllBytesAsync(file, CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetBytes(Csv));
        try
        {
            await page.Locator("#Upload").SetInputFilesAsync(file);
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload and continue" }).ClickAsync();
            await page.Locator("form[data-step=layout]").WaitForAsync();
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Equal("Windows-1252 (Western European)", (await page.Locator("[data-testid=encoding] strong").InnerTextAsync()).Trim());
        Assert.True(await page.Locator("#header-3").IsCheckedAsync(), "The header row under the title should be detected.");
        await LookAsync(admin, "wizard sheet and header row");

        await page.GetByRole(AriaRole.Button, new() { Name = "Next: map the columns" }).ClickAsync();
        await page.Locator("form[data-step=mapping]").WaitForAsync();
        Assert.Contains("Owner (column G)", await page.Locator("[data-testid=unmapped]").InnerTextAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await page.Locator("[data-testid=preview]").WaitForAsync();
        Assert.Contains("4 questions in 2 sections; 1 shown only under a condition", await page.Locator("[data-testid=preview-summary]").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Données", await page.Locator("[data-testid=preview]").InnerTextAsync(), StringComparison.Ordinal);
        await LookAsync(admin, "wizard columns and preview");

        await page.GetByRole(AriaRole.Button, new() { Name = "Import as a draft" }).ClickAsync();
        await page.WaitForURLAsync("**/templates/details/**");
        var body = await page.Locator("main").InnerTextAsync();
        Assert.Contains("was imported as a draft: 4 questions in 2 sections. Not imported: Owner (column G).", body, StringComparison.Ordinal);
        Assert.Equal("draft", (await page.Locator("[data-testid=status]").InnerTextAsync()).Trim());
        await admin.SeeAsync("imported draft");
    }

    /// <summary>Screenshots at 1280 px and at phone width (390 px), axe on both; the page must not scroll sideways on the phone.</summary>
    private static async Task LookAsync(Person person, string step)
    {
        await person.Page.SetViewportSizeAsync(1280, 800);
        await person.SeeAsync(step);
        await Accessibility.AssertNoSeriousViolationsAsync(person.Page, $"{person.Name}: {step}");
        await person.Page.SetViewportSizeAsync(390, 844);
        await person.SeeAsync(step + " phone");
        await Accessibility.AssertNoSeriousViolationsAsync(person.Page, $"{person.Name}: {step} (phone)");
        Assert.True(await person.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"),
            $"{step}: the page scrolls sideways at 390 px.");
        await person.Page.SetViewportSizeAsync(1280, 800);
    }
}
