using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Messaging;
using VendorRisk.Application.Contracts;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Contracts;

public sealed class ObligationReminderTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private Task<int> RunJobAsync() =>
        app.InScopeAsync(sp => sp.GetRequiredService<ObligationReminderJob>().RunAsync(CancellationToken.None));

    private Task<List<(Guid OccurrenceId, string Step)>> RemindersAsync(Guid tenantId) =>
        app.InDbAsync(async db => (await db.Set<ObligationReminder>().OrderBy(r => r.CreatedAt).ThenBy(r => r.Step)
            .Select(r => new { r.OccurrenceId, r.Step }).ToListAsync()).Select(r => (r.OccurrenceId, r.Step)).ToList(), tenantId);

    private Task<List<OutboxMessage>> MailsAsync(Guid tenantId) =>
        app.InDbAsync(db => db.OutboxMessages.Where(m => m.TenantId == tenantId && m.Kind.StartsWith("obligation-")).ToListAsync());

    [Fact]
    public async Task Over_a_simulated_year_each_occurrence_gets_its_planned_reminders_and_one_escalation_exactly_once()
    {
        var w = await app.ContractWorldAsync();
        var start = app.Today();
        // Monthly, met on each due date: 12 occurrences due within the year, each reminded 7 and 1 day before; the 13th is open.
        var (monthly, _) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.Monthly, start.AddDays(10), plan: "7, 1",
            type: "dpa-review", title: "Monthly DPA check");
        // Yearly and never met: 30, 7 and 1 day reminders, then one escalation to the owner and the admin, then silence.
        var (yearly, yearlyFirst) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.Yearly, start.AddDays(40));
        // Quarterly with vendor evidence, met by the vendor: the owner and the vendor's contact are reminded 7 days before.
        var (quarterly, _) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.Quarterly, start.AddDays(20), plan: "7",
            vendorEvidence: true, type: "no-training-attestation", title: "No-training attestation");
        // One-off, created inside its 30-day window and waived before the 7-day step: one reminder, no successor.
        var (oneOff, oneOffFirst) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.OneOff, start.AddDays(15),
            type: "right-to-audit", title: "Audit visit");

        // Day by day for a year, stopping where a reminder step, a due date or an escalation can come and the day before.
        var waiveOn = start.AddDays(3);
        await Simulation.RunAsync(app.Clock, 365, async today =>
        {
            await RunJobAsync();
            await RunJobAsync(); // a second run the same day adds nothing
            foreach (var obligation in new[] { monthly.Id, quarterly.Id })
            {
                var open = (await app.OccurrencesAsync(obligation)).Single(o => o.Status == OccurrenceStatus.Open);
                if (open.DueOn == today)
                    Assert.True((await app.MeetAsync(w.Tenant.Id, open.Id, obligation == quarterly.Id ? w.ContactA.Id : w.Manager.Id,
                        byVendor: obligation == quarterly.Id)).Succeeded);
            }
            if (today == waiveOn) Assert.True((await app.WaiveAsync(w.Tenant.Id, oneOffFirst.Id, w.Manager.Id)).Succeeded);
        }, async () => (await app.ReminderMomentsAsync()).Append(waiveOn));

        var reminders = await RemindersAsync(w.Tenant.Id);
        Assert.Equal(reminders.Count, reminders.Distinct().Count());

        var monthlyOccurrences = await app.OccurrencesAsync(monthly.Id);
        Assert.Equal(13, monthlyOccurrences.Count);
        Assert.Equal(Enumerable.Range(1, 13), monthlyOccurrences.Select(o => o.Sequence));
        Assert.All(monthlyOccurrences.Take(12), o => Assert.Equal(OccurrenceStatus.Met, o.Status));
        Assert.Equal(OccurrenceStatus.Open, monthlyOccurrences[12].Status);
        Assert.All(monthlyOccurrences, o => Assert.Equal(Math.Min(start.AddDays(10).Day, DateTime.DaysInMonth(o.DueOn.Year, o.DueOn.Month)), o.DueOn.Day));
        foreach (var o in monthlyOccurrences.Take(12))
            Assert.Equal(["7d", "1d"], reminders.Where(r => r.OccurrenceId == o.Id).Select(r => r.Step));
        Assert.DoesNotContain(reminders, r => r.OccurrenceId == monthlyOccurrences[12].Id);

        Assert.Equal(["30d", "7d", "1d", "overdue"], reminders.Where(r => r.OccurrenceId == yearlyFirst.Id).Select(r => r.Step));
        Assert.Single(await app.OccurrencesAsync(yearly.Id));

        var quarterlyOccurrences = await app.OccurrencesAsync(quarterly.Id);
        Assert.Equal(5, quarterlyOccurrences.Count);
        Assert.All(quarterlyOccurrences.Take(4), o => Assert.True(o.Status == OccurrenceStatus.Met && o.ClosedByVendor));
        foreach (var o in quarterlyOccurrences.Take(4))
            Assert.Equal(["7d"], reminders.Where(r => r.OccurrenceId == o.Id).Select(r => r.Step));

        Assert.Equal(["30d"], reminders.Where(r => r.OccurrenceId == oneOffFirst.Id).Select(r => r.Step));
        Assert.Single(await app.OccurrencesAsync(oneOff.Id));

        Assert.Equal(24 + 4 + 4 + 1, reminders.Count);

        var mails = await MailsAsync(w.Tenant.Id);
        Assert.Equal(mails.Count, mails.Select(m => m.DeduplicationKey).Distinct().Count());
        // Monthly: 24 to the owner. Yearly: 3 to the owner, the escalation to the owner and the admin. Quarterly: owner and contact, 4 times. One-off: 1.
        Assert.Equal(24 + 3 + 2 + 8 + 1, mails.Count);
        var escalation = mails.Where(m => m.Kind == ObligationMails.KindOverdue).Select(m => m.ToAddress).Order().ToList();
        Assert.Equal(new[] { w.Admin.Email!, w.Manager.Email! }.Order(), escalation);
        Assert.Equal(4, mails.Count(m => m.ToAddress == w.ContactA.Email));
        Assert.DoesNotContain(mails, m => m.ToAddress == w.ContactB.Email);
    }

    [Fact]
    public async Task Running_the_job_twice_and_concurrently_creates_each_reminder_once()
    {
        var w = await app.ContractWorldAsync();
        var today = app.Today();
        var occurrences = new List<Guid>();
        for (var i = 0; i < 5; i++)
            occurrences.Add((await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.Yearly, today.AddDays(6), plan: "7",
                vendorEvidence: i % 2 == 0)).First.Id);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RunJobAsync()));
        var afterConcurrent = await RemindersAsync(w.Tenant.Id);
        var mailsAfterConcurrent = (await MailsAsync(w.Tenant.Id)).Count;
        await RunJobAsync();
        await RunJobAsync();

        var reminders = await RemindersAsync(w.Tenant.Id);
        Assert.Equal(5, reminders.Count);
        Assert.Equal(occurrences.Order(), reminders.Select(r => r.OccurrenceId).Order());
        Assert.All(reminders, r => Assert.Equal("7d", r.Step));
        Assert.Equal(afterConcurrent, reminders);
        // Each reminder's mails: the owner, plus the vendor contact for the three that need vendor evidence.
        Assert.Equal(5 + 3, mailsAfterConcurrent);
        Assert.Equal(mailsAfterConcurrent, (await MailsAsync(w.Tenant.Id)).Count);
    }

    [Fact]
    public async Task A_scan_without_a_tenant_or_for_an_unknown_tenant_reads_and_writes_nothing()
    {
        var w = await app.ContractWorldAsync();
        await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.Yearly, app.Today().AddDays(1));
        var before = await app.CountAllAsync<ObligationReminder>();

        var withoutTenant = await app.InScopeAsync(sp => sp.GetRequiredService<ObligationReminderScan>().RunAsync("x", "x", CancellationToken.None));
        var unknownTenant = await app.InScopeAsync(sp => sp.GetRequiredService<ObligationReminderJob>().RunForTenantAsync(Guid.NewGuid(), CancellationToken.None));

        Assert.Equal(0, withoutTenant);
        Assert.Equal(0, unknownTenant);
        Assert.Equal(before, await app.CountAllAsync<ObligationReminder>());
        Assert.Equal(1, await app.InScopeAsync(sp => sp.GetRequiredService<ObligationReminderJob>().RunForTenantAsync(w.Tenant.Id, CancellationToken.None)));
    }

    [Fact]
    public async Task A_reminder_mail_names_the_obligation_and_links_to_its_occurrence()
    {
        var w = await app.ContractWorldAsync();
        var (_, first) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.Yearly, app.Today().AddDays(7),
            title: "Pen test <report>");

        await RunJobAsync();

        var mail = Assert.Single(await MailsAsync(w.Tenant.Id));
        Assert.Equal(w.Manager.Email, mail.ToAddress);
        Assert.Contains("Pen test <report>", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("Pen test &lt;report&gt;", app.BodyOf(mail).Html, StringComparison.Ordinal);
        Assert.Contains($"/t/{w.Slug}/obligations/occurrence/{first.Id}", app.BodyOf(mail).Text, StringComparison.Ordinal);
        Assert.Equal(ObligationReminderScan.Key(first.Id, 0, "7d", w.Manager.Id), mail.DeduplicationKey);
    }
}
