using System.Collections.Immutable;
using System.Globalization;
using VendorRisk.Domain.Questionnaires.Expressions;

namespace VendorRisk.Domain.Workflows.Runtime;

/// <summary>
/// Runs workflow instances: pure and deterministic. Given a definition, a state, an input and the time, it returns the
/// new state and the commands the host must carry out in the same transaction; it never reads a clock or stores
/// anything. It runs synchronous activities (autoScore, decision, assignReviewer, setResidualRisk, notify, end) until
/// the instance waits on a blocking one (awaitDecision, requestClarification, committeeApproval) or finishes.
/// Refused inputs change nothing and return no commands.
/// </summary>
public static class WorkflowInterpreter
{
    /// <summary>Synchronous steps one input may run before the instance faults (the validator already forbids unbounded loops).</summary>
    public const int MaxStepsPerInput = 1000;

    public const string ReminderTemplate = "workflow-task-reminder";
    public const string EscalationTemplate = "workflow-task-escalated";
    public const string TaskAssignedTemplate = "workflow-task-assigned";
    public const string VoteRequestedTemplate = "workflow-vote-requested";
    public const string ClarificationRequestedTemplate = "workflow-clarification-requested";

    public static WorkflowStep Start(WorkflowDefinition definition, StartWorkflow start, IWorkflowHost host, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(host);
        if (string.IsNullOrWhiteSpace(start.RequesterUserId))
        {
            throw new ArgumentException("A workflow needs the requester's user id.", nameof(start));
        }

        var variables = definition.Variables.Values.Where(v => v.Default is not null)
            .ToImmutableDictionary(v => v.Name, v => v.Default!, StringComparer.Ordinal);
        var state = new WorkflowInstanceState
        {
            DefinitionId = definition.Id,
            DefinitionVersion = definition.Version,
            DefinitionHash = definition.Hash,
            RequesterUserId = start.RequesterUserId,
            Status = WorkflowInstanceStatus.Running,
            StartedAt = now,
            Variables = variables,
        };
        var run = new Run(definition, state, host, now);
        if (start.Variables is not null && run.SetVariables(start.Variables) is { } problem)
        {
            return new WorkflowStep(StepStatus.Refused, state, [], problem);
        }

        run.Journal(null, definition.Start, "start", start.RequesterUserId);
        run.Enter(definition.Start);
        return run.Finish();
    }

    public static WorkflowStep Handle(WorkflowDefinition definition, WorkflowInstanceState state, WorkflowEvent input, IWorkflowHost host,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(host);
        if (definition.Id != state.DefinitionId || definition.Version != state.DefinitionVersion || definition.Hash != state.DefinitionHash)
        {
            return Refuse(state, string.Create(CultureInfo.InvariantCulture,
                $"the instance is pinned to {state.DefinitionId} v{state.DefinitionVersion} ({state.DefinitionHash}), not {definition.Id} v{definition.Version} ({definition.Hash})"));
        }

        if (state.IsFinished)
        {
            return input is TimerFired
                ? new WorkflowStep(StepStatus.Ignored, state, [], "the workflow has finished")
                : Refuse(state, $"the workflow has finished ({Describe(state.Status)})");
        }

        var run = new Run(definition, state, host, now);
        return input switch
        {
            TaskCompleted completed => run.CompleteTask(completed),
            VoteCast vote => run.CastVote(vote),
            TimerFired timer => run.FireTimer(timer),
            ClarificationAnswered answered => run.AnswerClarification(answered),
            DeadlineExtended extension => run.ExtendDeadline(extension),
            WorkflowCancelled cancelled => run.Cancel(cancelled),
            _ => throw new ArgumentOutOfRangeException(nameof(input), input, "Unknown workflow event."),
        };
    }

    private static string Describe(Enum value) => WorkflowDefinitionReader.EnumName(value);

    private static WorkflowStep Refuse(WorkflowInstanceState state, string message) => new(StepStatus.Refused, state, [], message);

