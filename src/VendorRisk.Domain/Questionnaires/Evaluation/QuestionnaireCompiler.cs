using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using VendorRisk.Domain.Questionnaires.Expressions;

namespace VendorRisk.Domain.Questionnaires.Evaluation;

/// <summary>
/// Turns a definition into a <see cref="CompiledQuestionnaire"/>, running the publish-time checks on the way:
/// structure, expression syntax, unknown references, type mismatches and visibility cycles.
/// </summary>
internal static class QuestionnaireCompiler
{
    public static Result<CompiledQuestionnaire> Compile(QuestionnaireDefinition definition)
    {
        var structural = DefinitionValidator.Validate(definition);
        if (structural.Count > 0)
        {
            return Result<CompiledQuestionnaire>.Failure(structural);
        }

        var sections = new List<CompiledSection>();
        var items = new List<CompiledItem>();
        for (var i = 0; i < definition.Sections.Length; i++)
        {
            Flatten(definition.Sections[i], -1, $"$.sections[{i}]", sections, items);
        }

        var itemIndex = items.ToFrozenDictionary(i => i.Item.Id, i => i.Index, StringComparer.Ordinal);
        var errors = new List<QuestionnaireError>();
        var checker = new ExpressionChecker(items, itemIndex, errors);

        int SlotOf(string id) => itemIndex[id];

        BoundExpression? BindChecked(string? text, string path)
        {
            if (text is null)
            {
                return null;
            }

            var node = ExpressionParser.Parse(text).Value;
            return checker.CheckCondition(node, path) ? BoundExpression.Bind(node, SlotOf) : null;
        }

        foreach (var section in sections)
        {
            section.VisibleIf = BindChecked(section.Section.VisibleIf, section.Path + ".visibleIf");
        }

        foreach (var compiled in items)
        {
            var item = compiled.Item;
            compiled.VisibleIf = BindChecked(item.VisibleIf, compiled.Path + ".visibleIf");
            compiled.RequiredIf = BindChecked(item.RequiredIf, compiled.Path + ".requiredIf");
            compiled.When = BindChecked(item.When, compiled.Path + ".when");
            compiled.EvidenceRequiredIf = BindChecked(item.Evidence?.RequiredIf, compiled.Path + ".evidence.requiredIf");
            if (item.Pattern is not null)
            {
                // Patterns come from questionnaire authors; the timeout bounds a pathological one.
                compiled.Pattern = new Regex(item.Pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            }

            compiled.ChoiceByValue = item.Choices.ToFrozenDictionary(c => c.Value, StringComparer.Ordinal);
            var scored = item.Choices.Where(c => c.Score is not null && c.Result != ChoiceResult.NotApplicable).ToList();
            compiled.MaxScore = item.Type == ItemType.MultipleChoice
                ? scored.Sum(c => Math.Max(0m, c.Score!.Value))
                : scored.Count == 0 ? 0m : scored.Max(c => c.Score!.Value);
            var risky = item.Choices.Where(c => c.Risk is not null).ToList();
            compiled.MaxRisk = risky.Count == 0 ? 0m
                : item.Type == ItemType.MultipleChoice ? risky.Sum(c => c.Risk!.Value) : risky.Max(c => c.Risk!.Value);
            compiled.HasResults = item.Choices.Any(c => c.Result is not null);
            if (item.PlannedBy is { } plannedBy
                && (!itemIndex.TryGetValue(plannedBy, out var target) || items[target].Item.Type != ItemType.Date))
            {
                errors.Add(new(compiled.Path + ".plannedBy", $"'{plannedBy}' is not a date item of this questionnaire"));
            }
        }

        var floors = definition.Tiering?.Floors
            .Select((floor, i) => BindChecked(floor.When, $"$.tiering.floors[{i}].when"))
            .ToArray() ?? [];

        if (definition.Tiering is not null && !items.Any(i => i.MaxRisk > 0))
        {
            errors.Add(new("$.tiering", "tiering needs at least one choice with a risk value"));
        }

        if (errors.Count > 0)
        {
            return Result<CompiledQuestionnaire>.Failure(errors);
        }

        var plan = PlanVisibility(sections, items, errors);
        if (errors.Count > 0)
        {
            return Result<CompiledQuestionnaire>.Failure(errors);
        }

        var controls = items
            .SelectMany(i => i.Item.Controls.Select(control => (control, i.Index)))
            .GroupBy(pair => pair.control, StringComparer.Ordinal)
            .OrderBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => (group.Key, group.Select(pair => pair.Index).ToArray()))
            .ToImmutableArray();

        return Result<CompiledQuestionnaire>.Success(new CompiledQuestionnaire(
            definition, [.. sections], [.. items], plan, itemIndex, controls, floors));
    }

