using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Messaging;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Workflows;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.Application.Reviews;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Reviews.ReviewTestKit;

namespace VendorRisk.IntegrationTests.Reviews;

/// <summary>A host on the files of another (same database and Hangfire storage), optionally with its own workflows folder.</summary>
internal sealed class SharedHost(string dataFolder, string? workflowsFolder = null) : VendorRiskApp(dataFolder)
{
    protected override IDictionary<string, string?> Settings => workflowsFolder is null
        ? new Dictionary<string, string?>()
        : new Dictionary<string, string?> { ["Workflows:Folder"] = workflowsFolder };
}

public sealed class WorkflowDurabilityTests : IDisposable
{
    private readonly VendorRiskApp _owner = new();
    private readonly string _workflows = Path.Combine(Path.GetTempPath(), "vendorrisk-tests", "workflows-" + Guid.NewGuid().ToString("N"));

    public WorkflowDurabilityTests()
    {
        Directory.CreateDirectory(_owner.DataFolder);
        CopyFolder(Path.Combine(AppContext.BaseDirectory, "workflows"), _workflows);
    }

    public void Dispose()
    {
        _owner.Dispose();
        try { Directory.Delete(_workflows, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_timer_scheduled_before_a_restart_fires_exactly_once_after_it()
    {
        Guid instanceId;
        ReviewScene scene;
        using (var before = new SharedHost(_owner.DataFolder))
        {
            scene = await SceneAsync(before);
            instanceId = await StartedReviewAsync(before, scene);
            Assert.Equal(2, await before.InDbAsync(db => db.Set<WorkflowTimer>().CountAsync(t => t.InstanceId == instanceId), scene.Tenant.Id));
        }

        using var after = new SharedHost(_owner.DataFolder);
        after.Clock.Advance(TimeSpan.FromHours(49)); // the reminder is due 48 h after the task opened (72 h SLA, 24 h before)
        var reminder = await after.InDbAsync(db => db.Set<WorkflowTimer>().SingleAsync(t => t.InstanceId == instanceId && t.Purpose == "reminder"), scene.Tenant.Id);

        Assert.Equal(1, await SweepAsync(after));
        Assert.Equal(0, await SweepAsync(after));
        // The Hangfire job of the same timer arrives late: nothing more happens.
        await after.InScopeAsync(sp => sp.GetRequiredService<WorkflowTimerJob>().FireAsync(scene.Tenant.Id, instanceId, reminder.TimerId, CancellationToken.None));

        var reminders = await after.InDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == WorkflowInterpreter.ReminderTemplate), scene.Tenant.Id);
        Assert.Equal(1, reminders);
        var fired = await after.InDbAsync(db => db.Set<WorkflowTimer>().SingleAsync(t => t.Id == reminder.Id), scene.Tenant.Id);
        Assert.NotNull(fired.FiredAt);
    }

    [Fact]
    public async Task A_running_instance_keeps_its_pinned_version_after_a_second_version_is_published()
    {
        Guid instanceId;
        ReviewScene scene;
        using (var v1Host = new SharedHost(_owner.DataFolder, _workflows))
        {
            scene = await SceneAsync(v1Host);
            instanceId = await StartedReviewAsync(v1Host, scene);
        }
        PublishStandardReviewV2();

        using var v2Host = new SharedHost(_owner.DataFolder, _workflows);
        var catalog = v2Host.Services.GetRequiredService<WorkflowCatalog>();
        Assert.Equal(2, catalog.SelectFor(RiskTier.Low, null)!.Version);

        var instance = await InstanceAsync(v2Host, scene, instanceId);
        Assert.Equal(1, instance.DefinitionVersion);
        var task = await ReviewTaskAsync(v2Host, scene, instanceId);
        var decided = await DecideAsync(v2Host, scene, instanceId, task.TaskId, "approve", scene.Reviewer,
            variables: System.Collections.Immutable.ImmutableDictionary<string, WorkflowValue>.Empty.Add("residualRisk", WorkflowValue.OfString("low")));
        Assert.True(decided.Applied, decided.Message);
        instance = await InstanceAsync(v2Host, scene, instanceId);
        Assert.Equal((1, "completed"), (instance.DefinitionVersion, instance.Status));
        Assert.Equal(catalog.Find("standard-review", 1)!.Hash, instance.DefinitionHash);

        var second = await StartedReviewAsync(v2Host, scene);
        Assert.Equal(2, (await InstanceAsync(v2Host, scene, second)).DefinitionVersion);
    }

    [Fact]
    public void An_invalid_definition_stops_start_up_with_a_message_naming_the_file()
    {
        File.WriteAllText(Path.Combine(_workflows, "standard-review", "v1.json"), "{ \"id\": \"standard-review\" }");
        using var host = new SharedHost(_owner.DataFolder, _workflows);
        var error = Assert.ThrowsAny<Exception>(() => host.Services);
        Assert.Contains("standard-review/v1.json", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Adds v2 of standard-review (v1 retired), the way an author does: draft first for its hash, then published with its lock entry.</summary>
    private void PublishStandardReviewV2()
    {
        var folder = Path.Combine(_workflows, "standard-review");
        var v1 = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "v1.json")))!.AsObject();
        var v2 = v1.DeepClone().AsObject();
        v2["version"] = 2;
        v2["status"] = "draft";
        v2["description"] = "Version 2: same routing, new wording.";
        File.WriteAllText(Path.Combine(folder, "v2.json"), v2.ToJsonString());
        var draft = WorkflowLoader.LoadFolder(_workflows);
        Assert.True(draft.IsSuccess, string.Join("; ", draft.Errors));
        var hash = draft.Catalog!.Find("standard-review", 2)!.Hash;

        v2["status"] = "published";
        File.WriteAllText(Path.Combine(folder, "v2.json"), v2.ToJsonString());
        v1["status"] = "retired";
        File.WriteAllText(Path.Combine(folder, "v1.json"), v1.ToJsonString());
        var lockPath = Path.Combine(_workflows, WorkflowLoader.LockFileName);
        var lockFile = JsonNode.Parse(File.ReadAllText(lockPath))!.AsObject();
        lockFile["standard-review/v2.json"] = hash;
        File.WriteAllText(lockPath, lockFile.ToJsonString());
        var published = WorkflowLoader.LoadFolder(_workflows);
        Assert.True(published.IsSuccess, string.Join("; ", published.Errors));
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
