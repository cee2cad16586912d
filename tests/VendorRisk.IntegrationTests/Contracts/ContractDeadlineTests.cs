using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Contracts;
using VendorRisk.Application.Contracts;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Contracts;

/// <summary>Contract notice deadlines, ends and renewals in the deadlines views, the feed and the owner's reminders.</summary>
public sealed class ContractDeadlineTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private Task<int> RunJobAsync() =>
        app.InScopeAsync(sp => sp.GetRequiredService<ObligationReminderJob>().RunAsync(CancellationToken.None));

    /// <summary>A renewing contract of vendor A: the current term ends in <paramref name="endsInDays"/> days, 12-month renewals, 60 days' notice.</summary>
    private Task<Contract> RenewingContractAsync(ContractWorld w, int endsInDays, Guid? ownerId = null, string title = "Model hosting agreement") =>
        app.InDbAsync(async db =>
        {
            var today = app.Today();
            var contract = Contract.Create(w.VendorA.Id, new ContractTerms(title, "C-2026-01", today.AddDays(-300), today.AddDays(endsInDays), 12, 60,
                null, null), ownerId ?? w.Manager.Id, app.Clock.GetUtcNow());
            db.Set<Contract>().Add(contract);
            await db.SaveChangesAsync();
            return contract;
        }, w.Tenant.Id);

    [Fact]
    public async Task Notice_deadline_and_renewal_show_in_the_list_the_month_calendar_and_the_feed_with_links_to_the_contract()
    {
        var w = await app.ContractWorldAsync();
        var contract = await RenewingContractAsync(w, endsInDays: 80);
        var notice = app.Today().AddDays(20);
        var renewal = app.Today().AddDays(80);
        var client = await app.SignedInAsync(w.Manager);

        var list = await client.GetDocumentAsync($"{w.Base}/obligations");
        var rows = list.QuerySelectorAll("[data-testid=deadlines] tr[data-contract-date]")
            .Where(r => r.GetAttribute("data-contract-date") is { Length: > 0 }).ToList();
        Assert.Equal(["NoticeDeadline", "Renewal"], rows.Select(r => r.GetAttribute("data-contract-date")));
        Assert.Equal(notice.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), rows[0].QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Equal(renewal.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), rows[1].QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Contains("Notice deadline", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal($"{w.Base}/contracts/details/{contract.Id}", rows[0].QuerySelector("a")!.GetAttribute("href"));

        var month = await client.GetDocumentAsync($"{w.Base}/obligations?view=calendar&month={notice:yyyy-MM}");
        var cell = month.QuerySelector($"[data-testid=calendar] td[data-date='{notice:yyyy-MM-dd}']")!;
        var item = cell.QuerySelector("li[data-contract-date=NoticeDeadline]")!;
        Assert.Contains("Model hosting agreement", item.TextContent, StringComparison.Ordinal);
        Assert.Equal($"{w.Base}/contracts/details/{contract.Id}", item.QuerySelector("a")!.GetAttribute("href"));

        // Another member's "mine" view leaves the manager's contract out.
        var adminMine = await (await app.SignedInAsync(w.Admin)).GetDocumentAsync($"{w.Base}/obligations?mine=true");
        Assert.Empty(adminMine.QuerySelectorAll("tr[data-contract-date=NoticeDeadline]"));

        var page = await client.GetDocumentAsync($"{w.Base}/obligations/calendar");
        var created = await client.SubmitAsync(page, $"{w.Base}/obligations/calendar?handler=Create", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var feedUrl = (await client.GetDocumentAsync($"{w.Base}/obligations/calendar")).QuerySelector("[data-testid=feed-url]")!.GetAttribute("value")!;
        var ics = await app.CreateBrowserClient().GetStringAsync(new Uri(feedUrl).PathAndQuery);
        var unfolded = ics.Replace("\r\n ", "", StringComparison.Ordinal);
        Assert.Contains($"UID:contract-{contract.Id:N}-noticedeadline-{notice:yyyyMMdd}@vendorrisk", unfolded, StringComparison.Ordinal);
        Assert.Contains($"DTSTART;VALUE=DATE:{notice:yyyyMMdd}", unfolded, StringComparison.Ordinal);
        Assert.Contains($"UID:contract-{contract.Id:N}-renewal-{renewal:yyyyMMdd}@vendorrisk", unfolded, StringComparison.Ordinal);
        Assert.Contains($"/contracts/details/{contract.Id}", unfolded, StringComparison.Ordinal);
        // The next term's notice deadline, a year later, is in the two-year feed as well.
        Assert.Contains($"-noticedeadline-{renewal.AddMonths(12).AddDays(-60):yyyyMMdd}@vendorrisk", unfolded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_notice_deadline_is_reminded_to_the_contract_owner_at_each_step_once_and_the_next_terms_deadline_again()
    {
        var w = await app.ContractWorldAsync();
        // Ends in 100 days with 60 days' notice: the deadline is in 40 days; the next term's is a year after it.
        var contract = await RenewingContractAsync(w, endsInDays: 100);
        var firstDeadline = app.Today().AddDays(40);
        var secondDeadline = app.Today().AddDays(100).AddMonths(12).AddDays(-60);

        // Day by day for 420 days, stopping where a reminder step or a deadline comes and the day before.
        await Simulation.RunAsync(app.Clock, 420, async _ =>
        {
            await RunJobAsync();
            await RunJobAsync();
        }, app.ReminderMomentsAsync);

        var reminders = await app.InDbAsync(db => db.Set<ContractReminder>().OrderBy(r => r.DeadlineOn).ThenBy(r => r.CreatedAt)
            .Select(r => new { r.ContractId, r.DeadlineOn, r.Step, r.Recipients }).ToListAsync(), w.Tenant.Id);
        // The first deadline was 40 days away at the start, inside its 60-day step: that step goes out at once, then 30, 7 and 1.
        Assert.Equal(
            [(firstDeadline, "60d"), (firstDeadline, "30d"), (firstDeadline, "7d"), (firstDeadline, "1d"),
             (secondDeadline, "60d"), (secondDeadline, "30d"), (secondDeadline, "7d"), (secondDeadline, "1d")],
            reminders.Select(r => (r.DeadlineOn, r.Step)));
        Assert.All(reminders, r => Assert.Equal((contract.Id, 1), (r.ContractId, r.Recipients)));

        var mails = await app.InDbAsync(db => db.OutboxMessages.Where(m => m.TenantId == w.Tenant.Id && m.Kind == ObligationMails.KindNoticeDeadline).ToListAsync(), w.Tenant.Id);
        Assert.Equal(8, mails.Count);
        Assert.All(mails, m => Assert.Equal(w.Manager.Email, m.ToAddress));
        Assert.Equal(8, mails.Select(m => m.DeduplicationKey).Distinct().Count());
        var first = mails.Single(m => m.DeduplicationKey == ObligationReminderScan.NoticeKey(contract.Id, firstDeadline, "30d", w.Manager.Id));
        Assert.Contains("notice", first.Subject, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"/contracts/details/{contract.Id}", app.BodyOf(first).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contract_without_renewal_that_has_ended_and_another_tenants_contract_are_never_reminded()
    {
        var w = await app.ContractWorldAsync();
        var ended = await app.InDbAsync(async db =>
        {
            var c = Contract.Create(w.VendorA.Id, new ContractTerms("Pilot", null, app.Today().AddDays(-200), app.Today().AddDays(-5), null, 30, null, null),
                w.Manager.Id, app.Clock.GetUtcNow());
            db.Set<Contract>().Add(c);
            await db.SaveChangesAsync();
            return c;
        }, w.Tenant.Id);
        var other = await app.ContractWorldAsync();
        await RenewingContractAsync(other, endsInDays: 70); // notice deadline in 10 days: reminded in the other tenant only

        await RunJobAsync();

        Assert.Equal(0, await app.InDbAsync(db => db.Set<ContractReminder>().CountAsync(), w.Tenant.Id));
        var theirs = await app.InDbAsync(db => db.OutboxMessages.Where(m => m.TenantId == other.Tenant.Id && m.Kind == ObligationMails.KindNoticeDeadline).Select(m => m.ToAddress).ToListAsync(), other.Tenant.Id);
        Assert.Equal([other.Manager.Email!], theirs);
        Assert.DoesNotContain(ended.Id, await app.InDbAsync(db => db.Set<ContractReminder>().IgnoreQueryFilters().Select(r => r.ContractId).ToListAsync()));
    }
}