    /// <summary>One call's work: the state being built and the commands so far.</summary>
    private sealed class Run(WorkflowDefinition definition, WorkflowInstanceState state, IWorkflowHost host, DateTimeOffset now)
    {
        private readonly WorkflowInstanceState _original = state;
        private readonly List<WorkflowCommand> _commands = [];
        private WorkflowInstanceState _state = state with { Status = WorkflowInstanceStatus.Running };

        public WorkflowStep Finish()
        {
            if (_state.Status == WorkflowInstanceStatus.Running)
            {
                _state = _state with { Status = WorkflowInstanceStatus.Waiting };
            }

            return new WorkflowStep(StepStatus.Applied, _state, [.. _commands]);
        }

        private WorkflowStep Refuse(string message) => new(StepStatus.Refused, _original, [], message);

        private WorkflowStep AlreadyDecided(ClosedTask closed) => new(StepStatus.AlreadyDecided, _original, [],
            string.Create(CultureInfo.InvariantCulture,
                $"already decided: '{closed.Outcome}' by {closed.By ?? "the system"} at {closed.At:yyyy-MM-dd HH:mm} UTC"));

        public void Journal(string? from, string? to, string outcome, string? by) => _commands.Add(new WriteJournal(from, to, outcome, by, now));

        // ------------------------------------------------------------ inputs

        public WorkflowStep CompleteTask(TaskCompleted input)
        {
            if (_state.ProcessedIdempotencyKeys.Contains(input.IdempotencyKey, StringComparer.Ordinal))
            {
                var earlier = _state.ClosedTasks.LastOrDefault(c => c.Id == input.TaskId);
                return earlier is null
                    ? new WorkflowStep(StepStatus.AlreadyDecided, _original, [], "this submission was already processed")
                    : AlreadyDecided(earlier);
            }

            if (FindOpen(input.TaskId) is not { } task)
            {
                return Closed(input.TaskId) is { } closed ? AlreadyDecided(closed) : Refuse($"there is no task '{input.TaskId}'");
            }

            if (task.Kind != BookmarkKind.HumanTask)
            {
                return Refuse($"task '{task.Id}' is a {Describe(task.Kind)}, not a decision");
            }

            if (input.By == _state.RequesterUserId)
            {
                return Refuse("the requester of an assessment cannot decide its review");
            }

            var activity = definition.Activity(task.ActivityId);
            if (!activity.Outcomes.ContainsKey(input.Outcome))
            {
                return Refuse($"'{input.Outcome}' is not a decision of this task (choose {string.Join(", ", activity.Outcomes.Keys.Order(StringComparer.Ordinal))})");
            }

            if (input.Variables is not null && SetVariables(input.Variables) is { } problem)
            {
                return Refuse(problem);
            }

            _state = _state with
            {
                ProcessedIdempotencyKeys = _state.ProcessedIdempotencyKeys.Add(input.IdempotencyKey),
                PendingClarification = definition.Activity(activity.Outcomes[input.Outcome]) is RequestClarificationActivity
                    ? new ClarificationRequest(input.By, input.Comment, input.QuestionIds.IsDefault ? [] : input.QuestionIds, input.QuestionComments)
                    : null,
            };
            CloseBookmark(task, input.Outcome, input.By);
            Take(activity, input.Outcome, input.By);
            return Finish();
        }

