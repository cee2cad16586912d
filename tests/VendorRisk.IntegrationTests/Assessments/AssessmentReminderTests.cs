using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Assessments;
using VendorRisk.Application.Assessments;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Assessments;

public sealed class AssessmentReminderTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private Task<int> RunJobAsync() =>
        app.InScopeAsync(sp => sp.GetRequiredService<AssessmentReminderJob>().RunAsync(CancellationToken.None));

    private Task<List<string>> RemindersAsync(Guid tenantId) =>
        app.InDbAsync(db => db.OutboxMessages.Where(m => m.TenantId == tenantId && m.Kind == "assessment-reminder")
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.ToAddress).Select(m => m.DeduplicationKey!).ToListAsync());

    [Fact]
    public async Task Over_a_simulated_month_each_contact_gets_the_7_day_1_day_and_overdue_reminders_exactly_once()
    {
        var w = await app.WorldAsync();
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var open = await app.SeedAssessmentAsync(w, AssessmentStatus.InProgress, due: today.AddDays(20), contacts: ["a@vendor.example", "b@vendor.example"]);
        var submitted = await app.SeedAssessmentAsync(w, AssessmentStatus.Submitted, due: today.AddDays(20));
        var late = await app.SeedAssessmentAsync(w, AssessmentStatus.Sent, due: today.AddDays(3), contacts: ["c@vendor.example"]);

        // Day by day for a month, stopping where a reminder can come and the day before.
        await Simulation.RunAsync(app.Clock, 30, async _ =>
        {
            await RunJobAsync();
            await RunJobAsync(); // a second run the same day adds nothing
        }, app.AssessmentReminderMomentsAsync);

        var keys = await RemindersAsync(w.Tenant.Id);
        Assert.Equal(8, keys.Count);
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(6, keys.Count(k => k.StartsWith($"assessment:{open.Id}:reminder:", StringComparison.Ordinal)));
        foreach (var kind in new[] { "7d", "1d", "overdue" })
            Assert.Equal(2, keys.Count(k => k.StartsWith($"assessment:{open.Id}:reminder:{kind}:", StringComparison.Ordinal)));
        // Sent 3 days before it was due: no "7 days" reminder, but the 1-day one and the overdue notice.
        Assert.Equal([$"assessment:{late.Id}:reminder:1d", $"assessment:{late.Id}:reminder:overdue"],
            keys.Where(k => k.Contains(late.Id.ToString(), StringComparison.Ordinal)).Select(k => k[..k.LastIndexOf(':')]).ToList());
        Assert.DoesNotContain(keys, k => k.Contains(submitted.Id.ToString(), StringComparison.Ordinal));
        var overdueMail = await app.InDbAsync(db => db.OutboxMessages.FirstAsync(m => m.DeduplicationKey!.StartsWith($"assessment:{open.Id}:reminder:overdue")));
        Assert.StartsWith("Overdue:", overdueMail.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_runs_queue_each_reminder_once()
    {
        var w = await app.WorldAsync();
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var a = await app.SeedAssessmentAsync(w, AssessmentStatus.Sent, due: today.AddDays(10), contacts: ["x@vendor.example", "y@vendor.example"]);
        app.Clock.Advance(TimeSpan.FromDays(4)); // 6 days left

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => RunJobAsync()));

        var keys = await RemindersAsync(w.Tenant.Id);
        Assert.Equal(2, keys.Count);
        Assert.All(keys, k => Assert.StartsWith($"assessment:{a.Id}:reminder:7d:", k, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_assessment_left_unanswered_past_its_grace_period_expires_once_and_is_audited()
    {
        var w = await app.WorldAsync();
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var waiting = await app.SeedAssessmentAsync(w, AssessmentStatus.InProgress, due: today.AddDays(2));
        var submitted = await app.SeedAssessmentAsync(w, AssessmentStatus.Submitted, due: today.AddDays(2));

        app.Clock.Advance(TimeSpan.FromDays(2 + AssessmentOperations.ExpiryGraceDays));
        await RunJobAsync();
        Assert.Equal(AssessmentStatus.InProgress, (await app.AssessmentAsync(w.Tenant.Id, waiting.Id)).Status);

        app.Clock.Advance(TimeSpan.FromDays(1));
        await RunJobAsync();
        await RunJobAsync();

        var expired = await app.AssessmentAsync(w.Tenant.Id, waiting.Id);
        Assert.Equal(AssessmentStatus.Expired, expired.Status);
        Assert.NotNull(expired.DecidedAt);
        Assert.Equal(AssessmentStatus.Submitted, (await app.AssessmentAsync(w.Tenant.Id, submitted.Id)).Status);
        var audit = await app.InDbAsync(db => db.AuditEvents.Where(e => e.Action == "assessment.expired").ToListAsync(), w.Tenant.Id);
        Assert.Equal(waiting.Id.ToString(), Assert.Single(audit).EntityId);
        Assert.Null(audit[0].ActorUserId);
    }
}
