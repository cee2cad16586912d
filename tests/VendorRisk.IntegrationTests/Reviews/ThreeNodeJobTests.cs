using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.Contracts;
using VendorRisk.Application.Reviews;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Messaging;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.Infrastructure.Email;
using VendorRisk.IntegrationTests.Contracts;
using VendorRisk.IntegrationTests.Email;
using VendorRisk.Testing;
using static VendorRisk.IntegrationTests.Reviews.ReviewTestKit;

namespace VendorRisk.IntegrationTests.Reviews;

/// <summary>
/// Three nodes of one deployment on one database (PostgreSQL in the PostgreSQL pass, where the nodes' transactions really run in
/// parallel; a shared SQLite file otherwise) and one SMTP server. At the same moment every node runs the jobs a Hangfire server of
/// each would run: the workflow timer sweep, the late Hangfire job of each timer, the obligation reminder scan and the mail
/// delivery. Each timer fires once, each reminder is created once, and each mail arrives once (issue 17, ADR-030).
/// </summary>
public sealed class ThreeNodeJobTests : IAsyncLifetime
{
    private TestSmtpServer Smtp { get; } = new();
    private TwoMailNodes.MailNode[] _nodes = [];

    public async Task InitializeAsync()
    {
        await Smtp.StartAsync();
        var first = new TwoMailNodes.MailNode("node-1", Smtp.Port);
        _nodes = [first, new TwoMailNodes.MailNode("node-2", Smtp.Port, first.DataFolder), new TwoMailNodes.MailNode("node-3", Smtp.Port, first.DataFolder)];
        foreach (var node in _nodes) _ = node.Services;
        var now = _nodes.Max(n => n.Clock.GetUtcNow());
        foreach (var node in _nodes) node.Clock.SetUtcNow(now);
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes.Reverse()) await node.DisposeAsync();
        await Smtp.DisposeAsync();
    }

    private void Advance(TimeSpan by)
    {
        foreach (var node in _nodes) node.Clock.Advance(by);
    }

    [Fact]
    public async Task Workflow_timers_obligation_reminders_and_their_mails_happen_exactly_once_with_three_nodes_running_the_jobs_at_once()
    {
        var owner = _nodes[0];
        // Two reviews (two organisations), each with a reminder timer due 48 h after its task opened.
        var scenes = new List<(ReviewScene Scene, Guid Instance)>();
        for (var i = 0; i < 2; i++)
        {
            var scene = await SceneAsync(_nodes[i]);
            scenes.Add((scene, await StartedReviewAsync(_nodes[i], scene)));
        }
        Advance(TimeSpan.FromHours(49));
        // Five obligations whose 7-day reminder is due today; three also remind the vendor's contact.
        var world = await owner.ContractWorldAsync();
        for (var i = 0; i < 5; i++)
            await owner.SeedObligationAsync(world.Tenant.Id, world.Contract, world.Manager.Id, Recurrence.Yearly, owner.Today().AddDays(6), plan: "7",
                vendorEvidence: i % 2 == 0);
        var timers = new List<(Guid Tenant, Guid Instance, string TimerId)>();
        foreach (var (scene, instance) in scenes)
            timers.Add((scene.Tenant.Id, instance, (await owner.InDbAsync(db => db.Set<WorkflowTimer>()
                .SingleAsync(t => t.InstanceId == instance && t.Purpose == "reminder"), scene.Tenant.Id)).TimerId));

        // Every node, at once, twice over: what three Hangfire servers do when the recurring sweeper and (from earlier versions) timers' delayed jobs
        // come due together (and a retry or a slow node runs them again).
        using var start = new Barrier(_nodes.Length);
        await Task.WhenAll(_nodes.Select(node => Task.Run(async () =>
        {
            start.SignalAndWait(TimeSpan.FromSeconds(30));
            for (var round = 0; round < 2; round++)
            {
                await node.InScopeAsync(sp => sp.GetRequiredService<WorkflowTimerJob>().SweepAsync(CancellationToken.None));
                foreach (var (tenant, instance, timerId) in timers)
                    await node.InScopeAsync(sp => sp.GetRequiredService<WorkflowTimerJob>().FireAsync(tenant, instance, timerId, CancellationToken.None));
                await node.InScopeAsync(sp => sp.GetRequiredService<ObligationReminderJob>().RunAsync(CancellationToken.None));
                await node.InScopeAsync(sp => sp.GetRequiredService<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None));
            }
        })));
        // Whatever a node's run left due (a claim lost to another node's run is skipped, not retried) goes now, on any node.
        await _nodes[1].InScopeAsync(sp => sp.GetRequiredService<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None));

        foreach (var (scene, instance) in scenes)
        {
            var fired = await owner.InDbAsync(db => db.Set<WorkflowTimer>().SingleAsync(t => t.InstanceId == instance && t.Purpose == "reminder"),
                scene.Tenant.Id);
            Assert.NotNull(fired.FiredAt);
            Assert.Equal(1, await owner.InDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == WorkflowInterpreter.ReminderTemplate
                && m.TenantId == scene.Tenant.Id), scene.Tenant.Id));
        }
        var reminders = await owner.InDbAsync(db => db.Set<ObligationReminder>().Select(r => new { r.OccurrenceId, r.Step }).ToListAsync(), world.Tenant.Id);
        Assert.Equal(5, reminders.Count);
        Assert.Equal(5, reminders.Distinct().Count());
        var obligationMails = await owner.InDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind.StartsWith("obligation-")
            && m.TenantId == world.Tenant.Id), world.Tenant.Id);
        Assert.Equal(5 + 3, obligationMails);

        var mails = await owner.InDbAsync(db => db.OutboxMessages.IgnoreQueryFilters().AsNoTracking()
            .Select(m => new { m.MessageId, m.Status, m.ClaimedBy }).ToListAsync());
        Assert.NotEmpty(mails);
        Assert.All(mails, m => Assert.Equal(OutboxStatus.Sent, m.Status));
        Assert.All(mails, m => Assert.Single(Smtp.ReceivedWithId(m.MessageId)));
        Assert.Equal(mails.Count, Smtp.Received.Count);
    }
}
