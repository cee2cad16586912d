using System.Collections.Immutable;
using VendorRisk.Domain.Questionnaires.Expressions;

namespace VendorRisk.Domain.Workflows;

/// <summary>
/// Checks a definition's graph: unique ids, an existing start, every outcome target exists, required outcomes are
/// mapped and no outcome is dead, conditions read declared variables only, every activity is reachable from the
/// start and can reach an <c>end</c>, and every loop is bounded.
/// </summary>
/// <remarks>
/// A loop is bounded when it passes through an activity with <c>maxRounds</c> (requestClarification,
/// committeeApproval) by an outcome other than <c>roundsExhausted</c>: such an activity takes
/// <c>roundsExhausted</c> once its rounds are used, so the check removes its other outcomes and requires the rest
/// of the graph to be acyclic. A loop without such an activity could run forever (or, through synchronous
/// activities only, never stop to wait).
/// </remarks>
public static class WorkflowGraphValidator
{
    private static readonly ImmutableDictionary<Type, string[]> FixedOutcomes = new Dictionary<Type, string[]>
    {
        [typeof(AutoScoreActivity)] = [WorkflowOutcomes.Done],
        [typeof(AssignReviewerActivity)] = [WorkflowOutcomes.Assigned],
        [typeof(SetResidualRiskActivity)] = [WorkflowOutcomes.Done],
        [typeof(NotifyActivity)] = [WorkflowOutcomes.Done],
        [typeof(RequestClarificationActivity)] = [WorkflowOutcomes.Answered, WorkflowOutcomes.Expired, WorkflowOutcomes.RoundsExhausted],
        [typeof(CommitteeApprovalActivity)] =
            [WorkflowOutcomes.Approve, WorkflowOutcomes.ApproveWithConditions, WorkflowOutcomes.Reject, WorkflowOutcomes.NoQuorum, WorkflowOutcomes.RoundsExhausted],
    }.ToImmutableDictionary();

    public static ImmutableArray<WorkflowError> Validate(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new List<string>();
        var byId = new Dictionary<string, WorkflowActivity>(StringComparer.Ordinal);
        foreach (var activity in definition.Activities)
        {
            if (!byId.TryAdd(activity.Id, activity))
            {
                errors.Add($"duplicate activity id '{activity.Id}'");
            }
        }

        if (!byId.ContainsKey(definition.Start))
        {
            errors.Add($"start activity '{definition.Start}' does not exist");
        }

        if (!definition.Activities.OfType<EndActivity>().Any())
        {
            errors.Add("there is no end activity");
        }

        var assignments = definition.Activities.OfType<AssignReviewerActivity>().Select(a => a.Assignment).ToHashSet(StringComparer.Ordinal);
        foreach (var activity in definition.Activities)
        {
            CheckOutcomes(activity, byId, errors);
            CheckSettings(definition, activity, assignments, errors);
        }

        if (errors.Count == 0)
        {
            CheckReachability(definition, byId, errors);
        }

        if (errors.Count == 0)
        {
            CheckLoops(definition, errors);
        }

        return [.. errors.Select(e => new WorkflowError(definition.SourcePath, e))];
    }

    private static void CheckOutcomes(WorkflowActivity activity, Dictionary<string, WorkflowActivity> byId, List<string> errors)
    {
        foreach (var (outcome, target) in activity.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            if (!byId.ContainsKey(target))
            {
                errors.Add($"activity '{activity.Id}' outcome '{outcome}' targets unknown activity '{target}'");
            }
        }

        foreach (var required in activity.RequiredOutcomes.Where(o => !activity.Outcomes.ContainsKey(o)))
        {
            errors.Add($"activity '{activity.Id}' has no target for outcome '{required}'");
        }

        string[]? possible = activity switch
        {
            DecisionActivity decision => [.. decision.RequiredOutcomes],
            CommitteeApprovalActivity { Rounds: null } => FixedOutcomes[typeof(CommitteeApprovalActivity)][..^1],
            _ => FixedOutcomes.GetValueOrDefault(activity.GetType()),
        };
        if (possible is not null)
        {
            foreach (var outcome in activity.Outcomes.Keys.Where(o => !possible.Contains(o, StringComparer.Ordinal)).Order(StringComparer.Ordinal))
            {
                errors.Add($"activity '{activity.Id}' outcome '{outcome}' can never be taken ({activity.TypeName} takes {string.Join(", ", possible)})");
            }
        }

        if (activity is AwaitDecisionActivity && activity.Outcomes.IsEmpty)
        {
            errors.Add($"activity '{activity.Id}' offers no decision: map at least one outcome");
        }
    }

