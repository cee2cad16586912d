using System.Collections.Immutable;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Messaging;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Workflows;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.Application.Reviews;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Reviews.ReviewTestKit;

namespace VendorRisk.IntegrationTests.Reviews;

public sealed class WorkflowRunnerTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private static readonly ImmutableDictionary<string, WorkflowValue> LowResidual =
        ImmutableDictionary<string, WorkflowValue>.Empty.Add("residualRisk", WorkflowValue.OfString("low"));

    [Fact]
    public void The_shipped_workflows_are_loaded_once_into_the_catalog()
    {
        var catalog = app.Services.GetRequiredService<WorkflowCatalog>();
        Assert.NotNull(catalog.SelectFor(RiskTier.Low, null));
        Assert.Equal("enhanced-review", catalog.SelectFor(RiskTier.Critical, null)!.Id);
    }

    [Fact]
    public async Task Starting_a_review_assigns_the_reviewer_who_is_not_the_requester_and_moves_the_assessment_into_review()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);

        var task = await ReviewTaskAsync(app, scene, instanceId);
        Assert.Equal(scene.Reviewer.Id, task.AssigneeUserId);
        Assert.Equal("review", task.ActivityId);
        Assert.Equal(AssessmentStatus.InReview, (await AssessmentOfAsync(app, scene, instanceId)).Status);
        var again = await RunAsync(app, scene, r => r.StartForAssessmentAsync(task.AssessmentId));
        Assert.Equal(StepStatus.AlreadyDecided, again.Status);
    }

    [Fact]
    public async Task Exactly_one_of_concurrent_decisions_on_a_task_wins_and_the_others_are_told_it_was_already_decided()
    {
        var scene = await SceneAsync(app);
        for (var round = 0; round < 50; round++)
        {
            var instanceId = await StartedReviewAsync(app, scene);
            var task = await ReviewTaskAsync(app, scene, instanceId);
            var outcomes = new[] { "approve", "reject", "approve", "reject" };
            var results = await Task.WhenAll(outcomes.Select(o =>
                Task.Run(() => DecideAsync(app, scene, instanceId, task.TaskId, o, scene.Reviewer, variables: LowResidual))));

            Assert.Equal(1, results.Count(r => r.Status == StepStatus.Applied));
            Assert.All(results.Where(r => !r.Applied), r => Assert.Equal(StepStatus.AlreadyDecided, r.Status));
            var instance = await InstanceAsync(app, scene, instanceId);
            Assert.Equal("completed", instance.Status);
            var journal = await app.InDbAsync(db => db.Set<WorkflowJournalEntry>().CountAsync(j => j.InstanceId == instanceId && j.FromActivityId == "review"), scene.Tenant.Id);
            Assert.Equal(1, journal);
        }
    }

    [Fact]
    public async Task A_replayed_submission_returns_the_first_result_and_changes_nothing()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);
        var task = await ReviewTaskAsync(app, scene, instanceId);

        var first = await DecideAsync(app, scene, instanceId, task.TaskId, "approve", scene.Reviewer, key: "form-1", variables: LowResidual);
        var version = (await InstanceAsync(app, scene, instanceId)).Version;
        var replay = await DecideAsync(app, scene, instanceId, task.TaskId, "reject", scene.Reviewer, key: "form-1");

        Assert.Equal(StepStatus.Applied, first.Status);
        Assert.Equal(StepStatus.AlreadyDecided, replay.Status);
        Assert.Contains("'approve'", replay.Message, StringComparison.Ordinal);
        Assert.Equal(version, (await InstanceAsync(app, scene, instanceId)).Version);
        Assert.Equal(AssessmentStatus.Approved, (await AssessmentOfAsync(app, scene, instanceId)).Status);
        Assert.Equal("low", (await InstanceAsync(app, scene, instanceId)).ResidualRisk);
    }

    [Fact]
    public async Task A_timer_of_a_decided_task_does_nothing()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);
        var task = await ReviewTaskAsync(app, scene, instanceId);
        var timerIds = await app.InDbAsync(db => db.Set<WorkflowTimer>().Where(t => t.InstanceId == instanceId).Select(t => t.TimerId).ToListAsync(), scene.Tenant.Id);
        Assert.NotEmpty(timerIds);
        Assert.True((await DecideAsync(app, scene, instanceId, task.TaskId, "approve", scene.Reviewer, variables: LowResidual)).Applied);
        var version = (await InstanceAsync(app, scene, instanceId)).Version;

        app.Clock.Advance(TimeSpan.FromHours(200));
        foreach (var timerId in timerIds)
        {
            await app.InScopeAsync(sp => sp.GetRequiredService<WorkflowTimerJob>().FireAsync(scene.Tenant.Id, instanceId, timerId, CancellationToken.None));
        }
        await SweepAsync(app);

        Assert.Equal(version, (await InstanceAsync(app, scene, instanceId)).Version);
        Assert.Equal(0, await app.InDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == "workflow-task-reminder" || m.Kind == "workflow-task-escalated"), scene.Tenant.Id));
    }

    [Fact]
    public async Task Clarification_rounds_stop_at_their_bound_and_lead_to_the_final_review()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);
        for (var round = 1; round <= 3; round++)
        {
            var review = await ReviewTaskAsync(app, scene, instanceId);
            Assert.Equal("review", review.ActivityId);
            Assert.True((await DecideAsync(app, scene, instanceId, review.TaskId, "requestClarification", scene.Reviewer, questions: ["mfa"])).Applied);
            var assessment = await AssessmentOfAsync(app, scene, instanceId);
            Assert.Equal(AssessmentStatus.ClarificationRequested, assessment.Status);
            Assert.Equal(["mfa"], assessment.ReopenedItemIds);
            var clarification = Assert.Single(await OpenTasksAsync(app, scene, instanceId));
            Assert.Equal(WorkflowRunner.KindClarification, clarification.Kind);
            Assert.True((await RunAsync(app, scene, r => r.ClarificationAnsweredAsync(clarification.AssessmentId, scene.Requester.Id))).Applied);
        }

        var last = await ReviewTaskAsync(app, scene, instanceId);
        Assert.True((await DecideAsync(app, scene, instanceId, last.TaskId, "requestClarification", scene.Reviewer, questions: ["mfa"])).Applied);

        var final = await ReviewTaskAsync(app, scene, instanceId);
        Assert.Equal("final-review", final.ActivityId);
        var refused = await DecideAsync(app, scene, instanceId, final.TaskId, "requestClarification", scene.Reviewer);
        Assert.Equal(StepStatus.Refused, refused.Status);
        Assert.Equal(3, (await AssessmentOfAsync(app, scene, instanceId)).ClarificationRounds);
    }

    [Fact]
    public async Task Escalations_stop_at_their_bound_and_then_the_task_closes_with_the_configured_outcome()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);
        var task = await ReviewTaskAsync(app, scene, instanceId);

        for (var escalation = 1; escalation <= 2; escalation++)
        {
            app.Clock.Advance(TimeSpan.FromHours(73));
            await SweepAsync(app);
            var row = Assert.Single(await OpenTasksAsync(app, scene, instanceId));
            Assert.Equal(task.TaskId, row.TaskId);
            Assert.Equal("TenantAdmin", row.EscalatedToRole);
        }
        app.Clock.Advance(TimeSpan.FromHours(73));
        await SweepAsync(app);

        Assert.Empty(await OpenTasksAsync(app, scene, instanceId));
        Assert.Equal(AssessmentStatus.Rejected, (await AssessmentOfAsync(app, scene, instanceId)).Status);
        var escalationMails = await app.InDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == "workflow-task-escalated" && m.ToAddress == scene.Admin.Email), scene.Tenant.Id);
        Assert.Equal(2, escalationMails);
        Assert.Equal(0, await SweepAsync(app));
    }

    [Fact]
    public async Task A_failure_in_the_middle_of_a_step_leaves_no_partial_state()
    {
        var scene = await SceneAsync(app);
        var instanceId = await StartedReviewAsync(app, scene);
        var task = await ReviewTaskAsync(app, scene, instanceId);
        var before = await InstanceAsync(app, scene, instanceId);
        var journalBefore = await app.CountAllAsync<WorkflowJournalEntry>();
        var mailBefore = await app.CountAllAsync<OutboxMessage>();
        var hooks = app.Services.GetRequiredService<WorkflowRunnerHooks>();
        var seen = 0;
        hooks.BeforeCommand = c =>
        {
            // Let the task close, the journal and the residual risk through, then fail on the notification.
            seen++;
            if (c is SendNotification) throw new InvalidOperationException("injected failure");
        };
        try
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() =>
                DecideAsync(app, scene, instanceId, task.TaskId, "approve", scene.Reviewer, variables: LowResidual));
        }
        finally
        {
            hooks.BeforeCommand = null;
        }

        Assert.True(seen > 2);
        var after = await InstanceAsync(app, scene, instanceId);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.StateJson, after.StateJson);
        Assert.Null(after.ResidualRisk);
        Assert.Equal(task.TaskId, (await ReviewTaskAsync(app, scene, instanceId)).TaskId);
        Assert.Equal(journalBefore, await app.CountAllAsync<WorkflowJournalEntry>());
        Assert.Equal(mailBefore, await app.CountAllAsync<OutboxMessage>());
        Assert.Equal(AssessmentStatus.InReview, (await AssessmentOfAsync(app, scene, instanceId)).Status);

        // And the same decision goes through once the fault is gone.
        Assert.True((await DecideAsync(app, scene, instanceId, task.TaskId, "approve", scene.Reviewer, variables: LowResidual)).Applied);
    }
}
