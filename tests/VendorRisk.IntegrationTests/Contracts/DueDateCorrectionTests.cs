using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Contracts;
using VendorRisk.Application.Contracts;
using VendorRisk.IntegrationTests.Assessments;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Contracts;

public sealed class DueDateCorrectionTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private Task<int> RunJobAsync() =>
        app.InScopeAsync(sp => sp.GetRequiredService<ObligationReminderJob>().RunAsync(CancellationToken.None));

    private static Dictionary<string, string> Move(DateOnly to, string reason = "The first date was typed wrongly.") =>
        new() { ["Move.DueOn"] = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["Move.Reason"] = reason };

    private static string Url(ContractWorld w, Guid occurrenceId) => $"{w.Base}/obligations/occurrence/{occurrenceId}";

    [Fact]
    public async Task Moving_the_next_open_due_date_is_audited_and_the_new_date_is_reminded_at_each_step_exactly_once()
    {
        var w = await app.ContractWorldAsync();
        var (obligation, first) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.Yearly, app.Today().AddDays(7),
            plan: "30, 7, 1");
        await RunJobAsync(); // "7d" for the wrong date
        var client = await app.SignedInAsync(w.Manager);
        var newDue = app.Today().AddDays(40);

        var response = await client.SubmitAsync(Url(w, first.Id), Move(newDue), "[data-testid=move]");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var moved = await app.OccurrenceAsync(first.Id);
        Assert.Equal((newDue, 1, OccurrenceStatus.Open), (moved.DueOn, moved.DueRevision, moved.Status));
        var audit = await app.InDbAsync(db => db.AuditEvents.Where(e => e.Action == ObligationLifecycle.ActionDueMoved && e.EntityId == first.Id.ToString())
            .ToListAsync(), w.Tenant.Id);
        var entry = Assert.Single(audit);
        Assert.Equal(w.Manager.Id, entry.ActorUserId);

        // Day by day for 45 days, stopping where a reminder step or the due date comes and the day before.
        await Simulation.RunAsync(app.Clock, 45, async _ =>
        {
            await RunJobAsync();
            await RunJobAsync();
        }, app.ReminderMomentsAsync);
        var reminders = await app.InDbAsync(db => db.Set<ObligationReminder>().Where(r => r.OccurrenceId == first.Id).OrderBy(r => r.CreatedAt)
            .Select(r => new { r.DueRevision, r.Step }).ToListAsync(), w.Tenant.Id);
        // The wrong date's 7-day reminder stays in history; the corrected date gets 30, 7, 1 and one escalation, each once.
        Assert.Equal([(0, "7d"), (1, "30d"), (1, "7d"), (1, "1d"), (1, "overdue")], reminders.Select(r => (r.DueRevision, r.Step)));
        var keys = await app.InDbAsync(db => db.OutboxMessages.Where(m => m.TenantId == w.Tenant.Id && m.DeduplicationKey!.Contains(first.Id.ToString("N")))
            .Select(m => m.DeduplicationKey).ToListAsync(), w.Tenant.Id);
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Contains(ObligationReminderScan.Key(first.Id, 1, "30d", w.Manager.Id), keys);

        // Closing it schedules the next one a year after the corrected date.
        var closed = await app.MeetAsync(w.Tenant.Id, first.Id, w.Manager.Id);
        Assert.Equal(newDue.AddYears(1), closed.Next!.DueOn);
        Assert.Equal(obligation.Id, closed.Next.ObligationId);
    }

    [Fact]
    public async Task A_past_date_a_missing_reason_and_a_met_occurrence_are_refused_with_clear_messages_and_no_change()
    {
        var w = await app.ContractWorldAsync();
        var (_, first) = await app.SeedObligationAsync(w.Tenant.Id, w.Contract, w.Manager.Id, Recurrence.Yearly, app.Today().AddDays(10));
        var client = await app.SignedInAsync(w.Manager);
        var url = Url(w, first.Id);

        var past = await client.SubmitAsync(url, Move(app.Today().AddDays(-1)), "[data-testid=move]");
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Equal(ObligationOccurrence.PastDueDateMessage, (await Forms.ParseAsync(past)).FieldError("Move.DueOn"));

        var noReason = await client.SubmitAsync(url, Move(app.Today().AddDays(20), "typo"), "[data-testid=move]");
        Assert.Equal(ObligationOccurrence.MoveReasonMessage, (await Forms.ParseAsync(noReason)).FieldError("Move.Reason"));

        var noDate = await client.SubmitAsync(url, new Dictionary<string, string> { ["Move.DueOn"] = "not a date", ["Move.Reason"] = "A reason that is long enough" },
            "[data-testid=move]");
        Assert.Equal(HttpStatusCode.BadRequest, noDate.StatusCode);
        Assert.NotNull((await Forms.ParseAsync(noDate)).FieldError("Move.DueOn"));

        var same = await client.SubmitAsync(url, Move(app.Today().AddDays(10)), "[data-testid=move]");
        Assert.Equal("The new due date is the same as the current one.", (await Forms.ParseAsync(same)).FieldError("Move.DueOn"));

        var unchanged = await app.OccurrenceAsync(first.Id);
        Assert.Equal((first.DueOn, 0, first.Version), (unchanged.DueOn, unchanged.DueRevision, unchanged.Version));

        // Met: the form is gone, and a forged post is refused with the reason.
        var page = await client.GetDocumentAsync(url);
        Assert.True((await app.MeetAsync(w.Tenant.Id, first.Id, w.Manager.Id)).Succeeded);
        var met = await client.SubmitAsync(page, url + "?handler=Move", Move(app.Today().AddDays(30)), "[data-testid=move]");
        Assert.Equal(HttpStatusCode.BadRequest, met.StatusCode);
        Assert.Contains("already met", (await Forms.ParseAsync(met)).QuerySelector(".validation-summary-errors, [role=alert]")?.TextContent ?? "",
            StringComparison.Ordinal);
        Assert.Equal(first.DueOn, (await app.OccurrenceAsync(first.Id)).DueOn);
        Assert.Null((await client.GetDocumentAsync(url)).QuerySelector("[data-testid=move]"));
        Assert.Equal(0, await app.InDbAsync(db => db.AuditEvents.CountAsync(e => e.Action == ObligationLifecycle.ActionDueMoved), w.Tenant.Id));
    }

    [Fact]
    public async Task Another_tenant_a_vendor_contact_and_an_auditor_cannot_move_a_due_date_and_no_row_changes()
    {
        var a = await app.ContractWorldAsync();
        var (_, first) = await app.SeedObligationAsync(a.Tenant.Id, a.Contract, a.Manager.Id, Recurrence.Yearly, app.Today().AddDays(10),
            vendorEvidence: true);
        var b = await app.ContractWorldAsync();
        var before = await app.SnapshotAsync();
        var fields = Move(app.Today().AddDays(50));

        var foreign = await app.SignedInAsync(b.Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await foreign.PostWithTokenAsync($"{b.Base}/contracts", $"{b.Base}/obligations/occurrence/{first.Id}?handler=Move", fields)).StatusCode);
        var foreignOnA = await foreign.PostWithTokenAsync($"{b.Base}/contracts", $"{a.Base}/obligations/occurrence/{first.Id}?handler=Move", fields);
        Assert.True(foreignOnA.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{(int)foreignOnA.StatusCode}");

        // The vendor's own contact, and another vendor's contact: internal pages are not theirs.
        foreach (var contact in new[] { a.ContactA, a.ContactB })
        {
            var client = await app.SignedInAsync(contact);
            var post = await client.PostWithTokenAsync("/portal", $"{a.Base}/obligations/occurrence/{first.Id}?handler=Move", fields);
            Assert.True(post.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"{(int)post.StatusCode}");
            if (post.StatusCode == HttpStatusCode.Redirect) AssessmentTestKit.AssertDenied(post);
        }

        var auditor = await app.CreateMemberAsync(a.Tenant, Domain.Tenancy.TenantRoles.Auditor);
        var auditorClient = await app.SignedInAsync(auditor);
        AssessmentTestKit.AssertDenied(await auditorClient.PostWithTokenAsync($"{a.Base}/contracts", Url(a, first.Id) + "?handler=Move", fields));

        Assert.Equal(before, await app.SnapshotAsync());
        Assert.Equal(first.DueOn, (await app.OccurrenceAsync(first.Id)).DueOn);
    }
}
