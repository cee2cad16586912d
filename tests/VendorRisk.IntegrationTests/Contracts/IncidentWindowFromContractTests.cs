using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Incidents;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Application.Contracts;
using VendorRisk.Application.Incidents;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Contracts;

public sealed class IncidentWindowFromContractTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    /// <summary>A contract of <paramref name="vendorId"/> with an "incident notification within <paramref name="hours"/> hours" obligation at clause 12.3.</summary>
    private Task<Contract> ContractWithWindowAsync(Guid tenantId, Guid vendorId, Guid ownerId, string reference, DateOnly startsOn, DateOnly? endsOn,
        int hours, int? renewalMonths = null) =>
        app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var contract = Contract.Create(vendorId, new ContractTerms("Hosting " + reference, reference, startsOn, endsOn, renewalMonths, 30, null, null),
                ownerId, app.Clock.GetUtcNow());
            db.Set<Contract>().Add(contract);
            var obligation = Obligation.Create(contract.Id, vendorId, ContractNotificationWindow.TypeKey, startsOn.AddYears(1),
                new ObligationTerms("Incident notification", "12.3", ownerId, Recurrence.Yearly, "30", true, hours), app.Clock.GetUtcNow());
            new ObligationLifecycle(db, sp.GetRequiredService<AuditLog>(), app.Clock).Add(obligation);
            await db.SaveChangesAsync();
            return contract;
        }, tenantId);

    private Task<NotificationWindow> WindowAsync(Guid tenantId, Guid vendorId, DateTimeOffset detectedAt) =>
        app.InScopeAsync(sp => sp.GetRequiredService<IIncidentNotificationWindow>().ForVendorAsync(vendorId, detectedAt, CancellationToken.None), tenantId);

    [Fact]
    public async Task The_contract_in_force_at_detection_sets_the_window_and_the_incident_page_names_the_clause()
    {
        var w = await app.ContractWorldAsync();
        var today = app.Today();
        await ContractWithWindowAsync(w.Tenant.Id, w.VendorA.Id, w.Manager.Id, "C-2026-01", today.AddDays(-100), today.AddDays(200), 24);
        // A laxer contract in force at the same time: the strictest duty wins.
        await ContractWithWindowAsync(w.Tenant.Id, w.VendorA.Id, w.Manager.Id, "C-2025-07", today.AddDays(-400), null, 48);
        var detected = app.Clock.GetUtcNow().AddHours(-30);

        var window = await WindowAsync(w.Tenant.Id, w.VendorA.Id, detected);
        Assert.Equal(new NotificationWindow(24, "Contract C-2026-01, clause 12.3"), window);

        var incident = await app.InScopeAsync(async sp =>
        {
            var reported = await sp.GetRequiredService<IncidentReporting>().ReportAsync(w.VendorA.Id,
                new IncidentReport(IncidentType.ModelFailure, "Model outage", null, detected.AddHours(-1), detected, [], null, null), w.Manager.Id, false,
                CancellationToken.None);
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
            return reported;
        }, w.Tenant.Id);
        Assert.Equal((24, 6, true), (incident.NotificationWindowHours, incident.HoursLate, incident.ReportedLate));
        var page = await (await app.SignedInAsync(w.Manager)).GetDocumentAsync($"{w.Base}/incidents/details/{incident.Id}");
        Assert.Equal("Contract C-2026-01, clause 12.3: 24 hours", page.QuerySelector("[data-testid=notification-window]")!.TextContent.Trim());

        // Vendor B has no such contract: the organisation's default applies.
        Assert.Equal(PolicyDefaultNotificationWindow.SourceName, (await WindowAsync(w.Tenant.Id, w.VendorB.Id, detected)).Source);
    }

    [Fact]
    public async Task An_expired_or_not_yet_started_contract_falls_back_to_the_policy_default_but_a_renewing_one_still_applies()
    {
        var w = await app.ContractWorldAsync();
        var today = app.Today();
        await ContractWithWindowAsync(w.Tenant.Id, w.VendorA.Id, w.Manager.Id, "C-OLD", today.AddDays(-400), today.AddDays(-10), 12);
        await ContractWithWindowAsync(w.Tenant.Id, w.VendorA.Id, w.Manager.Id, "C-NEXT", today.AddDays(5), today.AddDays(400), 6);
        var now = app.Clock.GetUtcNow();

        var fallback = await WindowAsync(w.Tenant.Id, w.VendorA.Id, now);
        Assert.Equal((72, PolicyDefaultNotificationWindow.SourceName), (fallback.Hours, fallback.Source));
        // Detected while the old contract was in force: its window applies.
        Assert.Equal("Contract C-OLD, clause 12.3", (await WindowAsync(w.Tenant.Id, w.VendorA.Id, now.AddDays(-20))).Source);

        await ContractWithWindowAsync(w.Tenant.Id, w.VendorB.Id, w.Manager.Id, "C-RENEWS", today.AddDays(-400), today.AddDays(-35), 36, renewalMonths: 12);
        Assert.Equal(new NotificationWindow(36, "Contract C-RENEWS, clause 12.3"), await WindowAsync(w.Tenant.Id, w.VendorB.Id, now));
    }

    [Fact]
    public async Task Another_tenants_contract_for_the_same_vendor_id_never_applies()
    {
        var w = await app.ContractWorldAsync();
        var other = await app.ContractWorldAsync();
        var today = app.Today();
        // The other tenant's contract names this tenant's vendor id (as a forged or buggy row would): it must not be seen.
        await ContractWithWindowAsync(other.Tenant.Id, w.VendorA.Id, other.Manager.Id, "C-FOREIGN", today.AddDays(-10), today.AddDays(300), 1);

        var window = await WindowAsync(w.Tenant.Id, w.VendorA.Id, app.Clock.GetUtcNow());

        Assert.Equal(PolicyDefaultNotificationWindow.SourceName, window.Source);
        Assert.Equal(1, await app.InDbAsync(db => db.Set<Obligation>().IgnoreQueryFilters().CountAsync(o => o.VendorId == w.VendorA.Id)));
    }

    [Fact]
    public async Task Negative_or_zero_notification_hours_get_a_field_message_and_no_obligation()
    {
        var w = await app.ContractWorldAsync();
        var client = await app.SignedInAsync(w.Manager);
        var url = $"{w.Base}/obligations/edit?contractId={w.Contract.Id}&type={ContractNotificationWindow.TypeKey}";
        foreach (var (hours, message) in new[] { ("-4", Obligation.NegativeHoursMessage), ("0", Obligation.ZeroHoursMessage) })
        {
            var response = await client.SubmitAsync(url, new Dictionary<string, string>
            {
                ["Input.Title"] = "Incident notification", ["Input.Recurrence"] = "Yearly", ["Input.OwnerUserId"] = w.Manager.Id.ToString(),
                ["Input.FirstDueOn"] = app.Today().AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["Input.ReminderPlan"] = "30", ["Input.NotificationHours"] = hours,
            });
            Assert.Equal(message, (await Forms.ParseAsync(response)).FieldError("Input.NotificationHours"));
        }
        Assert.Equal(0, await app.InDbAsync(db => db.Set<Obligation>().CountAsync(), w.Tenant.Id));
    }
}