        public WorkflowStep CastVote(VoteCast input)
        {
            if (FindOpen(input.TaskId) is not { } task)
            {
                return Closed(input.TaskId) is { } closed
                    ? new WorkflowStep(StepStatus.Refused, _original, [], $"voting has closed: the committee decided '{closed.Outcome}'")
                    : Refuse($"there is no vote '{input.TaskId}'");
            }

            if (task.Kind != BookmarkKind.Vote)
            {
                return Refuse($"task '{task.Id}' is a {Describe(task.Kind)}, not a vote");
            }

            if (input.Voter == _state.RequesterUserId)
            {
                return Refuse("the requester of an assessment cannot vote on it");
            }

            if (task.Votes.Any(v => v.Voter == input.Voter))
            {
                return Refuse("you have already voted");
            }

            var updated = task with { Votes = task.Votes.Add(new CastVote(input.Voter, input.Vote, input.Comment, now)) };
            Replace(updated);
            _commands.Add(new RecordVote(task.Id, input.Voter, input.Vote, input.Comment, now));
            var activity = (CommitteeApprovalActivity)definition.Activity(task.ActivityId);
            var everyoneVoted = !updated.Electorate.IsEmpty && updated.Electorate.All(m => updated.Votes.Any(v => v.Voter == m));
            if (everyoneVoted && updated.Votes.Length >= activity.Quorum.MinVotes)
            {
                DecideVote(activity, updated);
            }

            return Finish();
        }

        public WorkflowStep FireTimer(TimerFired input)
        {
            if (FindOpen(input.TimerId) is not { Kind: BookmarkKind.Timer } timer)
            {
                return new WorkflowStep(StepStatus.Ignored, _original, [], $"timer '{input.TimerId}' is no longer pending");
            }

            _state = _state with { Bookmarks = _state.Bookmarks.Remove(timer) };
            if (timer.ParentId is null || FindOpen(timer.ParentId) is not { } task)
            {
                return new WorkflowStep(StepStatus.Ignored, _original, [], $"the task of timer '{input.TimerId}' is closed");
            }

            var activity = definition.Activity(task.ActivityId);
            switch (timer.Purpose)
            {
                case TimerPurpose.Reminder:
                    _commands.Add(new SendNotification(ReminderTemplate, AssigneeOf(task), task.Id));
                    break;
                case TimerPurpose.Due when activity is AwaitDecisionActivity { Sla: { } sla }:
                    if (task.Escalations < sla.Escalations)
                    {
                        var due = now.AddHours(sla.DueInHours);
                        var escalated = task with { Escalations = task.Escalations + 1, EscalatedToRole = sla.EscalateToRole, DueAt = due };
                        Replace(escalated);
                        CancelTimers(task.Id);
                        _commands.Add(new RescheduleTask(task.Id, due, sla.EscalateToRole, "escalated"));
                        _commands.Add(new SendNotification(EscalationTemplate, [.. AssigneeOf(task), Recipient.Role(sla.EscalateToRole)], task.Id));
                        ScheduleSlaTimers(escalated, sla);
                    }
                    else
                    {
                        CloseBookmark(task, sla.OnEscalationsExhausted, null);
                        Take(activity, sla.OnEscalationsExhausted, null);
                    }

                    break;
                case TimerPurpose.ClarificationExpiry:
                    CloseBookmark(task, WorkflowOutcomes.Expired, null);
                    Take(activity, WorkflowOutcomes.Expired, null);
                    break;
                case TimerPurpose.VoteDeadline:
                    DecideVote((CommitteeApprovalActivity)activity, task);
                    break;
                default:
                    return new WorkflowStep(StepStatus.Ignored, _original, [], $"timer '{input.TimerId}' has nothing to do");
            }

            return Finish();
        }

        public WorkflowStep AnswerClarification(ClarificationAnswered input)
        {
            if (FindOpen(input.TaskId) is not { } task)
            {
                return Closed(input.TaskId) is { } closed ? AlreadyDecided(closed) : Refuse($"there is no clarification '{input.TaskId}'");
            }

            if (task.Kind != BookmarkKind.Clarification)
            {
                return Refuse($"task '{task.Id}' is a {Describe(task.Kind)}, not a clarification");
            }

            CloseBookmark(task, WorkflowOutcomes.Answered, input.By);
            Take(definition.Activity(task.ActivityId), WorkflowOutcomes.Answered, input.By);
            return Finish();
        }

