using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Questionnaires;

namespace VendorRisk.Domain.Assessments;

/// <summary>
/// Stores an <see cref="AnswerValue"/> as a small JSON object: <c>{"kind":"number","value":42}</c>. Numbers are
/// kept as decimal strings so no precision is lost on any database.
/// </summary>
public static class AnswerJson
{
    public static string Serialize(AnswerValue value)
    {
        var node = new JsonObject { ["kind"] = value.Kind.ToString().ToLowerInvariant() };
        node["value"] = value.Kind switch
        {
            AnswerKind.Text => JsonValue.Create(value.TextValue),
            AnswerKind.Number => JsonValue.Create(value.NumberValue.ToString(CultureInfo.InvariantCulture)),
            AnswerKind.Boolean => JsonValue.Create(value.BooleanValue),
            AnswerKind.Date => JsonValue.Create(value.DateValue.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            _ => new JsonArray([.. value.ListValue.Select(v => (JsonNode?)JsonValue.Create(v))]),
        };
        return node.ToJsonString();
    }

    public static AnswerValue Deserialize(string json)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? throw new DomainException("A stored answer is not a JSON object.");
        var kind = Enum.Parse<AnswerKind>((string?)node["kind"] ?? "", ignoreCase: true);
        var value = node["value"];
        return kind switch
        {
            AnswerKind.Text => AnswerValue.Text((string?)value ?? ""),
            AnswerKind.Number => AnswerValue.Number(decimal.Parse((string?)value ?? "0", NumberStyles.Number, CultureInfo.InvariantCulture)),
            AnswerKind.Boolean => AnswerValue.Boolean((bool?)value ?? false),
            AnswerKind.Date => AnswerValue.Date(DateOnly.ParseExact((string?)value ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture)),
            AnswerKind.Choices => AnswerValue.Choices(Strings(value)),
            AnswerKind.Files => AnswerValue.Files(Strings(value)),
            _ => throw new DomainException($"Unknown answer kind '{kind}'."),
        };
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(n => (string?)n ?? "").Where(s => s.Length > 0).ToList() : [];

    /// <summary>The most values one answer may carry (choices, files), whatever the item.</summary>
    public const int MaxValues = 200;

    /// <summary>The longest single value any answer may carry; items set their own, lower, limits (issue 16, item 9).</summary>
    public const int MaxValueLength = 20_000;

    /// <summary>
    /// Reads what a form or an autosave request sent for an item of the given type. Returns null for "no
    /// answer" and an error for a value that cannot be of that type (format checks are the engine's job).
    /// </summary>
    public static (AnswerValue? Value, string? Error) FromInput(ItemType type, IReadOnlyList<string> raw)
    {
        // The hard cap, whatever the item allows (its own limits are the engine's, checked by the caller).
        if (raw.Count > MaxValues)
            return (null, string.Create(CultureInfo.InvariantCulture, $"Send at most {MaxValues} values for one question."));
        if (raw.Any(r => r is not null && r.Length > MaxValueLength))
            return (null, string.Create(CultureInfo.InvariantCulture, $"An answer is at most {MaxValueLength:N0} characters."));
        var values = raw.Select(r => (r ?? "").Trim()).Where(r => r.Length > 0).ToList();
        if (values.Count == 0) return (null, null);
        var single = values[0];
        switch (type)
        {
            case ItemType.Number:
                // No thousands separators: "12,5" typed by someone who writes decimal commas must not become 125.
                return decimal.TryParse(single, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                    ? (AnswerValue.Number(number), null) : (null, "Enter a number, such as 42 or 3.5.");
            case ItemType.Boolean:
                return single.ToLowerInvariant() switch
                {
                    "true" or "yes" => (AnswerValue.True, null),
                    "false" or "no" => (AnswerValue.False, null),
                    _ => (null, "Answer yes or no."),
                };
            case ItemType.Date:
                return DateOnly.TryParseExact(single, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? (AnswerValue.Date(date), null) : (null, "Enter a date as YYYY-MM-DD.");
            case ItemType.MultipleChoice:
                return (AnswerValue.Choices(values.Distinct(StringComparer.Ordinal)), null);
            case ItemType.File:
                return (AnswerValue.Files(values.Distinct(StringComparer.Ordinal)), null);
            case ItemType.Info or ItemType.Finding:
                return (null, "This item takes no answer.");
            default:
                return (AnswerValue.Text(raw[0]), null);
        }
    }
}