    private static void Flatten(QuestionnaireSection section, int parent, string path, List<CompiledSection> sections, List<CompiledItem> items)
    {
        var compiled = new CompiledSection(section, sections.Count, parent, path);
        sections.Add(compiled);
        if (parent >= 0)
        {
            sections[parent].ChildSectionIndexes.Add(compiled.Index);
        }

        for (var i = 0; i < section.Items.Length; i++)
        {
            var item = new CompiledItem(section.Items[i], items.Count, compiled.Index, $"{path}.items[{i}]");
            items.Add(item);
            compiled.ItemIndexes.Add(item.Index);
        }

        for (var i = 0; i < section.Sections.Length; i++)
        {
            Flatten(section.Sections[i], compiled.Index, $"{path}.sections[{i}]", sections, items);
        }
    }

    /// <summary>
    /// Orders sections and items so that whatever a visibility condition reads is decided before it.
    /// Node ids: sections 0..S-1, items S..S+I-1. requiredIf and finding conditions are evaluated after
    /// all visibility is settled and nothing reads them, so only visibility edges can close a cycle.
    /// </summary>
    private static int[] PlanVisibility(List<CompiledSection> sections, List<CompiledItem> items, List<QuestionnaireError> errors)
    {
        var s = sections.Count;
        var nodeCount = s + items.Count;
        var dependencies = new List<int>[nodeCount];
        for (var n = 0; n < nodeCount; n++)
        {
            dependencies[n] = [];
        }

        var itemIds = items.ToDictionary(i => i.Item.Id, i => i.Index, StringComparer.Ordinal);
        IEnumerable<int> Referenced(string? expression) => expression is null
            ? []
            : ExpressionParser.Parse(expression).Value.References().Select(r => s + itemIds[r.ItemId]).Distinct();

        foreach (var section in sections)
        {
            if (section.ParentIndex >= 0)
            {
                dependencies[section.Index].Add(section.ParentIndex);
            }

            dependencies[section.Index].AddRange(Referenced(section.Section.VisibleIf));
        }

        foreach (var item in items)
        {
            dependencies[s + item.Index].Add(item.SectionIndex);
            dependencies[s + item.Index].AddRange(Referenced(item.Item.VisibleIf));
        }

        var dependents = new List<int>[nodeCount];
        var pending = new int[nodeCount];
        for (var n = 0; n < nodeCount; n++)
        {
            dependents[n] = [];
        }

        for (var n = 0; n < nodeCount; n++)
        {
            foreach (var dependency in dependencies[n])
            {
                dependents[dependency].Add(n);
                pending[n]++;
            }
        }

        // Kahn's algorithm; the priority queue keeps the order deterministic (lowest node id first).
        var ready = new PriorityQueue<int, int>();
        for (var n = 0; n < nodeCount; n++)
        {
            if (pending[n] == 0)
            {
                ready.Enqueue(n, n);
            }
        }

        var plan = new List<int>(nodeCount);
        while (ready.TryDequeue(out var node, out _))
        {
            plan.Add(node < s ? ~node : node - s);
            foreach (var dependent in dependents[node])
            {
                if (--pending[dependent] == 0)
                {
                    ready.Enqueue(dependent, dependent);
                }
            }
        }

        if (plan.Count < nodeCount)
        {
            var cycle = FindCycle(dependencies, pending);
            string Name(int n) => n < s ? sections[n].Section.Id : items[n - s].Item.Id;
            string PathOf(int n) => n < s ? sections[n].Path : items[n - s].Path;
            var first = cycle[0];
            errors.Add(new(PathOf(first) + ".visibleIf",
                "visibility cycle: " + string.Join(" -> ", cycle.Append(first).Select(Name))
                + " (each element's visibility depends on the next: through visibleIf or by being inside a section)"));
        }

        return [.. plan];
    }

