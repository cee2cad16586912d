using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using VendorRisk.Domain.Questionnaires.Serialization;

namespace VendorRisk.Domain.Questionnaires.Import;

public sealed record BranchingImportOptions
{
    public string Id { get; init; } = "branching";

    public SemanticVersion Version { get; init; } = new(1, 0, 0);
}

/// <summary>
/// Imports a goto-style branching questionnaire (docs/formats/branching.md): questions in order, each answer option may name the
/// question to go to next (<c>goto</c>, or <c>"end"</c>), a question may name where every other answer goes (<c>next</c>); without
/// either the flow goes to the following question. Only forward jumps are accepted (a loop cannot be shown as conditions). A jump
/// skips the questions between, so a question is shown unless an earlier question it follows was answered with an option that
/// jumps over it: its <c>visibleIf</c> is the conjunction of "not answered that way" for every such jump. A skipped question's
/// answer counts as empty, so its own jumps no longer apply, which is exactly how the goto flow reads.
/// </summary>
public static partial class BranchingImporter
{
    public const string End = "end";

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.\-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdShape();

    [GeneratedRegex(@"[^a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex NotSlug();

    /// <summary>Whether a JSON root looks like this format: a <c>questions</c> array at the top or in a section.</summary>
    public static bool Recognises(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object
        && (root.TryGetProperty("questions", out var q) && q.ValueKind == JsonValueKind.Array
            || root.TryGetProperty("sections", out var s) && s.ValueKind == JsonValueKind.Array
               && s.EnumerateArray().Any(x => x.ValueKind == JsonValueKind.Object && x.TryGetProperty("questions", out _)));

    /// <summary>Whether <paramref name="json"/> is a branching questionnaire (false for malformed JSON and other formats).</summary>
    public static bool Recognises(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = QuestionnaireJson.MaxJsonDepth });
            return Recognises(document.RootElement);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static Result<QuestionnaireDefinition> Import(string json, BranchingImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        options ??= new BranchingImportOptions();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = QuestionnaireJson.MaxJsonDepth });
        }
        catch (JsonException ex)
        {
            return Result<QuestionnaireDefinition>.Failure("$", QuestionnaireJson.DescribeMalformed(json, ex));
        }

