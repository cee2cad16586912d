using System.Text.Json.Nodes;
using VendorRisk.Domain.Workflows;
using VendorRisk.Domain.Workflows.Runtime;

namespace VendorRisk.Domain.Tests.Workflows;

public sealed class MigrationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);
    private readonly WorkflowDefinition _v1 = WorkflowTestData.Shipped().Find("standard-review", 1)!;

    private static WorkflowDefinition V2(Action<JsonObject>? change = null, string status = "published")
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(WorkflowTestData.WorkflowsFolder, "standard-review", "v1.json")))!.AsObject();
        json["version"] = 2;
        json["status"] = status;
        change?.Invoke(json);
        return WorkflowTestData.Read(json.ToJsonString(), "workflows/standard-review/v2.json");
    }

    private WorkflowInstanceState Waiting()
    {
        var host = new FakeHost();
        host.Reviewers.Enqueue("reviewer-1");
        var step = WorkflowInterpreter.Start(_v1, new StartWorkflow("requester-1"), host, Now);
        Assert.Equal(StepStatus.Applied, step.Status);
        return step.State;
    }

    [Fact]
    public void A_migration_moves_the_waiting_task_with_its_assignee_deadline_and_timers_and_repins_the_state()
    {
        var state = Waiting();
        var v2 = V2();
        var task = Assert.Single(state.OpenTasks);

        var step = WorkflowMigration.Migrate(_v1, v2, state, WorkflowMigration.SuggestedMapping(_v1, v2, state), "admin-1", Now);

        Assert.Equal(StepStatus.Applied, step.Status);
        Assert.Equal((2, v2.Hash), (step.State.DefinitionVersion, step.State.DefinitionHash));
        var moved = Assert.Single(step.State.OpenTasks);
        Assert.Equal((task.Id, "review", task.AssigneeUserId, task.DueAt), (moved.Id, moved.ActivityId, moved.AssigneeUserId, moved.DueAt));
        Assert.Equal(state.Timers.Count(), step.State.Timers.Count());
        Assert.Contains(step.Commands, c => c is WriteJournal { FromActivityId: "review", ToActivityId: "review", Outcome: "migrated v1 to v2", By: "admin-1" });
        Assert.Contains(step.Commands, c => c is MoveTask { ActivityId: "review" });
    }

    [Fact]
    public void An_unmapped_incompatible_or_non_waiting_target_is_refused_with_a_message_per_activity()
    {
        var state = Waiting();
        var v2 = V2();

        Assert.Contains(WorkflowMigration.Validate(_v1, v2, state, new Dictionary<string, string>()), p => p.ActivityId == "review");
        Assert.Contains(WorkflowMigration.Validate(_v1, v2, state, new Dictionary<string, string> { ["review"] = "clarify" }),
            p => p.Message.Contains("needs a waiting awaitDecision", StringComparison.Ordinal));
        Assert.Contains(WorkflowMigration.Validate(_v1, v2, state, new Dictionary<string, string> { ["review"] = "approved" }),
            p => p.Message.Contains("does not wait", StringComparison.Ordinal));
        Assert.Equal(StepStatus.Refused, WorkflowMigration.Migrate(_v1, v2, state, new Dictionary<string, string> { ["review"] = "nope" }, "admin-1", Now).Status);
    }

    [Fact]
    public void Older_and_draft_versions_are_refused()
    {
        var state = Waiting();
        var mapping = new Dictionary<string, string> { ["review"] = "review" };
        var draft = V2(status: "draft");

        Assert.Contains(WorkflowMigration.Validate(_v1, draft, state, mapping), p => p.Message.Contains("only published versions", StringComparison.Ordinal));
        Assert.Contains(WorkflowMigration.Validate(_v1, _v1, state, mapping), p => p.Message.Contains("newer than v1", StringComparison.Ordinal));
    }
}