    /// <summary>Walks dependencies among the nodes Kahn could not place until a node repeats.</summary>
    private static List<int> FindCycle(List<int>[] dependencies, int[] pending)
    {
        var start = Array.FindIndex(pending, p => p > 0);
        var path = new List<int>();
        var position = new Dictionary<int, int>();
        var node = start;
        while (!position.ContainsKey(node))
        {
            position[node] = path.Count;
            path.Add(node);
            node = dependencies[node].First(d => pending[d] > 0);
        }

        return path.GetRange(position[node], path.Count - position[node]);
    }
}

/// <summary>Static types used at publish time to catch conditions that could never work.</summary>
internal enum StaticType
{
    Boolean,
    Number,
    Text,
    Date,
    List,
}

internal sealed class ExpressionChecker(List<CompiledItem> items, FrozenDictionary<string, int> itemIndex, List<QuestionnaireError> errors)
{
    private string _path = "";
    private bool _ok = true;

    /// <summary>True when the expression is a well-typed condition; errors go to the shared list.</summary>
    public bool CheckCondition(ExpressionNode node, string path)
    {
        _path = path;
        _ok = true;
        RequireBoolean(node, Check(node));
        return _ok;
    }

    private StaticType? Check(ExpressionNode node)
    {
        switch (node)
        {
            case StringLiteral:
                return StaticType.Text;
            case NumberLiteral:
                return StaticType.Number;
            case BooleanLiteral:
                return StaticType.Boolean;
            case ArrayLiteral:
                return StaticType.List;
            case ItemReference reference:
                return CheckReference(reference);
            case NotExpression not:
                RequireBoolean(not.Operand, Check(not.Operand));
                return StaticType.Boolean;
            case LogicalExpression logical:
                RequireBoolean(logical.Left, Check(logical.Left));
                RequireBoolean(logical.Right, Check(logical.Right));
                return StaticType.Boolean;
            case EmptinessTest emptiness:
                Check(emptiness.Operand);
                return StaticType.Boolean;
            case CountFunction count:
                if (count.Argument is not ItemReference)
                {
                    Error(count.Argument.Position, "count() takes an item reference such as count({q})");
                }

                Check(count.Argument);
                return StaticType.Number;
            case ComparisonExpression comparison:
                CheckComparison(comparison);
                return StaticType.Boolean;
            default:
                return null;
        }
    }

    private StaticType? CheckReference(ItemReference reference)
    {
        if (!itemIndex.TryGetValue(reference.ItemId, out var index))
        {
            Error(reference.Position, $"unknown item id '{reference.ItemId}'");
            return null;
        }

        var item = items[index].Item;
        if (!item.IsAnswerable)
        {
            Error(reference.Position, $"'{item.Id}' is a {DefinitionValidator.Camel(item.Type)} item and has no answer to read");
            return null;
        }

        return TypeOf(item.Type);
    }

    private static StaticType TypeOf(ItemType type) => type switch
    {
        ItemType.Boolean => StaticType.Boolean,
        ItemType.Number => StaticType.Number,
        ItemType.Date => StaticType.Date,
        ItemType.MultipleChoice or ItemType.File => StaticType.List,
        _ => StaticType.Text,
    };