        public WorkflowStep ExtendDeadline(DeadlineExtended input)
        {
            if (FindOpen(input.TaskId) is not { } task)
            {
                return Closed(input.TaskId) is { } closed ? AlreadyDecided(closed) : Refuse($"there is no task '{input.TaskId}'");
            }

            if (task.Kind != BookmarkKind.HumanTask || definition.Activity(task.ActivityId) is not AwaitDecisionActivity { Sla: { } sla })
            {
                return Refuse($"task '{task.Id}' has no deadline to extend");
            }

            if (input.ExtensionsSeen is { } seen && seen != task.Extensions)
            {
                return new WorkflowStep(StepStatus.AlreadyDecided, _original, [], string.Create(CultureInfo.InvariantCulture,
                    $"the deadline was already extended meanwhile: it is now {task.DueAt:yyyy-MM-dd HH:mm} UTC"));
            }

            if (task.Extensions >= sla.MaxExtensions)
            {
                return Refuse(string.Create(CultureInfo.InvariantCulture, $"the deadline has already been extended {task.Extensions} times, the most allowed"));
            }

            var due = (task.DueAt ?? now).AddHours(sla.DueInHours);
            var extended = task with { Extensions = task.Extensions + 1, DueAt = due };
            Replace(extended);
            CancelTimers(task.Id);
            _commands.Add(new RescheduleTask(task.Id, due, task.EscalatedToRole, input.Reason is null ? "extended" : $"extended: {input.Reason}"));
            Journal(task.ActivityId, task.ActivityId, "deadlineExtended", input.By);
            ScheduleSlaTimers(extended, sla);
            return Finish();
        }

        public WorkflowStep Cancel(WorkflowCancelled input)
        {
            foreach (var task in _state.OpenTasks.ToList())
            {
                CloseBookmark(task, "cancelled", input.By);
            }

            foreach (var timer in _state.Timers.ToList())
            {
                _commands.Add(new CancelTimer(timer.Id));
            }

            Journal(_state.CurrentActivityIds.FirstOrDefault(), null, "cancelled", input.By);
            _state = _state with
            {
                Status = WorkflowInstanceStatus.Cancelled,
                Bookmarks = [],
                CurrentActivityIds = [],
                FinishedAt = now,
                FaultReason = null,
            };
            return Finish();
        }

        // ------------------------------------------------------------ running activities

        /// <summary>Runs from <paramref name="activityId"/> until a blocking activity waits or an end is reached.</summary>
        public void Enter(string activityId)
        {
            string? next = activityId;
            var steps = 0;
            while (next is not null)
            {
                if (++steps > MaxStepsPerInput)
                {
                    Fault($"more than {MaxStepsPerInput} steps without waiting, at activity '{next}'");
                    return;
                }

                _state = _state with { CurrentActivityIds = [next] };
                next = Execute(definition.Activity(next));
            }
        }

