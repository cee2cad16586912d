using System.Collections.Immutable;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Workflows;
using VendorRisk.Domain.Workflows.Runtime;

namespace VendorRisk.Domain.Tests.Workflows;

public class InterpreterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private const string Requester = "requester-1";

    private readonly WorkflowCatalog _catalog = WorkflowTestData.Shipped();
    private readonly FakeHost _host = new();

    private WorkflowDefinition Standard => _catalog.Find("standard-review", 1)!;

    private WorkflowDefinition Enhanced => _catalog.Find("enhanced-review", 1)!;

    private WorkflowStep Start(WorkflowDefinition definition)
    {
        var step = WorkflowInterpreter.Start(definition, new StartWorkflow(Requester), _host, T0);
        Assert.Equal(StepStatus.Applied, step.Status);
        return step;
    }

    private WorkflowStep Handle(WorkflowDefinition definition, WorkflowInstanceState state, WorkflowEvent input, DateTimeOffset? at = null) =>
        WorkflowInterpreter.Handle(definition, state, input, _host, at ?? T0.AddHours(1));

    private static Bookmark OnlyTask(WorkflowInstanceState state) => Assert.Single(state.OpenTasks);

    private static TaskCompleted Decide(Bookmark task, string outcome, string by = "reviewer-1", string? key = null,
        ImmutableDictionary<string, WorkflowValue>? variables = null, ImmutableArray<string> questions = default) =>
        new(task.Id, outcome, by, key ?? Guid.NewGuid().ToString("N"), "note", variables, questions);

    private static Bookmark TimerOf(WorkflowInstanceState state, TimerPurpose purpose) => state.Timers.Single(t => t.Purpose == purpose);

    [Fact]
    public void Standard_review_approve_path_records_residual_risk_notifies_and_completes()
    {
        var started = Start(Standard);
        Assert.Equal(WorkflowInstanceStatus.Waiting, started.State.Status);
        Assert.Equal(["review"], started.State.CurrentActivityIds.ToArray());
        var task = OnlyTask(started.State);
        Assert.Equal("reviewer-1", task.AssigneeUserId);
        Assert.Null(task.Note);
        Assert.Equal(T0.AddHours(72), task.DueAt);
        Assert.Equal(85m, started.State.Variables["score"].Number);
        Assert.Equal("medium", started.State.Variables["tier"].String);
        var request = Assert.Single(_host.ReviewerRequests);
        Assert.Equal(["requester-1"], request.ExcludedUserIds.ToArray());
        Assert.Equal(AssignmentStrategy.LeastLoaded, request.Strategy);
        var create = Assert.Single(started.Commands.OfType<CreateTask>());
        Assert.Equal(["approve", "reject", "requestClarification"], create.Outcomes.ToArray());
        Assert.Equal([(TimerPurpose.Reminder, T0.AddHours(48)), (TimerPurpose.Due, T0.AddHours(72))],
            started.Commands.OfType<ScheduleTimer>().Select(t => (t.Purpose, t.DueAt)));
        Assert.Equal(["start", "done", "routine", "assigned"], started.Commands.OfType<WriteJournal>().Select(j => j.Outcome));

        var approved = Handle(Standard, started.State, Decide(task, "approve", variables: ImmutableDictionary<string, WorkflowValue>.Empty.Add("residualRisk", WorkflowValue.OfString("low"))));

        Assert.Equal(StepStatus.Applied, approved.Status);
        Assert.Equal(WorkflowInstanceStatus.Completed, approved.State.Status);
        Assert.Equal(WorkflowResult.Approved, approved.State.Result);
        Assert.Empty(approved.State.Bookmarks);
        Assert.Equal(new SetResidualRisk("residual-risk", "low"), Assert.Single(approved.Commands.OfType<SetResidualRisk>()));
        Assert.Equal(new CloseTask(task.Id, "approve", "reviewer-1"), Assert.Single(approved.Commands.OfType<CloseTask>()));
        Assert.Equal(2, approved.Commands.OfType<CancelTimer>().Count());
        var mail = Assert.Single(approved.Commands.OfType<SendNotification>());
        Assert.Equal("review-approved", mail.Template);
        Assert.Equal([Recipient.User(Requester), Recipient.Vendor], mail.To.ToArray());
        Assert.Equal(new FinishReview(WorkflowResult.Approved), approved.Commands[^1]);
        Assert.Equal([("review", "residual-risk", "approve", "reviewer-1"), ("residual-risk", "notify-approved", "done", null), ("notify-approved", "approved", "done", null)],
            approved.Commands.OfType<WriteJournal>().Select(j => (j.FromActivityId, j.ToActivityId, j.Outcome, j.By)));
    }

    [Fact]
    public void Low_score_or_critical_findings_still_go_to_a_reviewer_but_with_a_note()
    {
        _host.ScoreResult = new AutoScoreResult(62, RiskTier.Medium, FindingsCritical: 1, FindingsHigh: 0);
        var task = OnlyTask(Start(Standard).State);
        Assert.Equal("reviewer-1", task.AssigneeUserId);
        Assert.StartsWith("The automatic score is below 70", task.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Residual_risk_falls_back_to_the_inherent_tier_when_the_reviewer_gives_none()
    {
        var started = Start(Standard);
        var approved = Handle(Standard, started.State, Decide(OnlyTask(started.State), "approve"));
        Assert.Equal("medium", Assert.Single(approved.Commands.OfType<SetResidualRisk>()).Level);
    }

    [Fact]
    public void Reject_ends_the_review_rejected()
    {
        var started = Start(Standard);
        var rejected = Handle(Standard, started.State, Decide(OnlyTask(started.State), "reject"));
        Assert.Equal(WorkflowResult.Rejected, rejected.State.Result);
        Assert.Empty(rejected.Commands.OfType<SetResidualRisk>());
        Assert.Equal("review-rejected", Assert.Single(rejected.Commands.OfType<SendNotification>()).Template);
    }

    [Fact]
    public void No_eligible_reviewer_or_the_requester_as_candidate_leaves_the_task_with_the_reviewer_pool()
    {
        _host.DefaultReviewer = Requester;
        var task = OnlyTask(Start(Standard).State);
        Assert.Null(task.AssigneeUserId);
        Assert.Equal("Reviewer", task.AssigneeRole);
    }

    [Fact]
    public void Requester_cannot_decide_their_own_review()
    {
        var started = Start(Standard);
        var step = Handle(Standard, started.State, Decide(OnlyTask(started.State), "approve", by: Requester));
        Assert.Equal(StepStatus.Refused, step.Status);
        Assert.Same(started.State, step.State);
        Assert.Empty(step.Commands);
    }

    [Fact]
    public void Unknown_outcome_and_undeclared_variable_are_refused()
    {
        var started = Start(Standard);
        var task = OnlyTask(started.State);
        var unknown = Handle(Standard, started.State, Decide(task, "maybe"));
        Assert.Equal(StepStatus.Refused, unknown.Status);
        Assert.Equal("'maybe' is not a decision of this task (choose approve, reject, requestClarification)", unknown.Message);
        var undeclared = Handle(Standard, started.State, Decide(task, "approve", variables: ImmutableDictionary<string, WorkflowValue>.Empty.Add("mood", WorkflowValue.OfString("good"))));
        Assert.Equal(StepStatus.Refused, undeclared.Status);
        var wrongType = Handle(Standard, started.State, Decide(task, "approve", variables: ImmutableDictionary<string, WorkflowValue>.Empty.Add("residualRisk", WorkflowValue.OfNumber(1))));
        Assert.Equal("'residualRisk' must be a string", wrongType.Message);
    }

    [Fact]
    public void Clarification_loop_is_bounded_at_max_rounds_then_the_reviewer_must_decide()
    {
        var state = Start(Standard).State;
        for (var round = 1; round <= 3; round++)
        {
            var review = OnlyTask(state);
            Assert.Equal("review", review.ActivityId);
            var asked = Handle(Standard, state, Decide(review, "requestClarification", questions: ["q1", "q7"]));
            var clarification = OnlyTask(asked.State);
            Assert.Equal(BookmarkKind.Clarification, clarification.Kind);
            Assert.Equal("vendor", clarification.AssigneeRole);
            var reopen = Assert.Single(asked.Commands.OfType<ReopenQuestions>());
            Assert.Equal((clarification.Id, "note", "reviewer-1"), (reopen.TaskId, reopen.Comment, reopen.RequestedBy));
            Assert.Equal(["q1", "q7"], reopen.QuestionIds.ToArray());
            Assert.Equal(round, asked.State.Variables["clarificationRounds"].Number);
            Assert.Equal(TimerPurpose.ClarificationExpiry, Assert.Single(asked.State.Timers).Purpose);
            state = Handle(Standard, asked.State, new ClarificationAnswered(clarification.Id, "vendor-contact-1")).State;
        }

        var fourth = Handle(Standard, state, Decide(OnlyTask(state), "requestClarification"));
        var final = OnlyTask(fourth.State);
        Assert.Equal("final-review", final.ActivityId);
        Assert.Empty(fourth.Commands.OfType<ReopenQuestions>());
        Assert.Contains(fourth.Commands.OfType<WriteJournal>(), j => j.FromActivityId == "clarify" && j.Outcome == "roundsExhausted");
        Assert.Equal(["approve", "reject"], fourth.Commands.OfType<CreateTask>().Single().Outcomes.ToArray());
        Assert.Equal(3, fourth.State.Rounds["clarify"]);
    }

    [Fact]
    public void Unanswered_clarification_expires_and_returns_to_the_reviewer()
    {
        var started = Start(Standard);
        var asked = Handle(Standard, started.State, Decide(OnlyTask(started.State), "requestClarification"));
        var expiry = Assert.Single(asked.State.Timers);
        Assert.Equal(T0.AddHours(1 + 240), expiry.DueAt);
        var expired = Handle(Standard, asked.State, new TimerFired(expiry.Id), expiry.DueAt);
        Assert.Contains(new CloseTask(OnlyTask(asked.State).Id, "expired", null), expired.Commands);
        Assert.Equal("review", OnlyTask(expired.State).ActivityId);
    }

    [Fact]
    public void Sla_reminds_escalates_twice_then_takes_the_exhausted_outcome()
    {
        var state = Start(Standard).State;
        var task = OnlyTask(state);

        var reminded = Handle(Standard, state, new TimerFired(TimerOf(state, TimerPurpose.Reminder).Id), T0.AddHours(48));
        var reminder = Assert.IsType<SendNotification>(Assert.Single(reminded.Commands));
        Assert.Equal((WorkflowInterpreter.ReminderTemplate, task.Id), (reminder.Template, reminder.TaskId));
        Assert.Equal([Recipient.User("reviewer-1")], reminder.To.ToArray());
        state = reminded.State;

        for (var escalation = 1; escalation <= 2; escalation++)
        {
            var dueAt = OnlyTask(state).DueAt!.Value;
            var escalated = Handle(Standard, state, new TimerFired(TimerOf(state, TimerPurpose.Due).Id), dueAt);
            Assert.Equal(StepStatus.Applied, escalated.Status);
            var current = OnlyTask(escalated.State);
            Assert.Equal(escalation, current.Escalations);
            Assert.Equal("TenantAdmin", current.EscalatedToRole);
            Assert.Equal(dueAt.AddHours(72), current.DueAt);
            Assert.Equal(new RescheduleTask(task.Id, dueAt.AddHours(72), "TenantAdmin", "escalated"), Assert.Single(escalated.Commands.OfType<RescheduleTask>()));
            var mail = escalated.Commands.OfType<SendNotification>().Single();
            Assert.Equal(WorkflowInterpreter.EscalationTemplate, mail.Template);
            Assert.Contains(Recipient.Role("TenantAdmin"), mail.To);
            Assert.Equal(2, escalated.State.Timers.Count());
            state = escalated.State;
        }

        var exhausted = Handle(Standard, state, new TimerFired(TimerOf(state, TimerPurpose.Due).Id), OnlyTask(state).DueAt);
        Assert.Equal(WorkflowInstanceStatus.Completed, exhausted.State.Status);
        Assert.Equal(WorkflowResult.Rejected, exhausted.State.Result);
        Assert.Contains(new CloseTask(task.Id, "reject", null), exhausted.Commands);
    }

    [Fact]
    public void Deadline_extends_up_to_max_extensions_then_is_refused()
    {
        var state = Start(Standard).State;
        var task = OnlyTask(state);
        for (var extension = 1; extension <= 2; extension++)
        {
            var extended = Handle(Standard, state, new DeadlineExtended(task.Id, "reviewer-1", "waiting for a SOC 2 report"));
            Assert.Equal(StepStatus.Applied, extended.Status);
            Assert.Equal(T0.AddHours(72 * (extension + 1)), OnlyTask(extended.State).DueAt);
            Assert.Equal(2, extended.Commands.OfType<CancelTimer>().Count());
            state = extended.State;
        }

        var third = Handle(Standard, state, new DeadlineExtended(task.Id, "reviewer-1"));
        Assert.Equal(StepStatus.Refused, third.Status);
        Assert.Equal("the deadline has already been extended 2 times, the most allowed", third.Message);
    }

    [Fact]
    public void Timer_firing_after_the_task_was_decided_does_nothing()
    {
        var started = Start(Standard);
        var due = TimerOf(started.State, TimerPurpose.Due);
        var decided = Handle(Standard, started.State, Decide(OnlyTask(started.State), "requestClarification"));
        var late = Handle(Standard, decided.State, new TimerFired(due.Id), due.DueAt);
        Assert.Equal(StepStatus.Ignored, late.Status);
        Assert.Same(decided.State, late.State);
        Assert.Empty(late.Commands);
        var twice = Handle(Standard, decided.State, new TimerFired("timer-unknown"));
        Assert.Equal(StepStatus.Ignored, twice.Status);
    }

    [Fact]
    public void Duplicate_completion_returns_already_decided_and_changes_nothing()
    {
        var started = Start(Standard);
        var task = OnlyTask(started.State);
        var first = Handle(Standard, started.State, Decide(task, "requestClarification", key: "form-1"));
        var resubmitted = Handle(Standard, first.State, Decide(task, "requestClarification", key: "form-1"));
        Assert.Equal(StepStatus.AlreadyDecided, resubmitted.Status);
        Assert.Same(first.State, resubmitted.State);
        Assert.Empty(resubmitted.Commands);
        var other = Handle(Standard, first.State, Decide(task, "approve", by: "admin-1", key: "form-2"));
        Assert.Equal(StepStatus.AlreadyDecided, other.Status);
        Assert.StartsWith("already decided: 'requestClarification' by reviewer-1", other.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Finished_instance_refuses_input()
    {
        var started = Start(Standard);
        var task = OnlyTask(started.State);
        var done = Handle(Standard, started.State, Decide(task, "reject"));
        var after = Handle(Standard, done.State, new DeadlineExtended(task.Id, "reviewer-1"));
        Assert.Equal(StepStatus.Refused, after.Status);
        Assert.Equal("the workflow has finished (completed)", after.Message);
        Assert.Same(done.State, after.State);
        Assert.Equal(StepStatus.Refused, Handle(Standard, done.State, new WorkflowCancelled("admin-1", "withdrawn")).Status);
    }

    [Fact]
    public void Cancelling_closes_open_tasks_and_timers()
    {
        var started = Start(Standard);
        var cancelled = Handle(Standard, started.State, new WorkflowCancelled("manager-1", "vendor offboarded"));
        Assert.Equal(WorkflowInstanceStatus.Cancelled, cancelled.State.Status);
        Assert.Empty(cancelled.State.Bookmarks);
        Assert.Single(cancelled.Commands.OfType<CloseTask>());
        Assert.Equal(2, cancelled.Commands.OfType<CancelTimer>().Count());
        Assert.Empty(cancelled.Commands.OfType<FinishReview>());
    }

    [Fact]
    public void Instances_keep_their_pinned_version_when_a_newer_version_exists()
    {
        var v1Text = File.ReadAllText(Path.Combine(WorkflowTestData.WorkflowsFolder, "standard-review", "v1.json"));
        var v2Text = v1Text.Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal)
            .Replace("\"status\": \"published\"", "\"status\": \"draft\"", StringComparison.Ordinal)
            .Replace("\"dueInHours\": 72", "\"dueInHours\": 48", StringComparison.Ordinal);
        var loaded = WorkflowLoader.Load("workflows", [
                new WorkflowFile("enhanced-review/v1.json", File.ReadAllText(Path.Combine(WorkflowTestData.WorkflowsFolder, "enhanced-review", "v1.json"))),
                new WorkflowFile("standard-review/v1.json", v1Text),
                new WorkflowFile("standard-review/v2.json", v2Text),
            ],
            File.ReadAllText(Path.Combine(WorkflowTestData.WorkflowsFolder, WorkflowLoader.LockFileName)));
        Assert.True(loaded.IsSuccess, string.Join("\n", loaded.Errors));
        var catalog = loaded.Catalog!;
        Assert.Equal([1, 2], catalog.All.Where(d => d.Id == "standard-review").Select(d => d.Version));

        var started = Start(catalog.LatestPublished("standard-review")!);
        Assert.Equal(1, started.State.DefinitionVersion);
        var pinned = catalog.Find(started.State.DefinitionId, started.State.DefinitionVersion)!;
        Assert.Equal(started.State.DefinitionHash, pinned.Hash);

        var wrong = Handle(catalog.Find("standard-review", 2)!, started.State, Decide(OnlyTask(started.State), "approve"));
        Assert.Equal(StepStatus.Refused, wrong.Status);
        Assert.StartsWith("the instance is pinned to standard-review v1", wrong.Message, StringComparison.Ordinal);
        Assert.Equal(StepStatus.Applied, Handle(pinned, started.State, Decide(OnlyTask(started.State), "approve")).Status);
    }

    [Fact]
    public void State_survives_a_json_round_trip()
    {
        var started = Start(Standard);
        var asked = Handle(Standard, started.State, Decide(OnlyTask(started.State), "requestClarification", questions: ["q1"]));
        var json = WorkflowStateJson.Serialize(asked.State);
        var restored = WorkflowStateJson.Deserialize(json);
        Assert.Equal(json, WorkflowStateJson.Serialize(restored));
        Assert.Contains("\"status\":\"waiting\"", json, StringComparison.Ordinal);
        var answered = Handle(Standard, restored, new ClarificationAnswered(OnlyTask(restored).Id, "vendor-contact-1"));
        Assert.Equal("review", OnlyTask(answered.State).ActivityId);
        Assert.Equal(1m, restored.Variables["clarificationRounds"].Number);
    }

    [Fact]
    public void Same_inputs_give_the_same_state_and_commands()
    {
        var a = Start(Standard);
        var b = Start(Standard);
        Assert.Equal(WorkflowStateJson.Serialize(a.State), WorkflowStateJson.Serialize(b.State));
        Assert.Equal(a.Commands.Select(c => c.ToString()), b.Commands.Select(c => c.ToString()));
    }
}
