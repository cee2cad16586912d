using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using VendorRisk.E2ETests.Infrastructure;
using VendorRisk.Testing;
using static Microsoft.Playwright.Assertions;

namespace VendorRisk.E2ETests.Tests;

/// <summary>
/// Issue 14 ("vendor documents on the vendor record hold files too", ADR-025) and issue 17's deletes (ADR-039), in a real browser: a vendor
/// manager stores a certificate with its file on the vendor page and sees it listed with kind and dates; the download link gives the file; a
/// reviewer rejects it (refused without a reason, then with one) and later accepts it; a tenant admin deletes it with its file. At 1280 px and
/// phone width, with axe on each new page type.
/// </summary>
[Collection(SecondPortalCollection.Name)]
public sealed class VendorDocumentJourneyTests(PortalFixture portal)
{
    private const string FileName = "ISO 27001 certificate 2026.pdf";
    private const string Reason = "The certificate's scope leaves out the hosted AI platform. Send the certificate that covers it.";
    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"u8.ToArray();

    private DemoOrganisation _org = null!;

    private async Task<Person> SignedInAsync(string demoEmail, string test)
    {
        var person = await portal.NewPersonAsync(demoEmail.Split('@')[0], test);
        // The sign-in form in a browser is not what this journey tests (DemoRoleSignInTests): its POST from this browser context.
        await person.SignInAsync(_org.Member(demoEmail), _org.Password);
        return person;
    }