        /// <summary>Runs one activity; returns the next activity id, or null when it waits or the instance ended.</summary>
        private string? Execute(WorkflowActivity activity)
        {
            switch (activity)
            {
                case AutoScoreActivity:
                {
                    var score = host.Score();
                    SetReserved(ReservedVariables.Score, WorkflowValue.OfNumber(score.Score));
                    SetReserved(ReservedVariables.Tier, WorkflowValue.OfString(Describe(score.Tier)));
                    SetReserved(ReservedVariables.FindingsCritical, WorkflowValue.OfNumber(score.FindingsCritical));
                    SetReserved(ReservedVariables.FindingsHigh, WorkflowValue.OfNumber(score.FindingsHigh));
                    SetReserved(ReservedVariables.FindingsMedium, WorkflowValue.OfNumber(score.FindingsMedium));
                    SetReserved(ReservedVariables.FindingsLow, WorkflowValue.OfNumber(score.FindingsLow));
                    return Next(activity, WorkflowOutcomes.Done, null);
                }

                case DecisionActivity decision:
                {
                    var values = _state.Variables.ToDictionary(v => v.Key, v => (Questionnaires.AnswerValue?)v.Value.ToAnswerValue(), StringComparer.Ordinal);
                    var outcome = decision.Cases.FirstOrDefault(c => ExpressionEvaluator.IsTrue(c.Condition, values))?.Outcome ?? decision.Default;
                    return Next(activity, outcome, null);
                }

                case AssignReviewerActivity assign:
                {
                    ImmutableArray<string> excluded = [_state.RequesterUserId];
                    var picked = host.SelectReviewer(new ReviewerRequest(assign.Id, assign.Role, assign.Strategy, excluded));
                    if (picked is not null && excluded.Contains(picked, StringComparer.Ordinal))
                    {
                        picked = null; // the host must never return the requester; fall back to the role's pool
                    }

                    _state = _state with { Assignments = _state.Assignments.SetItem(assign.Assignment, new ReviewerAssignment(assign.Role, picked, assign.Note)) };
                    _commands.Add(new AssignReviewer(assign.Id, assign.Assignment, assign.Role, assign.Strategy, picked, excluded));
                    return Next(activity, WorkflowOutcomes.Assigned, null);
                }

                case AwaitDecisionActivity await:
                {
                    var assignment = _state.Assignments.GetValueOrDefault(await.Assignee)
                        ?? new ReviewerAssignment(definition.Activities.OfType<AssignReviewerActivity>().First(a => a.Assignment == await.Assignee).Role, null, null);
                    var task = NewBookmark(await.Id, BookmarkKind.HumanTask) with
                    {
                        AssigneeUserId = assignment.UserId,
                        AssigneeRole = assignment.Role,
                        Note = assignment.Note,
                        DueAt = await.Sla is null ? null : now.AddHours(await.Sla.DueInHours),
                    };
                    Open(task);
                    _commands.Add(new CreateTask(task.Id, await.Id, BookmarkKind.HumanTask, await.Title ?? "Review decision", task.AssigneeUserId,
                        task.AssigneeRole, task.Note, task.DueAt, [.. await.Outcomes.Keys.Order(StringComparer.Ordinal)], []));
                    _commands.Add(new SendNotification(TaskAssignedTemplate, AssigneeOf(task), task.Id));
                    if (await.Sla is { } sla)
                    {
                        ScheduleSlaTimers(task, sla);
                    }

                    return null;
                }

                case RequestClarificationActivity clarification:
                {
                    if (!NextRound(clarification))
                    {
                        return Next(activity, WorkflowOutcomes.RoundsExhausted, null);
                    }

                    SetReserved(ReservedVariables.ClarificationRounds, WorkflowValue.OfNumber(definition.Activities
                        .OfType<RequestClarificationActivity>().Sum(a => _state.Rounds.GetValueOrDefault(a.Id))));
                    var request = _state.PendingClarification ?? new ClarificationRequest(_state.RequesterUserId, null, []);
                    var task = NewBookmark(clarification.Id, BookmarkKind.Clarification) with
                    {
                        AssigneeRole = WorkflowRoles.Vendor,
                        Note = request.Comment,
                        DueAt = now.AddHours(clarification.ResponseHours),
                    };
                    Open(task);
                    _commands.Add(new CreateTask(task.Id, clarification.Id, BookmarkKind.Clarification, "Clarification requested", null, WorkflowRoles.Vendor,
                        request.Comment, task.DueAt, [WorkflowOutcomes.Answered], []));
                    _commands.Add(new ReopenQuestions(task.Id, request.QuestionIds, request.Comment, request.RequestedBy, request.QuestionComments));
                    _commands.Add(new SendNotification(ClarificationRequestedTemplate, [Recipient.Vendor], task.Id));
                    ScheduleTimer(task, task.DueAt!.Value, TimerPurpose.ClarificationExpiry);
                    _state = _state with { PendingClarification = null };
                    return null;
                }

                case CommitteeApprovalActivity committee:
                {
                    if (!NextRound(committee))
                    {
                        return Next(activity, WorkflowOutcomes.RoundsExhausted, null);
                    }

                    var electorate = host.CommitteeMembers(committee.Role, [_state.RequesterUserId])
                        .Where(m => m != _state.RequesterUserId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
                    var vote = NewBookmark(committee.Id, BookmarkKind.Vote) with
                    {
                        AssigneeRole = committee.Role,
                        Electorate = electorate,
                        DueAt = now.AddHours(committee.DeadlineHours),
                    };
                    Open(vote);
                    _commands.Add(new CreateTask(vote.Id, committee.Id, BookmarkKind.Vote, "Committee vote", null, committee.Role, null, vote.DueAt,
                        [Describe(VoteChoice.Approve), Describe(VoteChoice.ApproveWithConditions), Describe(VoteChoice.Reject)], electorate));
                    _commands.Add(new SendNotification(VoteRequestedTemplate,
                        electorate.IsEmpty ? [Recipient.Role(committee.Role)] : [.. electorate.Select(Recipient.User)], vote.Id));
                    ScheduleTimer(vote, vote.DueAt!.Value, TimerPurpose.VoteDeadline);
                    return null;
                }

                case SetResidualRiskActivity residual:
                {
                    var level = residual.From is not null && _state.Variables.GetValueOrDefault(residual.From) is { String: { Length: > 0 } chosen }
                        ? chosen
                        : _state.Variables.GetValueOrDefault(ReservedVariables.Tier)?.String;
                    if (level is null)
                    {
                        Fault($"activity '{residual.Id}' has no residual risk: '{residual.From ?? ReservedVariables.Tier}' is empty");
                        return null;
                    }

                    _commands.Add(new SetResidualRisk(residual.Id, level));
                    return Next(activity, WorkflowOutcomes.Done, null);
                }

                case NotifyActivity notify:
                    _commands.Add(new SendNotification(notify.Template, [.. notify.To.Select(ToRecipient)], null));
                    return Next(activity, WorkflowOutcomes.Done, null);
                case EndActivity end:
                    foreach (var task in _state.OpenTasks.ToList())
                    {
                        CloseBookmark(task, "cancelled", null);
                    }

                    foreach (var timer in _state.Timers)
                    {
                        _commands.Add(new CancelTimer(timer.Id));
                    }

                    _state = _state with
                    {
                        Status = WorkflowInstanceStatus.Completed,
                        Result = end.Result,
                        FinishedAt = now,
                        Bookmarks = [],
                        CurrentActivityIds = [],
                    };
                    _commands.Add(new FinishReview(end.Result));
                    return null;
                default:
                    throw new InvalidOperationException($"Unknown activity type {activity.GetType().Name}.");
            }
        }

        private void Take(WorkflowActivity from, string outcome, string? by)
        {
            var next = Next(from, outcome, by);
            if (next is not null)
            {
                Enter(next);
            }
        }

        private string Next(WorkflowActivity from, string outcome, string? by)
        {
            var target = from.Outcomes[outcome];
            Journal(from.Id, target, outcome, by);
            return target;
        }

        private void DecideVote(CommitteeApprovalActivity activity, Bookmark vote)
        {
            var outcome = CommitteeTally.Decide(activity.Quorum, [.. vote.Votes.Select(v => v.Choice)]);
            CloseBookmark(vote, outcome, null);
            Take(activity, outcome, null);
        }

        private bool NextRound(WorkflowActivity activity)
        {
            var used = _state.Rounds.GetValueOrDefault(activity.Id);
            if (activity.MaxRounds is { } max && used >= max)
            {
                return false;
            }

            _state = _state with { Rounds = _state.Rounds.SetItem(activity.Id, used + 1) };
            return true;
        }

        private void Fault(string reason)
        {
            foreach (var timer in _state.Timers)
            {
                _commands.Add(new CancelTimer(timer.Id));
            }

            _state = _state with { Status = WorkflowInstanceStatus.Faulted, FaultReason = reason, FinishedAt = now, Bookmarks = [.. _state.OpenTasks] };
            Journal(_state.CurrentActivityIds.FirstOrDefault(), null, "faulted", null);
        }

        // ------------------------------------------------------------ bookmarks and timers

        private Bookmark NewBookmark(string activityId, BookmarkKind kind)
        {
            var prefix = kind switch
            {
                BookmarkKind.Timer => "timer",
                BookmarkKind.Vote => "vote",
                BookmarkKind.Clarification => "clarification",
                _ => "task",
            };
            var id = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{_state.NextId}");
            _state = _state with { NextId = _state.NextId + 1 };
            return new Bookmark { Id = id, ActivityId = activityId, Kind = kind, CreatedAt = now };
        }

        private void Open(Bookmark bookmark) => _state = _state with { Bookmarks = _state.Bookmarks.Add(bookmark) };

        private void Replace(Bookmark bookmark) =>
            _state = _state with { Bookmarks = _state.Bookmarks.Replace(_state.Bookmarks.Single(b => b.Id == bookmark.Id), bookmark) };

        private Bookmark? FindOpen(string id) => _state.Bookmarks.FirstOrDefault(b => b.Id == id);

        private ClosedTask? Closed(string id) => _state.ClosedTasks.LastOrDefault(c => c.Id == id);

        private void CloseBookmark(Bookmark task, string outcome, string? by)
        {
            CancelTimers(task.Id);
            _state = _state with
            {
                Bookmarks = _state.Bookmarks.RemoveAll(b => b.Id == task.Id),
                ClosedTasks = _state.ClosedTasks.Add(new ClosedTask(task.Id, task.ActivityId, task.Kind, outcome, by, now)),
            };
            _commands.Add(new CloseTask(task.Id, outcome, by));
        }

        private void CancelTimers(string taskId)
        {
            foreach (var timer in _state.Timers.Where(t => t.ParentId == taskId).ToList())
            {
                _state = _state with { Bookmarks = _state.Bookmarks.Remove(timer) };
                _commands.Add(new CancelTimer(timer.Id));
            }
        }

        private void ScheduleSlaTimers(Bookmark task, SlaPolicy sla)
        {
            var due = task.DueAt!.Value;
            foreach (var hours in sla.RemindBeforeHours)
            {
                var at = due.AddHours(-hours);
                if (at > now)
                {
                    ScheduleTimer(task, at, TimerPurpose.Reminder);
                }
            }

            ScheduleTimer(task, due, TimerPurpose.Due);
        }

        private void ScheduleTimer(Bookmark task, DateTimeOffset at, TimerPurpose purpose)
        {
            var timer = NewBookmark(task.ActivityId, BookmarkKind.Timer) with { ParentId = task.Id, DueAt = at, Purpose = purpose };
            Open(timer);
            _commands.Add(new ScheduleTimer(timer.Id, task.Id, at, purpose));
        }

        private static ImmutableArray<Recipient> AssigneeOf(Bookmark task) =>
            task.AssigneeUserId is { } user ? [Recipient.User(user)]
            : task.AssigneeRole == WorkflowRoles.Vendor ? [Recipient.Vendor]
            : task.AssigneeRole is { } role ? [Recipient.Role(role)]
            : [];

        private Recipient ToRecipient(string to) => to switch
        {
            WorkflowRoles.Vendor => Recipient.Vendor,
            WorkflowRoles.Requester => Recipient.User(_state.RequesterUserId),
            _ => Recipient.Role(to),
        };

        // ------------------------------------------------------------ variables

        /// <summary>Sets declared variables from an input; returns a message when one is undeclared or of the wrong type.</summary>
        public string? SetVariables(ImmutableDictionary<string, WorkflowValue> values)
        {
            foreach (var (name, value) in values)
            {
                if (!definition.Variables.TryGetValue(name, out var declared))
                {
                    return $"'{name}' is not a variable of this workflow";
                }

                if (declared.Type != value.Type)
                {
                    return $"'{name}' must be a {Describe(declared.Type)}";
                }
            }

            _state = _state with { Variables = _state.Variables.SetItems(values) };
            return null;
        }

        private void SetReserved(string name, WorkflowValue value)
        {
            if (definition.Variables.ContainsKey(name))
            {
                _state = _state with { Variables = _state.Variables.SetItem(name, value) };
            }
        }
    }
}
