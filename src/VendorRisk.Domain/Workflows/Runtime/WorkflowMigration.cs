using System.Collections.Immutable;
using System.Globalization;

namespace VendorRisk.Domain.Workflows.Runtime;

/// <summary>A reason a migration mapping is refused; <see cref="ActivityId"/> names the waiting activity it concerns (null: the whole request).</summary>
public sealed record MigrationProblem(string? ActivityId, string Message);

/// <summary>
/// Moves a running instance to a newer published version of its definition: an explicit, admin-chosen mapping from each
/// activity it waits in to a compatible blocking activity of the new version (same type). Open tasks, their assignees,
/// deadlines, votes, timers and round counters move with it; variables the new version no longer declares are dropped
/// and new ones take their defaults. Pure: returns the new state and the commands (task moves, journal rows) to apply
/// in one transaction. Never called by the engine itself.
/// </summary>
public static class WorkflowMigration
{
    /// <summary>The activities the instance waits in (open tasks, votes and clarifications), in the order they opened.</summary>
    public static ImmutableArray<string> WaitingActivities(WorkflowInstanceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return [.. state.OpenTasks.Select(b => b.ActivityId).Concat(state.CurrentActivityIds).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Whether <paramref name="target"/> can take over the waiting point of <paramref name="source"/>: a blocking activity of the same type.</summary>
    public static bool Compatible(WorkflowActivity source, WorkflowActivity? target)
    {
        ArgumentNullException.ThrowIfNull(source);
        return target is not null && target.IsBlocking && target.GetType() == source.GetType();
    }

    /// <summary>The activities of <paramref name="to"/> that may take over <paramref name="waitingActivityId"/>, in file order.</summary>
    public static ImmutableArray<WorkflowActivity> Candidates(WorkflowDefinition from, WorkflowDefinition to, string waitingActivityId)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var source = from.Activity(waitingActivityId);
        return [.. to.Activities.Where(a => Compatible(source, a))];
    }

    /// <summary>The pre-filled mapping: each waiting activity to the activity of the same id in <paramref name="to"/>, when that one is compatible.</summary>
    public static ImmutableDictionary<string, string> SuggestedMapping(WorkflowDefinition from, WorkflowDefinition to, WorkflowInstanceState state)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        return WaitingActivities(state)
            .Where(id => Compatible(from.Activity(id), to.Activities.FirstOrDefault(a => a.Id == id)))
            .ToImmutableDictionary(id => id, id => id, StringComparer.Ordinal);
    }

    /// <summary>Every problem with moving <paramref name="state"/> from <paramref name="from"/> to <paramref name="to"/> by <paramref name="mapping"/>.</summary>
    public static ImmutableArray<MigrationProblem> Validate(WorkflowDefinition from, WorkflowDefinition to, WorkflowInstanceState state,
        IReadOnlyDictionary<string, string> mapping)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(mapping);
        var problems = new List<MigrationProblem>();
        if (state.IsFinished)
        {
            problems.Add(new(null, $"the review has finished ({WorkflowDefinitionReader.EnumName(state.Status)}); only running reviews move"));
            return [.. problems];
        }

        if (state.DefinitionId != from.Id || state.DefinitionVersion != from.Version || state.DefinitionHash != from.Hash)
        {
            problems.Add(new(null, string.Create(CultureInfo.InvariantCulture, $"the review is pinned to {state.DefinitionId} v{state.DefinitionVersion}, not {from}")));
            return [.. problems];
        }

        if (to.Id != from.Id)
        {
            problems.Add(new(null, $"a review can only move to another version of {from.Id}, not to {to.Id}"));
        }
        else if (to.Version <= from.Version)
        {
            problems.Add(new(null, string.Create(CultureInfo.InvariantCulture, $"choose a version newer than v{from.Version}")));
        }
        else if (to.Status != WorkflowDefinitionStatus.Published)
        {
            problems.Add(new(null, string.Create(CultureInfo.InvariantCulture, $"v{to.Version} is {WorkflowDefinitionReader.EnumName(to.Status)}; only published versions take running reviews")));
        }