    private static ILocator Document(IPage page) =>
        page.Locator("[data-testid=vendor-documents] [data-evidence-record]").Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = FileName, Exact = true }) });

    private static async Task AtPhoneWidthAsync(Person person, string step)
    {
        await person.Page.SetViewportSizeAsync(390, 844);
        await person.SeeAsync(step + " on a phone");
        await person.Page.SetViewportSizeAsync(1280, 800);
    }

    [Fact]
    public async Task A_manager_stores_a_document_with_its_file_a_reviewer_rejects_then_accepts_it_and_an_admin_deletes_it()
    {
        const string test = "vendor-document";
        _org = await portal.Server.DemoOrganisationAsync();
        var vendorId = await portal.Server.Scenario.InScopeAsync(_org.TenantId, (_, db) => db.Vendors.Where(v => v.LegalName == "Lumen AI Ltd").Select(v => v.Id).SingleAsync());
        var vendorPath = $"{_org.Base}/vendors/details/{vendorId}";
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        // The vendor manager stores the certificate with its file, kind, dates, issuer and scope.
        await using var manager = await SignedInAsync(Demo.Manager, test);
        await manager.GoToAsync(vendorPath);
        var upload = manager.Page.GetByTestId("document-upload");
        await upload.GetByLabel("File (PDF").SetInputFilesAsync(new FilePayload { Name = FileName, MimeType = "application/pdf", Buffer = Pdf });
        await upload.GetByLabel("Kind of document").SelectOptionAsync(new SelectOptionValue { Value = "iso27001-certificate" });
        await upload.GetByLabel("Document date (issue or report date)").FillAsync(Day(today.AddMonths(-2)));
        await upload.GetByLabel("Expiry or end of period covered (optional)").FillAsync(Day(today.AddYears(3)));
        await upload.GetByLabel("Issued by (optional)").FillAsync("BSI Group");
        await upload.GetByLabel("Scope: what it covers (optional)").FillAsync("Head office only");
        await upload.GetByRole(AriaRole.Button, new() { Name = "Store document" }).ClickAsync();
        await manager.Page.WaitForURLAsync($"**{vendorPath}**");
        var stored = Document(manager.Page);
        await Expect(stored).ToHaveCountAsync(1);
        await Expect(stored.GetByTestId("evidence-review-status")).ToHaveTextAsync("Waiting for review");
        await Expect(stored).ToContainTextAsync($"ISO/IEC 27001 certificate · dated {Day(today.AddMonths(-2))} · valid until {Day(today.AddYears(3))}");
        await Expect(stored).ToContainTextAsync("added by the organisation");
        await Expect(stored).ToContainTextAsync("Issued by BSI Group; scope: Head office only");
        await stored.ScrollIntoViewIfNeededAsync();
        await manager.SeeAsync("document stored");
        await AtPhoneWidthAsync(manager, "document stored");

        // The download link gives the stored file under its name.
        var download = await manager.Page.RunAndWaitForDownloadAsync(() => stored.GetByRole(AriaRole.Link, new() { Name = FileName, Exact = true }).ClickAsync());
        Assert.Equal(FileName, download.SuggestedFilename);
        var saved = Path.Combine(TestOutput.Screenshots, "..", "downloads-" + Guid.NewGuid().ToString("N") + ".pdf");
        await download.SaveAsAsync(saved);
        Assert.Equal(Pdf, await File.ReadAllBytesAsync(saved));
        File.Delete(saved);

        // A reviewer rejects it: refused without a reason beside the field, then with the reason, which the vendor page shows.
        await using var reviewer = await SignedInAsync(Demo.SecurityReviewer, test);
        await reviewer.GoToAsync(vendorPath);
        await Document(reviewer.Page).GetByRole(AriaRole.Button, new() { Name = "Reject " + FileName }).ClickAsync();
        await reviewer.Page.WaitForURLAsync("**/evidence/review/**");
        await Expect(reviewer.Page.GetByTestId("reason-error")).ToContainTextAsync("Give the reason for rejecting this document");
        await reviewer.SeeAsync("rejection without a reason refused");
        await reviewer.Page.GetByLabel("Reason for rejecting (the vendor reads it)").FillAsync(Reason);
        await reviewer.Page.GetByRole(AriaRole.Button, new() { Name = "Reject", Exact = true }).ClickAsync();
        await reviewer.Page.WaitForURLAsync($"**{vendorPath}**");
        var rejected = Document(reviewer.Page);
        await Expect(rejected.GetByTestId("evidence-review-status")).ToHaveTextAsync("Rejected");
        await Expect(rejected).ToContainTextAsync("Reason: " + Reason);
        await Expect(reviewer.Page.Locator(".alert-success")).ToContainTextAsync($"{FileName} was rejected");
        await rejected.ScrollIntoViewIfNeededAsync();
        await reviewer.SeeAsync("document rejected");
        await AtPhoneWidthAsync(reviewer, "document rejected");

        // The issuer sends the right scope; the reviewer accepts the document after all.
        await rejected.GetByRole(AriaRole.Button, new() { Name = "Accept " + FileName }).ClickAsync();
        await reviewer.Page.WaitForURLAsync($"**{vendorPath}**");
        var accepted = Document(reviewer.Page);
        await Expect(accepted.GetByTestId("evidence-review-status")).ToHaveTextAsync("Accepted");
        await Expect(accepted).Not.ToContainTextAsync("Reason:");
        await accepted.ScrollIntoViewIfNeededAsync();
        await reviewer.SeeAsync("document accepted");
        await Expect(accepted.GetByTestId("delete-evidence")).ToHaveCountAsync(0);

        // A tenant admin deletes it with its file: the page no longer lists it and the old link finds nothing.
        await using var admin = await SignedInAsync(Demo.Admin, test);
        await admin.GoToAsync(vendorPath);
        var href = await Document(admin.Page).GetByRole(AriaRole.Link, new() { Name = FileName, Exact = true }).GetAttributeAsync("href");
        await Document(admin.Page).GetByRole(AriaRole.Button, new() { Name = "Delete document and file " + FileName }).ClickAsync();
        await admin.Page.WaitForURLAsync($"**{vendorPath}**");
        await Expect(admin.Page.Locator(".alert-success")).ToContainTextAsync($"{FileName} and its stored file were deleted.");
        await Expect(Document(admin.Page)).ToHaveCountAsync(0);
        await admin.SeeAsync("document deleted");
        var gone = await admin.Page.APIRequest.GetAsync(href!);
        Assert.Equal(404, gone.Status);
    }
}
