using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VendorRisk.E2ETests.Infrastructure;
using VendorRisk.Application.Contracts;
using VendorRisk.Infrastructure.Email;
using static Microsoft.Playwright.Assertions;

namespace VendorRisk.E2ETests.Tests;

/// <summary>
/// Issue 6's journey: a manager records a contract with a yearly obligation that needs the vendor's evidence; time moves
/// to 30 days before the due date (the test host's clock, see <see cref="AdjustableClock"/>); the real reminder job and the
/// real outbox deliver the reminder to a real SMTP server; the vendor's contact uploads the evidence in the portal; the
/// occurrence is met and the next one is due a year later.
/// </summary>
[Collection(SmtpPortalCollection.Name)]
public sealed class ContractObligationJourneyTests(SmtpPortalFixture portal)
{
    private const string Obligation = "Annual penetration test report";
    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"u8.ToArray();

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<Person> SignedInAsync(string name, string email, string test)
    {
        var person = await portal.NewPersonAsync(name, test);
        // The sign-in form in a browser is not what this journey tests (DemoRoleSignInTests): its POST from this browser context.
        await person.SignInAsync(email, Demo.Password);
        return person;
    }

    /// <summary>What the Hangfire server would do: the daily reminder job, then the outbox dispatcher, in the app's own services.</summary>
    private async Task<int> RunReminderJobAndDeliverAsync()
    {
        int created;
        await using (var scope = portal.Server.Services.CreateAsyncScope())
        {
            created = await scope.ServiceProvider.GetRequiredService<ObligationReminderJob>().RunAsync(CancellationToken.None);
        }
        await using (var scope = portal.Server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);
        }
        return created;
    }

    [Fact]
    public async Task A_yearly_obligation_is_reminded_by_mail_met_with_the_vendors_evidence_in_the_portal_and_due_again_a_year_later()
    {
        const string test = nameof(A_yearly_obligation_is_reminded_by_mail_met_with_the_vendors_evidence_in_the_portal_and_due_again_a_year_later);
        var basePath = $"/t/{Demo.TenantSlug}";
        var start = portal.Server.Clock.Today;
        var due = start.AddDays(60);
        string contractPath;

        // 1. The manager records the contract and its yearly pen-test obligation.
        await using (var manager = await SignedInAsync("manager", Demo.Manager, test))
        {
            await manager.GoToAsync($"{basePath}/contracts/edit");
            var page = manager.Page;
            await page.GetByLabel("Vendor").SelectOptionAsync(new SelectOptionValue { Label = "Lumen AI Ltd" });
            await page.GetByLabel("Title").FillAsync("Clinical summariser hosting agreement");
            await page.GetByLabel("Reference (optional)").FillAsync("C-2026-01");
            await page.GetByLabel("Start date").FillAsync(Iso(start.AddDays(-10)));
            await page.GetByLabel("End date (empty if open-ended)").FillAsync(Iso(start.AddYears(3)));
            await page.GetByLabel("Renewal period in months (empty if it does not renew)").FillAsync("12");
            await page.GetByLabel("Notice period in days").FillAsync("90");
            await manager.SeeAsync("new contract");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create contract" }).ClickAsync();
            await page.WaitForURLAsync("**/contracts/details/**");
            contractPath = manager.Path;

            await page.GetByLabel("Obligation type").SelectOptionAsync(new SelectOptionValue { Label = Obligation });
            await page.GetByRole(AriaRole.Button, new() { Name = "Add obligation" }).ClickAsync();
            await page.WaitForURLAsync("**/obligations/edit?**");
            await page.GetByLabel("Clause (optional)").FillAsync("14.2");
            await page.GetByLabel("First due date").FillAsync(Iso(due));
            await Expect(page.GetByLabel("Recurrence")).ToHaveValueAsync("Yearly");
            await Expect(page.GetByLabel("The vendor supplies evidence in the portal")).ToBeCheckedAsync();
            await Expect(page.GetByLabel("Remind the owner (days before)")).ToHaveValueAsync("30, 7, 1");
            await manager.SeeAsync("new obligation");
            await page.GetByRole(AriaRole.Button, new() { Name = "Add obligation" }).ClickAsync();
            await page.WaitForURLAsync("**/contracts/details/**");
            var row = page.Locator("[data-testid=obligations] tbody tr", new() { HasText = Obligation });
            await Expect(row).ToContainTextAsync(Iso(due));
            await manager.SeeAsync("contract with its obligation");

            // The deadlines list and the month calendar show it, with the contract's notice deadline in its own month.
            await page.Locator("#nav-contracts").ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Deadlines" }).ClickAsync();
            await page.WaitForURLAsync($"**{basePath}/obligations");
            await Expect(page.Locator("[data-testid=deadlines]")).ToContainTextAsync(Obligation);
            await manager.SeeAsync("upcoming deadlines");
            var noticeDeadline = start.AddYears(3).AddDays(-90);
            await manager.GoToAsync($"{basePath}/obligations?view=calendar&month={noticeDeadline:yyyy-MM}");
            var cell = page.Locator($"[data-testid=calendar] td[data-date='{Iso(noticeDeadline)}']");
            await Expect(cell.GetByRole(AriaRole.Link, new() { Name = "Notice deadline" })).ToHaveAttributeAsync("href", contractPath);
            await manager.SeeAsync("month with the notice deadline");
        }

        // 2. Thirty days before the due date the daily job reminds the owner and the vendor's contact; a second run adds nothing.
        portal.Server.Clock.Advance(TimeSpan.FromDays(30));
        Assert.True(await RunReminderJobAndDeliverAsync() >= 1);
        Assert.Equal(0, await RunReminderJobAndDeliverAsync());
        var reminders = portal.Smtp.Received.Where(m => (m.Subject ?? "").StartsWith($"Reminder: {Obligation} (Lumen AI Ltd)", StringComparison.Ordinal)).ToList();
        Assert.Equal([Demo.VendorContact, Demo.Manager], reminders.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        var vendorMail = reminders.Single(m => m.To.Mailboxes.Single().Address == Demo.VendorContact);
        Assert.Contains("An obligation is due in 30 days", vendorMail.TextBody ?? "", StringComparison.Ordinal);
        Assert.Contains("/portal/obligations", vendorMail.TextBody ?? "", StringComparison.Ordinal);
        var ownerMail = reminders.Single(m => m.To.Mailboxes.Single().Address == Demo.Manager);
        Assert.Contains($"{basePath}/obligations/occurrence/", ownerMail.TextBody ?? "", StringComparison.Ordinal);

        // 3. The vendor's contact uploads the report in the portal.
        await using (var vendor = await SignedInAsync("vendor contact", Demo.VendorContact, test))
        {
            await vendor.GoToAsync("/portal/obligations");
            var page = vendor.Page;
            await Expect(page.Locator("[data-testid=portal-obligations] time")).ToHaveAttributeAsync("datetime", Iso(due));
            await vendor.SeeAsync("evidence requested");
            await page.GetByLabel($"Evidence for {Obligation}").SetInputFilesAsync(new FilePayload
            {
                Name = "pentest-report-2027.pdf", MimeType = "application/pdf", Buffer = Pdf,
            });
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload evidence" }).ClickAsync();
            await Expect(page.Locator(".alert-success[role=status]"))
                .ToContainTextAsync("pentest-report-2027.pdf was sent to");
            // Next year's report is what the portal asks for now.
            await Expect(page.Locator("[data-testid=portal-obligations] time")).ToHaveAttributeAsync("datetime", Iso(due.AddYears(1)));
            await vendor.SeeAsync("evidence sent");
        }

        // 4. The manager sees the occurrence met by the vendor and the next one due a year later.
        await using (var manager = await SignedInAsync("manager again", Demo.Manager, test))
        {
            await manager.GoToAsync(contractPath);
            var page = manager.Page;
            var next = due.AddYears(1);
            var row = page.Locator("[data-testid=obligations] tbody tr", new() { HasText = Obligation });
            await Expect(row).ToContainTextAsync(Iso(next));
            await Expect(page.Locator("[data-testid=contract-files]")).ToContainTextAsync("pentest-report-2027.pdf");
            await manager.SeeAsync("next occurrence scheduled");
            await row.GetByRole(AriaRole.Link, new() { Name = Iso(next) }).ClickAsync();
            await page.WaitForURLAsync("**/obligations/occurrence/**");
            await Expect(page.GetByTestId("occurrence-status")).ToHaveTextAsync("Open");
            var history = page.Locator("table", new() { Has = page.Locator("caption", new() { HasText = $"Occurrences of {Obligation}" }) });
            await Expect(history.Locator("tbody tr").Nth(1)).ToContainTextAsync("Met");
            await Expect(history.Locator("tbody tr").Nth(1)).ToContainTextAsync(Iso(due));
            await manager.SeeAsync("occurrence two open, one met");
            await history.GetByRole(AriaRole.Link, new() { Name = Iso(due) }).ClickAsync();
            await page.WaitForURLAsync("**/obligations/occurrence/**");
            await Expect(page.GetByTestId("closure")).ToContainTextAsync("By the vendor");
            await Expect(page.GetByTestId("closure")).ToContainTextAsync("pentest-report-2027.pdf");
            await Expect(page.GetByTestId("reminders")).ToContainTextAsync("30 days before");
            await manager.SeeAsync("met occurrence with the vendor's evidence");
        }
    }
}