        using (document)
        {
            if (!Recognises(document.RootElement))
                return Result<QuestionnaireDefinition>.Failure("$", "this is not a branching questionnaire: it has no \"questions\" list (at the top or in its sections)");
            var errors = new List<QuestionnaireError>();
            var definition = Build(document.RootElement, options, errors);
            if (errors.Count > 0 || definition is null) return Result<QuestionnaireDefinition>.Failure(errors);
            var structural = DefinitionValidator.Validate(definition);
            return structural.Count == 0 ? Result<QuestionnaireDefinition>.Success(definition) : Result<QuestionnaireDefinition>.Failure(structural);
        }
    }

    private sealed record Option(string Value, string Label, decimal? Score, decimal? Risk, string? Goto, string Path);

    private sealed record Question(string Id, ItemType Type, string Text, string? Help, decimal Weight, bool Required,
        ImmutableArray<Option> Options, string? Next, int Section, string Path);

    private static QuestionnaireDefinition? Build(JsonElement root, BranchingImportOptions options, List<QuestionnaireError> errors)
    {
        var title = Text(root, "title") ?? "Imported branching questionnaire";
        var sections = new List<(string Title, string? Description)>();
        var questions = new List<Question>();
        if (root.TryGetProperty("sections", out var sectionList) && sectionList.ValueKind == JsonValueKind.Array)
        {
            var s = 0;
            foreach (var section in sectionList.EnumerateArray())
            {
                var path = $"$.sections[{s}]";
                if (section.ValueKind != JsonValueKind.Object || !section.TryGetProperty("questions", out var list) || list.ValueKind != JsonValueKind.Array)
                {
                    errors.Add(new(path, "a section needs a \"questions\" list"));
                }
                else
                {
                    sections.Add((Text(section, "title") ?? $"Section {s + 1}", Text(section, "description")));
                    ReadQuestions(list, sections.Count - 1, path + ".questions", questions, errors);
                }
                s++;
            }
        }

        if (root.TryGetProperty("questions", out var topList) && topList.ValueKind == JsonValueKind.Array)
        {
            sections.Add((sections.Count == 0 ? title : "Other questions", null));
            ReadQuestions(topList, sections.Count - 1, "$.questions", questions, errors);
        }

        if (questions.Count == 0 && errors.Count == 0) errors.Add(new("$", "the questionnaire has no questions"));
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < questions.Count; i++)
        {
            if (!index.TryAdd(questions[i].Id, i))
                errors.Add(new(questions[i].Path + ".id", $"the id '{questions[i].Id}' is used twice: by question {index[questions[i].Id] + 1} and question {i + 1}"));
        }
        if (errors.Count > 0) return null;

        // Where each answer goes, as a position in the flow (questions.Count: the end).
        var targets = new List<(int Question, Option? Option, int Target)>();
        for (var i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            var next = Resolve(q.Next, i, q.Path + ".next", $"question '{q.Id}'", index, questions.Count, errors) ?? i + 1;
            if (q.Options.IsEmpty) targets.Add((i, null, next));
            foreach (var o in q.Options)
            {
                var target = o.Goto is null ? next : Resolve(o.Goto, i, o.Path + ".goto", $"question '{q.Id}', answer '{o.Label}'", index, questions.Count, errors) ?? next;
                targets.Add((i, o, target));
            }
        }
        if (errors.Count > 0) return null;

        var items = new List<QuestionnaireItem>[sections.Count];
        for (var s = 0; s < sections.Count; s++) items[s] = [];
        for (var k = 0; k < questions.Count; k++)
        {
            var q = questions[k];
            var hidden = new List<string>();
            foreach (var jumps in targets.Where(t => t.Question < k && t.Target > k).GroupBy(t => t.Question))
            {
                var p = questions[jumps.Key];
                var skipping = jumps.Where(t => t.Option is not null).Select(t => t.Option!).ToList();
                // Every answer of p goes past q: q is shown only while p is unanswered (or skipped itself).
                if (p.Options.IsEmpty || skipping.Count == p.Options.Length) hidden.Add($"{{{p.Id}}} empty");
                else if (skipping.Count == 1) hidden.Add($"{{{p.Id}}} <> {Literal(p, skipping[0])}");
                else hidden.Add($"{{{p.Id}}} noneof [{string.Join(", ", skipping.Select(o => Literal(p, o)))}]");
            }

            items[q.Section].Add(new QuestionnaireItem
            {
                Id = q.Id,
                Type = q.Type,
                Text = q.Text,
                Help = q.Help,
                Required = q.Required,
                Weight = q.Weight,
                VisibleIf = hidden.Count == 0 ? null : string.Join(" and ", hidden),
                Choices = [.. q.Options.Select(o => new Choice(q.Type == ItemType.Boolean ? (o.Value == "yes" ? "true" : "false") : o.Value, o.Label) { Score = o.Score, Risk = o.Risk })],
            });
        }

        var ids = new HashSet<string>(index.Keys, StringComparer.Ordinal);
        var built = new List<QuestionnaireSection>();
        for (var s = 0; s < sections.Count; s++)
        {
            if (items[s].Count == 0) continue;
            var slug = NotSlug().Replace(sections[s].Title.ToLowerInvariant(), "_").Trim('_');
            var id = "s_" + (slug.Length == 0 ? (s + 1).ToString(CultureInfo.InvariantCulture) : slug[..Math.Min(slug.Length, 60)]);
            var unique = id;
            for (var n = 2; !ids.Add(unique); n++) unique = $"{id}_{n}";
            built.Add(new QuestionnaireSection { Id = unique, Title = sections[s].Title, Description = sections[s].Description, Items = [.. items[s]] });
        }

        return new QuestionnaireDefinition
        {
            Id = options.Id,
            Version = options.Version,
            Title = title,
            Description = Text(root, "description"),
            Source = "Branching questionnaire (imported)",
            Sections = [.. built],
        };
    }

    private static string Literal(Question question, Option option) =>
        question.Type == ItemType.Boolean ? (option.Value == "yes" ? "true" : "false") : "'" + option.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private static int? Resolve(string? target, int from, string path, string who, Dictionary<string, int> index, int end, List<QuestionnaireError> errors)
    {
        if (target is null) return null;
        if (string.Equals(target, End, StringComparison.OrdinalIgnoreCase)) return end;
        if (!index.TryGetValue(target, out var to))
        {
            errors.Add(new(path, $"{who} goes to '{target}', which is no question id (write \"end\" to finish the questionnaire)"));
            return null;
        }
        if (to <= from)
        {
            errors.Add(new(path, $"{who} goes back to '{target}': only forward jumps can be imported (a loop cannot be shown as conditions)"));
            return null;
        }
        return to;
    }

    private static void ReadQuestions(JsonElement list, int section, string basePath, List<Question> questions, List<QuestionnaireError> errors)
    {
        var i = 0;
        foreach (var element in list.EnumerateArray())
        {
            var path = $"{basePath}[{i++}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new(path, "a question is an object"));
                continue;
            }

            var id = Text(element, "id");
            var text = Text(element, "text");
            var typeName = Text(element, "type") ?? (element.TryGetProperty("options", out _) ? "choice" : "text");
            var name = id is null ? $"question {questions.Count + 1}" : $"question '{id}'";
            if (id is null) errors.Add(new(path + ".id", $"{name} has no id"));
            else if (!IdShape().IsMatch(id)) errors.Add(new(path + ".id", $"the id '{id}' must start with a letter or '_' and hold only letters, digits, '.', '-' and '_'"));
            if (text is null) errors.Add(new(path + ".text", $"{name} has no text"));
            ItemType? type = typeName switch
            {
                "yesno" => ItemType.Boolean,
                "choice" => ItemType.SingleChoice,
                "text" => ItemType.Text,
                "textarea" => ItemType.Textarea,
                "number" => ItemType.Number,
                "date" => ItemType.Date,
                _ => null,
            };
            if (type is null) errors.Add(new(path + ".type", $"{name} has the type '{typeName}'; use yesno, choice, text, textarea, number or date"));
            var weight = Number(element, "weight", path, name, errors) ?? 1m;
            var required = !element.TryGetProperty("required", out var req) || req.ValueKind != JsonValueKind.False;

            var options = ImmutableArray.CreateBuilder<Option>();
            if (element.TryGetProperty("options", out var optionList) && optionList.ValueKind != JsonValueKind.Array)
                errors.Add(new(path + ".options", $"{name}: options are a list"));
            else if (element.TryGetProperty("options", out optionList))
            {
                var j = 0;
                foreach (var o in optionList.EnumerateArray())
                {
                    var optionPath = $"{path}.options[{j++}]";
                    var label = Text(o, "label");
                    var value = Text(o, "value") ?? (label is null ? null : NotSlug().Replace(label.ToLowerInvariant(), "_").Trim('_'));
                    if (label is null && value is null)
                    {
                        errors.Add(new(optionPath, $"{name}: an answer option needs a label or a value"));
                        continue;
                    }
                    if (type == ItemType.Boolean && value is not ("yes" or "no"))
                        errors.Add(new(optionPath + ".value", $"{name} is a yes/no question: its options are \"yes\" and \"no\", not '{value}'"));
                    if (options.Any(x => x.Value == value))
                        errors.Add(new(optionPath + ".value", $"{name} has the answer '{value}' twice"));
                    options.Add(new Option(value!, label ?? value!, Number(o, "score", optionPath, name, errors), Number(o, "risk", optionPath, name, errors), Text(o, "goto"), optionPath));
                }
            }
            if (type is ItemType.SingleChoice && options.Count == 0) errors.Add(new(path + ".options", $"{name} is a choice without options"));
            if (type is not (ItemType.SingleChoice or ItemType.Boolean or null) && options.Count > 0)
                errors.Add(new(path + ".options", $"{name} is a {typeName} question and cannot have answer options"));

            if (id is not null && text is not null && type is not null)
                questions.Add(new Question(id, type.Value, text, Text(element, "help"), weight, required, options.ToImmutable(), Text(element, "next"), section, path));
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
        && value.GetString()!.Trim() is { Length: > 0 } text ? text : null;

    private static decimal? Number(JsonElement element, string name, string path, string who, List<QuestionnaireError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number) && number >= 0) return number;
        errors.Add(new($"{path}.{name}", $"{who}: {name} must be a number of 0 or more"));
        return null;
    }
}