        var waiting = WaitingActivities(state);
        foreach (var id in waiting)
        {
            if (!mapping.TryGetValue(id, out var targetId) || string.IsNullOrWhiteSpace(targetId))
            {
                problems.Add(new(id, $"choose the activity of v{to.Version} that takes over '{id}'"));
                continue;
            }

            var target = to.Activities.FirstOrDefault(a => a.Id == targetId);
            var source = from.Activity(id);
            if (target is null)
            {
                problems.Add(new(id, string.Create(CultureInfo.InvariantCulture, $"v{to.Version} has no activity '{targetId}'")));
            }
            else if (!Compatible(source, target))
            {
                problems.Add(new(id, $"'{targetId}' is a {target.TypeName}{(target.IsBlocking ? "" : " (it does not wait)")}; '{id}' needs a waiting {source.TypeName} activity"));
            }
        }

        foreach (var extra in mapping.Keys.Where(k => !waiting.Contains(k, StringComparer.Ordinal)))
        {
            problems.Add(new(extra, $"the review does not wait in '{extra}'"));
        }

        if (waiting.Length > 1 && waiting.Select(w => mapping.GetValueOrDefault(w)).OfType<string>().Distinct(StringComparer.Ordinal).Count() < waiting.Length)
        {
            problems.Add(new(null, "map each waiting activity to a different activity"));
        }

        foreach (var (name, value) in state.Variables)
        {
            if (to.Variables.TryGetValue(name, out var declared) && declared.Type != value.Type)
            {
                problems.Add(new(null, $"variable '{name}' holds a {WorkflowDefinitionReader.EnumName(value.Type)} but v{to.Version} declares a {WorkflowDefinitionReader.EnumName(declared.Type)}"));
            }
        }

        return [.. problems];
    }

    /// <summary>Moves the instance; a refused step (with the problems joined) when <see cref="Validate"/> finds any.</summary>
    public static WorkflowStep Migrate(WorkflowDefinition from, WorkflowDefinition to, WorkflowInstanceState state, IReadOnlyDictionary<string, string> mapping,
        string by, DateTimeOffset now)
    {
        var problems = Validate(from, to, state, mapping);
        if (!problems.IsEmpty)
        {
            return new WorkflowStep(StepStatus.Refused, state, [], string.Join("; ", problems.Select(p => p.Message)));
        }

        string Map(string activityId) => mapping.TryGetValue(activityId, out var target) ? target : activityId;
        var commands = new List<WorkflowCommand>();
        var outcome = string.Create(CultureInfo.InvariantCulture, $"migrated v{from.Version} to v{to.Version}");
        foreach (var waiting in WaitingActivities(state))
        {
            commands.Add(new WriteJournal(waiting, Map(waiting), outcome, by, now));
        }

        foreach (var task in state.OpenTasks)
        {
            commands.Add(new MoveTask(task.Id, Map(task.ActivityId), TitleOf(to.Activity(Map(task.ActivityId)), task.Kind)));
        }

        var rounds = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        foreach (var (activityId, used) in state.Rounds)
        {
            var target = Map(activityId);
            if (to.Activities.Any(a => a.Id == target))
            {
                rounds[target] = Math.Max(used, rounds.GetValueOrDefault(target));
            }
        }

        var variables = state.Variables.Where(v => to.Variables.ContainsKey(v.Key)).ToImmutableDictionary(StringComparer.Ordinal)
            .SetItems(to.Variables.Values.Where(v => v.Default is not null && !state.Variables.ContainsKey(v.Name))
                .Select(v => KeyValuePair.Create(v.Name, v.Default!)));
        var migrated = state with
        {
            DefinitionVersion = to.Version,
            DefinitionHash = to.Hash,
            CurrentActivityIds = [.. state.CurrentActivityIds.Select(Map)],
            Bookmarks = [.. state.Bookmarks.Select(b => b with { ActivityId = Map(b.ActivityId) })],
            Rounds = rounds.ToImmutable(),
            Variables = variables,
        };
        return new WorkflowStep(StepStatus.Applied, migrated, [.. commands]);
    }

    private static string TitleOf(WorkflowActivity activity, BookmarkKind kind) => activity switch
    {
        AwaitDecisionActivity d => d.Title ?? "Review decision",
        CommitteeApprovalActivity => "Committee vote",
        RequestClarificationActivity => "Clarification requested",
        _ => kind.ToString(),
    };
}
