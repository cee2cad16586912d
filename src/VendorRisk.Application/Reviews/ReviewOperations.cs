using System.Collections.Immutable;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Application.Gates;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Workflows;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Reviews;

/// <summary>A reviewer's decision on a task, as the task form posts it.</summary>
/// <param name="IdempotencyKey">Made when the form was shown: a double submit is answered "already decided" instead of acting twice.</param>
/// <param name="QuestionComments">For a clarification request: the reviewer's own question for some of the chosen questions (by item id);
/// the <paramref name="Comment"/> then goes to every chosen question, before its own.</param>
public sealed record ReviewDecision(string? IdempotencyKey, string? Outcome, string? Comment, IReadOnlyList<string> QuestionIds, int? Likelihood,
    int? Impact, string? Rationale, IReadOnlyDictionary<string, string?>? QuestionComments = null)
{
    /// <summary>The form field of the comment for one question.</summary>
    public static string QuestionCommentField(string itemId) => $"QuestionComments[{itemId}]";

    public const string ClarificationOutcome = "requestClarification";
}

/// <summary>What a step did, in a sentence for the person, and the review it belongs to.</summary>
public sealed record ReviewStep(string Message, Guid InstanceId);

/// <summary>A review started (or why not), and where it is.</summary>
public sealed record ReviewStart(bool Started, string Message, Guid? InstanceId);

/// <summary>
/// What people do to a running review: start it for a submitted assessment, decide a task, extend a task's deadline, cancel the
/// review, move it to a newer version of its workflow. Each goes through the <see cref="WorkflowRunner"/>, whose step is one
/// transaction (the assessment's decision included, through <see cref="AssessmentDecisions.RecordAsync"/>). Success values are the
/// sentence to show the person; a task that was decided meanwhile is a success that says so.
/// </summary>
public sealed class ReviewOperations(AppDbContext db, TenantContext tenant, Access access, WorkflowRunner runner, WorkflowCatalog catalog, TimeProvider clock)
{
    public static readonly RolePermission Start = new("reviews.start", TenantRoles.Reviewer);
    public static readonly RolePermission Cancel = new("reviews.cancel", TenantRoles.TenantAdmin | TenantRoles.VendorManager);
    public static readonly RolePermission Migrate = new("reviews.migrate", TenantRoles.TenantAdmin);

