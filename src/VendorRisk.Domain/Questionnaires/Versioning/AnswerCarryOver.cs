using System.Collections.Immutable;
using VendorRisk.Domain.Questionnaires.Evaluation;

namespace VendorRisk.Domain.Questionnaires.Versioning;

public enum DropReason
{
    /// <summary>No item with that id (after the crosswalk) in the new version.</summary>
    ItemGone,
    /// <summary>The new item does not accept the old value (type, choice values, range, pattern...).</summary>
    ValueNoLongerValid,
    /// <summary>The new item takes no answer (info or finding).</summary>
    NotAnswerable,
    /// <summary>Another old answer was carried to the same new item (the one whose old id equals the new id wins, else the first in ordinal order).</summary>
    Conflict,
}

public sealed record DroppedAnswer(string OldItemId, string? NewItemId, DropReason Reason, string Detail);

public sealed record CarryOverResult(ImmutableSortedDictionary<string, AnswerValue> Answers, ImmutableArray<DroppedAnswer> Dropped);

/// <summary>
/// Moves answers given to an older version onto a newer one by item id, with an optional crosswalk
/// (old id -> new id) for renamed items. Visibility is not considered: hidden answers are kept, as everywhere.
/// </summary>
public static class AnswerCarryOver
{
    public static CarryOverResult Carry(
        CompiledQuestionnaire target,
        IReadOnlyDictionary<string, AnswerValue> answers,
        IReadOnlyDictionary<string, string>? crosswalk = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(answers);
        var carried = ImmutableSortedDictionary.CreateBuilder<string, AnswerValue>(StringComparer.Ordinal);
        var carriedFrom = new Dictionary<string, string>(StringComparer.Ordinal);
        var dropped = new List<DroppedAnswer>();

        // Old ids that keep their id first, so a renamed item never displaces an answer given to the same id.
        var ordered = answers.Keys
            .Select(oldId => (OldId: oldId, NewId: crosswalk is not null && crosswalk.TryGetValue(oldId, out var mapped) ? mapped : oldId))
            .OrderBy(pair => string.Equals(pair.OldId, pair.NewId, StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(pair => pair.OldId, StringComparer.Ordinal);

        foreach (var (oldId, newId) in ordered)
        {
            var value = answers[oldId];
            if (!target.ItemIndex.TryGetValue(newId, out var index))
            {
                dropped.Add(new(oldId, null, DropReason.ItemGone, $"no item '{newId}' in version {target.Definition.Version}"));
                continue;
            }

            var item = target.Items[index];
            if (!item.Item.IsAnswerable)
            {
                dropped.Add(new(oldId, newId, DropReason.NotAnswerable, $"'{newId}' is now a {DefinitionValidator.Camel(item.Item.Type)} item"));
                continue;
            }

            if (carriedFrom.TryGetValue(newId, out var winner))
            {
                dropped.Add(new(oldId, newId, DropReason.Conflict, $"'{newId}' already takes the answer of '{winner}'"));
                continue;
            }

            if (value is not null && !value.IsEmpty)
            {
                var normalised = AnswerValidator.Normalise(item, value, out var problem);
                if (normalised is null)
                {
                    dropped.Add(new(oldId, newId, DropReason.ValueNoLongerValid, problem?.Message ?? "not accepted"));
                    continue;
                }

                value = normalised;
            }

            carried[newId] = value!;
            carriedFrom[newId] = oldId;
        }

        return new CarryOverResult(carried.ToImmutable(),
            [.. dropped.OrderBy(d => d.OldItemId, StringComparer.Ordinal)]);
    }
}
