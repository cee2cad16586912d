using System.Collections.Immutable;

namespace VendorRisk.Domain.Questionnaires.Versioning;

public enum ItemChangeKind
{
    Added,
    Removed,
    /// <summary>Moved to another section.</summary>
    Moved,
    /// <summary>Text or help changed: vendors may need to re-read, answers usually still hold.</summary>
    TextChanged,
    /// <summary>Type, weight, choices (values, labels, scores, results, risk), factual or key: scores are not comparable across versions.</summary>
    ScoringChanged,
    /// <summary>visibleIf, requiredIf, plannedBy, finding condition/severity or evidence rules (incl. accepted kinds).</summary>
    ConditionsChanged,
    /// <summary>required, min, max, maxLength or pattern.</summary>
    ValidationChanged,
    /// <summary>Control mappings added or removed, or a mapping's rationale changed.</summary>
    ControlsChanged,
}

public sealed record ItemChange(string ItemId, ItemChangeKind Kind, string Detail);

public sealed record QuestionnaireDiffResult(SemanticVersion From, SemanticVersion To, ImmutableArray<ItemChange> Changes)
{
    public bool IsEmpty => Changes.IsEmpty;

    public IEnumerable<ItemChange> Of(ItemChangeKind kind) => Changes.Where(c => c.Kind == kind);
}

/// <summary>Compares two versions item by item (matched on item id). Output is sorted by item id, then kind.</summary>
public static class QuestionnaireDiff
{
    public static QuestionnaireDiffResult Compare(QuestionnaireDefinition older, QuestionnaireDefinition newer)
    {
        ArgumentNullException.ThrowIfNull(older);
        ArgumentNullException.ThrowIfNull(newer);
        var before = Index(older);
        var after = Index(newer);
        var changes = new List<ItemChange>();

        foreach (var (id, (item, section)) in before)
        {
            if (!after.ContainsKey(id))
            {
                changes.Add(new(id, ItemChangeKind.Removed, $"removed from section '{section}'"));
            }
        }

        foreach (var (id, (item, section)) in after)
        {
            if (!before.TryGetValue(id, out var old))
            {
                changes.Add(new(id, ItemChangeKind.Added, $"added to section '{section}'"));
                continue;
            }

            Compare(id, old.Item, old.Section, item, section, changes);
        }

        return new QuestionnaireDiffResult(older.Version, newer.Version,
            [.. changes.OrderBy(c => c.ItemId, StringComparer.Ordinal).ThenBy(c => c.Kind)]);
    }

    private static void Compare(string id, QuestionnaireItem old, string oldSection, QuestionnaireItem now, string newSection, List<ItemChange> changes)
    {
        if (!string.Equals(oldSection, newSection, StringComparison.Ordinal))
        {
            changes.Add(new(id, ItemChangeKind.Moved, $"section '{oldSection}' -> '{newSection}'"));
        }

        var sameText = Same(old.Text, now.Text) && Same(old.TextHtml, now.TextHtml) && old.Warning == now.Warning;
        if (!sameText || !Same(old.Help, now.Help) || !Same(old.HelpHtml, now.HelpHtml))
        {
            changes.Add(new(id, ItemChangeKind.TextChanged, sameText ? "help changed" : "text changed"));
        }

        var scoring = new List<string>();
        if (old.Type != now.Type)
        {
            scoring.Add($"type {Name(old.Type)} -> {Name(now.Type)}");
        }

        if (old.Weight != now.Weight)
        {
            scoring.Add($"weight {old.Weight} -> {now.Weight}");
        }

        if (!old.Choices.SequenceEqual(now.Choices))
        {
            var oldValues = old.Choices.Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
            var newValues = now.Choices.Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
            var added = newValues.Except(oldValues).Order(StringComparer.Ordinal).ToList();
            var removed = oldValues.Except(newValues).Order(StringComparer.Ordinal).ToList();
            var parts = new List<string>();
            if (added.Count > 0)
            {
                parts.Add("choices added: " + string.Join(", ", added));
            }

            if (removed.Count > 0)
            {
                parts.Add("choices removed: " + string.Join(", ", removed));
            }

            scoring.Add(parts.Count > 0 ? string.Join("; ", parts) : "choice labels, scores or results changed");
        }

        if (old.Factual != now.Factual)
        {
            scoring.Add(now.Factual ? "now a factual question (not scored)" : "no longer a factual question");
        }

        if (old.Key != now.Key)
        {
            scoring.Add(now.Key ? "now a key control" : "no longer a key control");
        }

        if (scoring.Count > 0)
        {
            changes.Add(new(id, ItemChangeKind.ScoringChanged, string.Join("; ", scoring)));
        }

        var conditions = new List<string>();
        AddIfChanged(conditions, "visibleIf", old.VisibleIf, now.VisibleIf);
        AddIfChanged(conditions, "requiredIf", old.RequiredIf, now.RequiredIf);
        AddIfChanged(conditions, "when", old.When, now.When);
        AddIfChanged(conditions, "plannedBy", old.PlannedBy, now.PlannedBy);
        if (old.Severity != now.Severity)
        {
            conditions.Add($"severity {old.Severity?.ToString() ?? "-"} -> {now.Severity?.ToString() ?? "-"}");
        }

        if (old.Evidence != now.Evidence)
        {
            conditions.Add("evidence rules");
        }

        if (old.Clarification != now.Clarification)
        {
            conditions.Add("clarification");
        }

        if (conditions.Count > 0)
        {
            changes.Add(new(id, ItemChangeKind.ConditionsChanged, string.Join("; ", conditions)));
        }

        if (old.Required != now.Required || old.Min != now.Min || old.Max != now.Max || old.MaxLength != now.MaxLength || !Same(old.Pattern, now.Pattern))
        {
            changes.Add(new(id, ItemChangeKind.ValidationChanged, "required, range, length or pattern changed"));
        }

        if (!old.Controls.Order(StringComparer.Ordinal).SequenceEqual(now.Controls.Order(StringComparer.Ordinal), StringComparer.Ordinal))
        {
            var added = now.Controls.Except(old.Controls, StringComparer.Ordinal).Order(StringComparer.Ordinal);
            var removed = old.Controls.Except(now.Controls, StringComparer.Ordinal).Order(StringComparer.Ordinal);
            changes.Add(new(id, ItemChangeKind.ControlsChanged, $"added: {string.Join(", ", added)}; removed: {string.Join(", ", removed)}"));
        }
        else
        {
            var reasoned = now.Controls.Where(c => !Same(old.RationaleFor(c), now.RationaleFor(c))).ToList();
            if (reasoned.Count > 0)
            {
                changes.Add(new(id, ItemChangeKind.ControlsChanged, "rationale changed: " + string.Join(", ", reasoned.Order(StringComparer.Ordinal))));
            }
        }
    }

    private static void AddIfChanged(List<string> changes, string name, string? old, string? now)
    {
        if (!Same(old, now))
        {
            changes.Add($"{name} '{old ?? ""}' -> '{now ?? ""}'");
        }
    }

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.Ordinal);

    private static string Name(ItemType type) => DefinitionValidator.Camel(type);

    private static SortedDictionary<string, (QuestionnaireItem Item, string Section)> Index(QuestionnaireDefinition definition)
    {
        var index = new SortedDictionary<string, (QuestionnaireItem, string)>(StringComparer.Ordinal);
        foreach (var section in definition.AllSections())
        {
            foreach (var item in section.Items)
            {
                index[item.Id] = (item, section.Id);
            }
        }

        return index;
    }
}