    private void CheckComparison(ComparisonExpression comparison)
    {
        var left = Check(comparison.Left);
        var right = Check(comparison.Right);
        var op = comparison.Operator;
        var opName = op.ToString().ToLowerInvariant();
        switch (op)
        {
            case ComparisonOperator.AnyOf or ComparisonOperator.AllOf or ComparisonOperator.NoneOf:
            {
                var item = ReferencedItem(comparison.Left);
                if (item is null || item.Type is not (ItemType.SingleChoice or ItemType.MultipleChoice))
                {
                    if (left is not null)
                    {
                        Error(comparison.Position, $"{opName} needs a singleChoice or multipleChoice item on its left, not {Describe(comparison.Left, left.Value)}");
                    }
                }
                else
                {
                    CheckChoiceValues(item, comparison.Right);
                }

                if (comparison.Right is not ArrayLiteral)
                {
                    Error(comparison.Right.Position, $"{opName} needs an array such as ['a', 'b'] on its right");
                }

                return;
            }

            case ComparisonOperator.Contains or ComparisonOperator.NotContains:
                if (left is not null && left is not (StaticType.List or StaticType.Text))
                {
                    Error(comparison.Position, $"{opName} needs a list or text on its left, not {Describe(comparison.Left, left.Value)}");
                }

                if (ReferencedItem(comparison.Left) is { Type: ItemType.MultipleChoice } multiple)
                {
                    CheckChoiceValues(multiple, comparison.Right);
                }

                return;
        }

        if (left is not { } l || right is not { } r)
        {
            return;
        }

        var ordering = op is not (ComparisonOperator.Equal or ComparisonOperator.NotEqual);
        if (ordering && (l is StaticType.Boolean or StaticType.List || r is StaticType.Boolean or StaticType.List))
        {
            Error(comparison.Position, $"cannot order {Describe(comparison.Left, l)} and {Describe(comparison.Right, r)}");
            return;
        }

        if (!Compatible(l, comparison.Right, r) || !Compatible(r, comparison.Left, l))
        {
            Error(comparison.Position, $"type mismatch: cannot compare {Describe(comparison.Left, l)} with {Describe(comparison.Right, r)}");
            return;
        }

        if (!ordering)
        {
            if (ReferencedItem(comparison.Left) is { } leftItem)
            {
                CheckChoiceValues(leftItem, comparison.Right);
            }

            if (ReferencedItem(comparison.Right) is { } rightItem)
            {
                CheckChoiceValues(rightItem, comparison.Left);
            }
        }
    }

    /// <summary>Whether <paramref name="a"/> may be compared with <paramref name="b"/> (checked both ways round).</summary>
    private static bool Compatible(StaticType a, ExpressionNode bNode, StaticType b)
    {
        if (a == b)
        {
            return true;
        }

        return (a, b) switch
        {
            (StaticType.Boolean, _) => false,
            (StaticType.List, _) => false,
            (StaticType.Number, StaticType.Text) => bNode is StringLiteral s
                ? decimal.TryParse(s.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out _)
                : bNode is not NumberLiteral,
            (StaticType.Date, StaticType.Text) => bNode is not StringLiteral literal || Values.TryParseIsoDate(literal.Value, out _),
            (StaticType.Date, StaticType.Number) => false,
            _ => true,
        };
    }

    private CompiledItem? ReferencedCompiled(ExpressionNode node) =>
        node is ItemReference r && itemIndex.TryGetValue(r.ItemId, out var index) ? items[index] : null;

    private QuestionnaireItem? ReferencedItem(ExpressionNode node) => ReferencedCompiled(node)?.Item;

    private void CheckChoiceValues(QuestionnaireItem item, ExpressionNode valueNode)
    {
        if (item.Choices.IsEmpty || item.Type is not (ItemType.SingleChoice or ItemType.MultipleChoice or ItemType.Boolean))
        {
            return;
        }

        var literals = valueNode switch
        {
            ArrayLiteral array => array.Elements,
            StringLiteral or NumberLiteral => [valueNode],
            _ => ImmutableArray<ExpressionNode>.Empty,
        };
        foreach (var literal in literals)
        {
            var value = BoundExpression.LiteralText(literal);
            if (!item.Choices.Any(c => string.Equals(c.Value, value, StringComparison.Ordinal)))
            {
                Error(literal.Position, $"'{value}' is not a choice of '{item.Id}' (choices: {string.Join(", ", item.Choices.Select(c => c.Value))})");
            }
        }
    }

    private void RequireBoolean(ExpressionNode node, StaticType? type)
    {
        if (type is not null && type != StaticType.Boolean)
        {
            Error(node.Position, $"a condition must be true or false, but {Describe(node, type.Value)} is not; compare it, e.g. {{x}} = 'value' or {{x}} notempty");
        }
    }

    private static string Describe(ExpressionNode node, StaticType type) => node switch
    {
        ItemReference r => $"{{{r.ItemId}}} ({DefinitionValidator.Camel(type)})",
        StringLiteral s => $"'{s.Value}' (text)",
        NumberLiteral n => $"{n.Value.ToString(CultureInfo.InvariantCulture)} (number)",
        BooleanLiteral b => b.Value ? "true (boolean)" : "false (boolean)",
        _ => DefinitionValidator.Camel(type),
    };

    private void Error(int position, string message)
    {
        _ok = false;
        errors.Add(new(_path, string.Create(CultureInfo.InvariantCulture, $"column {position}: {message}")));
    }
}
