using System.Collections.Immutable;
using System.Globalization;
using VendorRisk.Domain.Questionnaires;

namespace VendorRisk.Domain.Tests.Questionnaires.Support;

/// <summary>
/// Generates questionnaires and answer sets from a seed, for property tests and the benchmark (linked into
/// VendorRisk.Benchmarks). Conditions only reference earlier items, so the result is always acyclic.
/// </summary>
internal static class SyntheticQuestionnaires
{
    private static readonly ItemType[] AnswerableTypes =
        [ItemType.SingleChoice, ItemType.SingleChoice, ItemType.Boolean, ItemType.MultipleChoice, ItemType.Number, ItemType.Text, ItemType.Date];

    public static QuestionnaireDefinition Generate(int itemCount, int conditionCount, int seed, int sectionCount = 20)
    {
        var random = new Random(seed);
        var perSection = Math.Max(1, itemCount / sectionCount);
        var items = new List<QuestionnaireItem>(itemCount);
        var sectionConditions = Math.Min(sectionCount / 2, conditionCount / 30);
        var itemConditions = conditionCount - sectionConditions;
        // Spread conditions over items after the first few so each has something earlier to refer to.
        var conditional = Enumerable.Range(5, Math.Max(0, itemCount - 5)).OrderBy(_ => random.Next()).Take(itemConditions).ToHashSet();

        for (var i = 0; i < itemCount; i++)
        {
            var isFinding = i % 25 == 24;
            var type = isFinding ? ItemType.Finding : AnswerableTypes[random.Next(AnswerableTypes.Length)];
            var id = string.Create(CultureInfo.InvariantCulture, $"q{i}");
            string? condition = conditional.Contains(i) ? ConditionOn(items, random) : null;
            var item = new QuestionnaireItem
            {
                Id = id,
                Type = type,
                Text = "Question " + id,
                Weight = random.Next(0, 4),
                Controls = [string.Create(CultureInfo.InvariantCulture, $"iso27001:2022:A.5.{19 + (i % 5)}")],
                Choices = ChoicesFor(type, random),
                Min = type == ItemType.Number ? 0 : null,
                Max = type == ItemType.Number ? 100 : null,
                MaxLength = type == ItemType.Text ? 50 : null,
                Required = type != ItemType.Finding && random.Next(4) == 0,
            };

            if (isFinding)
            {
                item = item with { When = condition ?? ConditionOn(items, random), Severity = (FindingSeverity)random.Next(4), Weight = 1 };
            }
            else if (condition is not null && random.Next(6) == 0)
            {
                item = item with { RequiredIf = condition };
            }
            else
            {
                item = item with { VisibleIf = condition };
            }

            items.Add(item);
        }

        var sections = ImmutableArray.CreateBuilder<QuestionnaireSection>();
        for (var s = 0; s < sectionCount; s++)
        {
            var sectionItems = items.Skip(s * perSection).Take(s == sectionCount - 1 ? int.MaxValue : perSection).ToImmutableArray();
            var earlier = items.Take(s * perSection).ToList();
            sections.Add(new QuestionnaireSection
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"s{s}"),
                Title = string.Create(CultureInfo.InvariantCulture, $"Section {s}"),
                Weight = 1 + (s % 3),
                VisibleIf = s > 0 && s <= sectionConditions ? ConditionOn(earlier, random) : null,
                Items = sectionItems,
            });
        }

        return new QuestionnaireDefinition
        {
            Id = string.Create(CultureInfo.InvariantCulture, $"synthetic-{seed}"),
            Version = new SemanticVersion(1, 0, 0),
            Title = "Synthetic",
            Sections = sections.ToImmutable(),
        };
    }

    private static ImmutableArray<Choice> ChoicesFor(ItemType type, Random random) => type switch
    {
        ItemType.SingleChoice or ItemType.MultipleChoice =>
        [
            new Choice("a", "A") { Score = 3, Result = ChoiceResult.Compliant },
            new Choice("b", "B") { Score = random.Next(0, 3), Result = ChoiceResult.PartiallyCompliant },
            new Choice("c", "C") { Score = 0, Result = ChoiceResult.NonCompliant },
            new Choice("na", "N/A") { Result = ChoiceResult.NotApplicable },
        ],
        ItemType.Boolean =>
        [
            new Choice("true", "Yes") { Score = 1, Result = ChoiceResult.Compliant },
            new Choice("false", "No") { Score = 0, Result = ChoiceResult.NonCompliant },
        ],
        _ => [],
    };

    private static string ConditionOn(List<QuestionnaireItem> earlier, Random random)
    {
        var candidates = earlier.Where(i => i.IsAnswerable).ToList();
        var target = candidates[Math.Max(0, candidates.Count - 1 - random.Next(Math.Min(candidates.Count, 60)))];
        var reference = "{" + target.Id + "}";
        var simple = target.Type switch
        {
            ItemType.Boolean => random.Next(2) == 0 ? $"{reference} = true" : $"not {reference}",
            ItemType.SingleChoice => random.Next(2) == 0 ? $"{reference} = 'a'" : $"{reference} anyof ['a', 'b']",
            ItemType.MultipleChoice => random.Next(2) == 0 ? $"{reference} contains 'b'" : $"count({reference}) >= 2",
            ItemType.Number => $"{reference} > {random.Next(0, 100)}",
            ItemType.Date => $"{reference} >= '2024-06-01'",
            _ => $"{reference} notempty",
        };

        if (random.Next(3) != 0 || candidates.Count < 2)
        {
            return simple;
        }

        var other = candidates[random.Next(candidates.Count)];
        return $"({simple}) {(random.Next(2) == 0 ? "and" : "or")} {{{other.Id}}} notempty";
    }

    /// <summary>Answers for roughly <paramref name="fillRatio"/> of the items, with about one in twenty invalid.</summary>
    public static Dictionary<string, AnswerValue> RandomAnswers(QuestionnaireDefinition definition, Random random, double fillRatio = 0.8)
    {
        var answers = new Dictionary<string, AnswerValue>(StringComparer.Ordinal);
        foreach (var item in definition.AllItems())
        {
            if (random.NextDouble() > fillRatio)
            {
                continue;
            }

            if (random.Next(20) == 0)
            {
                answers[item.Id] = random.Next(3) switch
                {
                    0 => AnswerValue.Text("nonsense"),
                    1 => AnswerValue.Number(-5),
                    _ => AnswerValue.Choices("zzz"),
                };
                continue;
            }

            var value = RandomValidAnswer(item, random);
            if (value is not null)
            {
                answers[item.Id] = value;
            }
        }

        return answers;
    }

    public static AnswerValue? RandomValidAnswer(QuestionnaireItem item, Random random) => item.Type switch
    {
        ItemType.SingleChoice => AnswerValue.Text(item.Choices[random.Next(item.Choices.Length)].Value),
        ItemType.MultipleChoice => AnswerValue.Choices(item.Choices.Where(_ => random.Next(2) == 0).Select(c => c.Value)),
        ItemType.Boolean => AnswerValue.Boolean(random.Next(2) == 0),
        ItemType.Number => AnswerValue.Number(random.Next(0, 101)),
        ItemType.Date => AnswerValue.Date(new DateOnly(2024, 1, 1).AddDays(random.Next(365))),
        ItemType.Text => AnswerValue.Text("answer " + random.Next(1000).ToString(CultureInfo.InvariantCulture)),
        _ => null,
    };
}