    public async Task<Outcome<ReviewStart>> StartAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Start) is { } forbidden) return forbidden;
        if (!await db.Assessments.AnyAsync(a => a.Id == assessmentId, cancellationToken)) return Fail.NotFound("There is no such assessment.");
        var result = await runner.StartForAssessmentAsync(assessmentId, cancellationToken: cancellationToken);
        return new ReviewStart(result.Applied, result.Applied ? "The review has started." : result.Message ?? "The review could not start.", result.InstanceId);
    }

    /// <summary>Decides a review task (see <see cref="ReviewTaskRules.MayDecide"/>).</summary>
    public async Task<Outcome<string>> DecideAsync(Guid taskId, ReviewDecision decision, CancellationToken cancellationToken)
    {
        var task = await db.Set<WorkflowTask>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null || task.Kind != WorkflowRunner.KindHumanTask) return Fail.NotFound("There is no such review task.");
        var instance = await db.Set<WorkflowInstance>().AsNoTracking().SingleAsync(i => i.Id == task.InstanceId, cancellationToken);
        if (await access.DemandAsync(ReviewTaskAction.Decide, new ReviewTaskResource(task, instance.RequesterUserId, null)) is { } forbidden) return forbidden;
        if (!task.IsOpen) return $"This task was already decided: {task.Outcome}.";

        var definition = catalog.Find(instance.DefinitionId, instance.DefinitionVersion)!;
        var activity = definition.Activity(task.ActivityId);
        var outcome = decision.Outcome ?? "";
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(decision.IdempotencyKey)) errors.Add(new(nameof(decision.IdempotencyKey), "The IdempotencyKey field is required."));
        else if (decision.IdempotencyKey.Length > 100)
            errors.Add(new(nameof(decision.IdempotencyKey), "The field IdempotencyKey must be a string with a maximum length of 100."));
        if (string.IsNullOrWhiteSpace(decision.Outcome)) errors.Add(new(nameof(decision.Outcome), "Choose a decision."));
        else if (decision.Outcome.Length > 60) errors.Add(new(nameof(decision.Outcome), "The field Outcome must be a string with a maximum length of 60."));
        if (decision.Comment is { Length: > 4000 }) errors.Add(new(nameof(decision.Comment), "Use at most 4000 characters."));
        if (decision.Likelihood is < 1 or > 5) errors.Add(new(nameof(decision.Likelihood), "Rate the likelihood from 1 to 5."));
        if (decision.Impact is < 1 or > 5) errors.Add(new(nameof(decision.Impact), "Rate the impact from 1 to 5."));
        if (decision.Rationale is { Length: > 2000 }) errors.Add(new(nameof(decision.Rationale), "Use at most 2000 characters."));
        if (!string.IsNullOrEmpty(outcome) && !activity.Outcomes.ContainsKey(outcome))
            errors.Add(new(nameof(decision.Outcome), "Choose one of the decisions offered."));
        var questionComments = ImmutableDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);
        if (outcome == ReviewDecision.ClarificationOutcome)
        {
            var known = (await ReviewSummaryReader.LoadAsync(db, task.AssessmentId, cancellationToken))!.Answers.Select(a => a.ItemId).ToHashSet(StringComparer.Ordinal);
            if (decision.QuestionIds.Count == 0) errors.Add(new(nameof(decision.QuestionIds), "Choose at least one question to reopen."));
            else if (decision.QuestionIds.Any(q => !known.Contains(q))) errors.Add(new(nameof(decision.QuestionIds), "Choose questions of this assessment."));
            foreach (var (itemId, text) in decision.QuestionComments ?? new Dictionary<string, string?>())
            {
                if (string.IsNullOrWhiteSpace(text)) continue;
                if (!known.Contains(itemId)) errors.Add(new(nameof(decision.QuestionIds), "Choose questions of this assessment."));
                else if (text.Trim().Length > Domain.Assessments.ReopenedItem.ReasonMaxLength)
                    errors.Add(new(ReviewDecision.QuestionCommentField(itemId), $"Use at most {Domain.Assessments.ReopenedItem.ReasonMaxLength} characters."));
                else if (decision.QuestionIds.Contains(itemId, StringComparer.Ordinal)) questionComments = questionComments.SetItem(itemId, text.Trim());
            }
            if (string.IsNullOrWhiteSpace(decision.Comment) && decision.QuestionIds.Count > 0 && decision.QuestionIds.Any(q => !questionComments.ContainsKey(q)))
                errors.Add(new(nameof(decision.Comment), "Tell the vendor what to clarify: a comment for all the questions, or one at each question."));
        }
        var residual = activity.Outcomes.TryGetValue(outcome, out var next) && definition.Activity(next) is SetResidualRiskActivity;
        if (residual)
        {
            if (decision.Likelihood is null) errors.Add(new(nameof(decision.Likelihood), "Rate the likelihood from 1 to 5."));
            if (decision.Impact is null) errors.Add(new(nameof(decision.Impact), "Rate the impact from 1 to 5."));
            if (string.IsNullOrWhiteSpace(decision.Rationale)) errors.Add(new(nameof(decision.Rationale), "Explain the residual risk rating."));
        }
        if (outcome == "reject" && string.IsNullOrWhiteSpace(decision.Comment)) errors.Add(new(nameof(decision.Comment), "Give the reason for the rejection."));
        // The decision gate (ADR-027): no approval while findings at the gate's severity stand.
        if (errors.Count == 0 && activity.Outcomes.ContainsKey(outcome) && DecisionGates.Approves(definition, activity.Id, outcome)
            && await DecisionGates.ApprovalBlockedAsync(db, task.AssessmentId, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), cancellationToken) is { } blocked)
            errors.Add(new(nameof(decision.Outcome), blocked));
        if (errors.Count > 0) return Fail.Invalid(errors);

        ImmutableDictionary<string, WorkflowValue>? variables = null;
        var comment = decision.Comment?.Trim();
        if (residual && definition.Activities.OfType<SetResidualRiskActivity>().Select(a => a.From).FirstOrDefault(f => f is not null) is { } name)
        {
            var level = ResidualRisk.Level(decision.Likelihood!.Value, decision.Impact!.Value);
            variables = ImmutableDictionary<string, WorkflowValue>.Empty.Add(name, WorkflowValue.OfString(level));
            comment = $"{comment}{(string.IsNullOrEmpty(comment) ? "" : "\n")}Residual risk {level} (likelihood {decision.Likelihood} x impact {decision.Impact}): {decision.Rationale!.Trim()}";
        }
        var me = tenant.UserId!.Value;
        var result = await runner.HandleAsync(task.InstanceId, new TaskCompleted(task.TaskId, outcome, me.ToString(), decision.IdempotencyKey!,
            comment, variables, outcome == ReviewDecision.ClarificationOutcome ? [.. decision.QuestionIds] : default,
            residual ? new ResidualRating(decision.Likelihood!.Value, decision.Impact!.Value) : null,
            outcome == ReviewDecision.ClarificationOutcome && questionComments.Count > 0 ? questionComments : null), me, cancellationToken: cancellationToken);
        return result.Status switch
        {
            StepStatus.Applied => "Your decision was recorded.",
            StepStatus.AlreadyDecided => "This task was already decided (" + result.Message + ").",
            _ => Fail.Conflict("The decision was not accepted: " + result.Message),
        };
    }

    /// <summary>
    /// Extends an open task's deadline by its SLA's period, with a reason, at most the definition's <c>maxExtensions</c> times
    /// (see <see cref="ReviewTaskRules.MayExtend"/>). <paramref name="extensionsSeen"/>: how many extensions the person saw, so a
    /// resubmitted form does not extend twice.
    /// </summary>
    public async Task<Outcome<ReviewStep>> ExtendAsync(Guid taskId, string? reason, int extensionsSeen, CancellationToken cancellationToken)
    {
        var task = await db.Set<WorkflowTask>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null || task.Kind != WorkflowRunner.KindHumanTask) return Fail.NotFound("There is no such review task.");
        var instance = await db.Set<WorkflowInstance>().AsNoTracking().SingleAsync(i => i.Id == task.InstanceId, cancellationToken);
        var sla = (catalog.Find(instance.DefinitionId, instance.DefinitionVersion)?.Activities.FirstOrDefault(a => a.Id == task.ActivityId) as AwaitDecisionActivity)?.Sla;
        if (await access.DemandAsync(ReviewTaskAction.Extend, new ReviewTaskResource(task, instance.RequesterUserId, sla)) is { } forbidden) return forbidden;

        var errors = new List<FieldError>();
        if (!task.IsOpen) errors.Add(new("", $"This task was already decided ({task.Outcome}); its deadline no longer applies."));
        else if (sla is null) errors.Add(new("", "This task has no deadline to extend."));
        if (string.IsNullOrWhiteSpace(reason)) errors.Add(new("Reason", "Give a reason for the extension."));
        else if (reason.Length > 500) errors.Add(new("Reason", "Use at most 500 characters."));
        if (errors.Count > 0) return Fail.Invalid(errors);

        var me = tenant.UserId!.Value;
        var result = await runner.HandleAsync(task.InstanceId, new DeadlineExtended(task.TaskId, me.ToString(), reason!.Trim(), extensionsSeen), me,
            cancellationToken: cancellationToken);
        switch (result.Status)
        {
            case StepStatus.Applied:
                var due = await db.Set<WorkflowTask>().AsNoTracking().Where(t => t.Id == task.Id).Select(t => t.DueAt).SingleAsync(cancellationToken);
                return new ReviewStep(string.Create(CultureInfo.InvariantCulture, $"The deadline of \"{task.Title}\" moved to {due:d MMM yyyy HH:mm} UTC."),
                    task.InstanceId);
            case StepStatus.AlreadyDecided:
                return new ReviewStep("Nothing changed: " + result.Message + ".", task.InstanceId);
            default:
                return Fail.Conflict("The deadline was not extended: " + result.Message + ".");
        }
    }

    /// <summary>Cancels a running review with a reason: its open tasks close, timers are cancelled, the review and its assessment end as cancelled.</summary>
    public async Task<Outcome> CancelAsync(Guid instanceId, string? reason, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Cancel) is { } forbidden) return forbidden;
        var instance = await db.Set<WorkflowInstance>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        if (instance is null) return Fail.NotFound("There is no such review.");
        var errors = new List<FieldError>();
        if (ReviewQueries.IsFinished(instance.Status)) errors.Add(new("", $"This review has already finished ({instance.Status}); there is nothing to cancel."));
        if (string.IsNullOrWhiteSpace(reason)) errors.Add(new("Reason", "Give a reason for cancelling the review."));
        else if (reason.Length > 500) errors.Add(new("Reason", "Use at most 500 characters."));
        if (errors.Count > 0) return Fail.Invalid(errors);

        var me = tenant.UserId!.Value;
        var result = await runner.HandleAsync(instanceId, new WorkflowCancelled(me.ToString(), reason!.Trim()), me, cancellationToken: cancellationToken);
        return result.Status == StepStatus.Applied ? Outcome.Ok() : Fail.Conflict("The review was not cancelled: " + result.Message + ".");
    }

    /// <summary>
    /// Moves a running review to a newer published version of its definition, each waiting activity mapped to a compatible one of the
    /// target (field <c>Mapping[activityId]</c> names a bad mapping). <paramref name="instanceVersion"/>: the review as the admin saw it;
    /// Conflict when it moved on.
    /// </summary>
    public async Task<Outcome> MigrateAsync(Guid instanceId, int targetVersion, IReadOnlyDictionary<string, string>? mapping, int instanceVersion,
        CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Migrate) is { } forbidden) return forbidden;
        var instance = await db.Set<WorkflowInstance>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        if (instance is null) return Fail.NotFound("There is no such review.");
        var from = catalog.Find(instance.DefinitionId, instance.DefinitionVersion)
            ?? throw new InvalidOperationException($"Workflow {instance.DefinitionId} v{instance.DefinitionVersion} is not loaded.");
        var target = targetVersion == 0 ? null : catalog.All.FirstOrDefault(d => d.Id == from.Id && d.Version == targetVersion && d.Version > from.Version
            && d.Status == WorkflowDefinitionStatus.Published);
        if (target is null) return Fail.Invalid("TargetVersion", "Choose one of the newer published versions.");

        var chosen = (mapping ?? new Dictionary<string, string>()).Where(m => !string.IsNullOrWhiteSpace(m.Value))
            .ToImmutableDictionary(m => m.Key, m => m.Value.Trim(), StringComparer.Ordinal);
        var state = WorkflowStateJson.Deserialize(instance.StateJson);
        var waiting = ReviewQueries.IsFinished(instance.Status) ? [] : WorkflowMigration.WaitingActivities(state).ToHashSet(StringComparer.Ordinal);
        var problems = WorkflowMigration.Validate(from, target, state, chosen);
        if (problems.Length > 0)
        {
            return Fail.Invalid([.. problems.Select(p => new FieldError(p.ActivityId is { } activity && waiting.Contains(activity) ? MappingField(activity) : "",
                char.ToUpperInvariant(p.Message[0]) + p.Message[1..] + "."))]);
        }
        var result = await runner.MigrateAsync(instanceId, target.Version, chosen, instanceVersion, tenant.UserId!.Value, cancellationToken);
        if (result.Status == StepStatus.Applied) return Outcome.Ok();
        var message = (result.Message ?? "The review was not moved.").TrimEnd('.') + ".";
        return result.Status == StepStatus.AlreadyDecided ? Fail.Conflict(message) : Fail.Invalid("", message);
    }

    /// <summary>The field of a mapping for one waiting activity, relative to the form's input.</summary>
    public static string MappingField(string activityId) => $"Mapping[{activityId}]";
}