    private static void CheckSettings(WorkflowDefinition definition, WorkflowActivity activity, HashSet<string> assignments, List<string> errors)
    {
        switch (activity)
        {
            case DecisionActivity decision:
                foreach (var @case in decision.Cases)
                {
                    foreach (var reference in @case.Condition.References().Select(r => r.ItemId).Distinct(StringComparer.Ordinal))
                    {
                        if (!definition.Variables.ContainsKey(reference))
                        {
                            errors.Add($"activity '{activity.Id}' condition '{@case.When}' uses undeclared variable '{reference}'");
                        }
                    }
                }

                break;
            case AwaitDecisionActivity await when !assignments.Contains(await.Assignee):
                errors.Add($"activity '{activity.Id}' assignee '{await.Assignee}' is not set by any assignReviewer activity");
                break;
            case SetResidualRiskActivity { From: { } from }
                when !definition.Variables.TryGetValue(from, out var variable) || variable.Type != WorkflowVariableType.String:
                errors.Add($"activity '{activity.Id}' reads residual risk from '{from}', which is not a declared string variable");
                break;
            case CommitteeApprovalActivity committee when committee.Quorum.Rule == QuorumRule.Unanimous && committee.Quorum.MinVotes < 1:
                errors.Add($"activity '{activity.Id}' needs at least one vote");
                break;
        }
    }

    private static void CheckReachability(WorkflowDefinition definition, Dictionary<string, WorkflowActivity> byId, List<string> errors)
    {
        var reachable = new HashSet<string>(StringComparer.Ordinal) { definition.Start };
        var queue = new Queue<string>([definition.Start]);
        while (queue.TryDequeue(out var id))
        {
            foreach (var next in byId[id].Outcomes.Values.Where(reachable.Add))
            {
                queue.Enqueue(next);
            }
        }

        foreach (var activity in definition.Activities.Where(a => !reachable.Contains(a.Id)))
        {
            errors.Add($"activity '{activity.Id}' is unreachable from start '{definition.Start}'");
        }

        // Backwards from the ends: what can still finish.
        var finishing = definition.Activities.OfType<EndActivity>().Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        bool grew;
        do
        {
            grew = false;
            foreach (var activity in definition.Activities.Where(a => !finishing.Contains(a.Id) && a.Outcomes.Values.Any(finishing.Contains)))
            {
                grew |= finishing.Add(activity.Id);
            }
        }
        while (grew);

        foreach (var activity in definition.Activities.Where(a => reachable.Contains(a.Id) && !finishing.Contains(a.Id)))
        {
            errors.Add($"activity '{activity.Id}' has no path to an end activity");
        }
    }

    private static void CheckLoops(WorkflowDefinition definition, List<string> errors)
    {
        // Edges that may repeat without bound: all but the non-exhausted outcomes of round-bounded activities.
        var edges = definition.Activities.ToDictionary(
            a => a.Id,
            a => a.MaxRounds is null
                ? a.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => o.Value).ToList()
                : a.Outcomes.Where(o => o.Key == WorkflowOutcomes.RoundsExhausted).Select(o => o.Value).ToList(),
            StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on stack, 2 done
        var stack = new List<string>();
        foreach (var activity in definition.Activities)
        {
            if (Visit(activity.Id))
            {
                return;
            }
        }

        bool Visit(string id)
        {
            if (state.GetValueOrDefault(id) == 2)
            {
                return false;
            }

            if (state.GetValueOrDefault(id) == 1)
            {
                var loop = stack.Skip(stack.IndexOf(id)).Append(id);
                errors.Add($"loop {string.Join(" -> ", loop)} is not bounded: a loop must pass through a requestClarification or committeeApproval " +
                    "activity with maxRounds (by an outcome other than roundsExhausted)");
                return true;
            }

            state[id] = 1;
            stack.Add(id);
            foreach (var next in edges[id])
            {
                if (Visit(next))
                {
                    return true;
                }
            }

            stack.RemoveAt(stack.Count - 1);
            state[id] = 2;
            return false;
        }
    }
}
