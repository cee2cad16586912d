using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using VendorRisk.Domain.Questionnaires.Serialization;

namespace VendorRisk.Domain.Questionnaires.Import;

public sealed record VsaqImportOptions
{
    public string Id { get; init; } = "vsaq";

    public SemanticVersion Version { get; init; } = new(1, 0, 0);

    public string Locale { get; init; } = "en";
}

/// <summary>
/// Imports a Google VSAQ questionnaire as a draft definition.
/// <list type="bullet">
/// <item>blocks become sections (nested blocks nested sections, listed after the block's own items);</item>
/// <item>yesno: boolean; radiogroup: singleChoice with the radioitem ids as values; checkgroup: multipleChoice
/// with the checkitem ids as values; line: text; box: textarea; upload: file; info: info; spacer: dropped;</item>
/// <item>tip: info, or with <c>warn: "yes"</c> a finding (severity, <c>name</c> as title, <c>why</c> as the
/// compensating-control prompt, <c>cond</c> as its <c>when</c>);</item>
/// <item>cond: VSAQ references name choice ids, so <c>radio_choice</c> becomes <c>{group} = 'radio_choice'</c>,
/// <c>check_choice</c> becomes <c>{group} contains 'check_choice'</c>, <c>yesno</c> or <c>yesno/yes</c> becomes
/// <c>{yesno} = true</c>, and <c>^x</c> ("x is visible") is replaced by x's own visibility condition.</item>
/// </list>
/// </summary>
public static partial class VsaqImporter
{
    [GeneratedRegex(@"\^?[A-Za-z0-9_]+(?:/yes|/no|/value)?|&&|\|\||!|\(|\)|\s+", RegexOptions.CultureInvariant)]
    private static partial Regex CondToken();

    public static Result<QuestionnaireDefinition> Import(string vsaqText, VsaqImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(vsaqText);
        options ??= new VsaqImportOptions();
        var strict = TolerantJsonReader.ToStrictJson(vsaqText);
        if (strict.IsFailure)
        {
            return Result<QuestionnaireDefinition>.Failure(strict.Errors);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(strict.Value, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = QuestionnaireJson.MaxJsonDepth });
        }
        catch (JsonException ex)
        {
            return Result<QuestionnaireDefinition>.Failure("$", QuestionnaireJson.DescribeMalformed(strict.Value, ex));
        }

        using (document)
        {
            var importer = new Importer();
            var definition = importer.Run(document.RootElement, options);
            if (importer.Errors.Count > 0 || definition is null)
            {
                return Result<QuestionnaireDefinition>.Failure(importer.Errors);
            }

            var structural = DefinitionValidator.Validate(definition);
            return structural.Count == 0 ? Result<QuestionnaireDefinition>.Success(definition) : Result<QuestionnaireDefinition>.Failure(structural);
        }
    }

    private enum RefKind
    {
        RadioChoice,
        CheckChoice,
        YesNo,
        Value,
        Other,
    }

    /// <summary>What a VSAQ id refers to: the item/choice kind, the owning item id, and the conditions that make it visible.</summary>
    private sealed record RefInfo(RefKind Kind, string ItemId, ImmutableArray<string?> VisibilityConds);

    private sealed class Importer
    {
        private readonly Dictionary<string, RefInfo> _refs = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _generatedIds = new(StringComparer.Ordinal);
        private readonly HashSet<string> _usedIds = new(StringComparer.Ordinal);
        private int _counter;

        public List<QuestionnaireError> Errors { get; } = [];

        public QuestionnaireDefinition? Run(JsonElement root, VsaqImportOptions options)
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("questionnaire", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                Errors.Add(new("$", "expected an object with a 'questionnaire' array"));
                return null;
            }

            var top = list.EnumerateArray().ToList();
            if (top.Count != 1 || Str(top[0], "type") != "block")
            {
                Errors.Add(new("$.questionnaire", "VSAQ expects exactly one root block"));
                return null;
            }

            var rootBlock = top[0];
            const string rootPath = "$.questionnaire[0]";
            CollectIds(rootBlock, rootPath);
            Index(rootBlock, [], rootPath);
            if (Errors.Count > 0)
            {
                return null;
            }

            var sections = ImmutableArray.CreateBuilder<QuestionnaireSection>();
            var looseItems = ImmutableArray.CreateBuilder<QuestionnaireItem>();
            var index = 0;
            foreach (var child in Children(rootBlock))
            {
                var path = $"{rootPath}.items[{index++}]";
                if (Str(child, "type") == "block")
                {
                    sections.Add(BuildSection(child, path));
                }
                else if (BuildItem(child, path) is { } item)
                {
                    looseItems.Add(item);
                }
            }

            if (looseItems.Count > 0)
            {
                sections.Insert(0, new QuestionnaireSection { Id = Unique("general"), Title = "General", Items = looseItems.ToImmutable() });
            }

            return new QuestionnaireDefinition
            {
                Id = options.Id,
                Version = options.Version,
                Title = Str(rootBlock, "text") ?? "VSAQ questionnaire",
                Source = "Google VSAQ (imported)",
                Licence = "Apache-2.0",
                Locale = options.Locale,
                Sections = sections.ToImmutable(),
            };
        }

        private static JsonElement[] Children(JsonElement block) =>
            block.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array ? [.. items.EnumerateArray()] : [];

        private static string? Str(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;

        private string Unique(string stem)
        {
            var id = stem;
            while (!_usedIds.Add(id))
            {
                id = string.Create(CultureInfo.InvariantCulture, $"{stem}_{++_counter}");
            }

            return id;
        }

        /// <summary>Reserves every explicit id first so generated ids never collide with a later explicit one.</summary>
        private void CollectIds(JsonElement element, string path)
        {
            if (Str(element, "id") is { } id && !_usedIds.Add(id))
            {
                Errors.Add(new(path + ".id", $"duplicate id '{id}'"));
            }

            if (element.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
            {
                foreach (var choice in choices.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object))
                {
                    foreach (var property in choice.EnumerateObject())
                    {
                        _usedIds.Add(property.Name);
                    }
                }
            }

            var index = 0;
            foreach (var child in Children(element))
            {
                CollectIds(child, $"{path}.items[{index++}]");
            }
        }

        /// <summary>The item's id, or a generated one that stays the same for the same path.</summary>
        private string IdOf(JsonElement element, string path)
        {
            if (Str(element, "id") is { } id)
            {
                return id;
            }

            if (!_generatedIds.TryGetValue(path, out var generated))
            {
                generated = Unique(Str(element, "type") ?? "item");
                _generatedIds[path] = generated;
            }

            return generated;
        }

        private void Index(JsonElement element, ImmutableArray<string?> visibility, string path)
        {
            var type = Str(element, "type");
            var id = IdOf(element, path);
            var own = visibility.Add(Str(element, "cond"));
            var kind = type switch
            {
                "yesno" => RefKind.YesNo,
                "line" or "box" or "upload" => RefKind.Value,
                _ => RefKind.Other,
            };
            _refs[id] = new RefInfo(kind, id, own);
            if (type is "radiogroup" or "checkgroup" && element.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
            {
                foreach (var choice in choices.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object))
                {
                    foreach (var property in choice.EnumerateObject())
                    {
                        _refs[property.Name] = new RefInfo(type == "radiogroup" ? RefKind.RadioChoice : RefKind.CheckChoice, id, own);
                    }
                }
            }

            var index = 0;
            foreach (var child in Children(element))
            {
                Index(child, own, $"{path}.items[{index++}]");
            }
        }

        private QuestionnaireSection BuildSection(JsonElement block, string path)
        {
            var items = ImmutableArray.CreateBuilder<QuestionnaireItem>();
            var sections = ImmutableArray.CreateBuilder<QuestionnaireSection>();
            var index = 0;
            foreach (var child in Children(block))
            {
                var childPath = $"{path}.items[{index++}]";
                if (Str(child, "type") == "block")
                {
                    sections.Add(BuildSection(child, childPath));
                }
                else if (BuildItem(child, childPath) is { } item)
                {
                    items.Add(item);
                }
            }

            return new QuestionnaireSection
            {
                Id = IdOf(block, path),
                Title = Str(block, "text") ?? IdOf(block, path),
                VisibleIf = Translate(Str(block, "cond"), path + ".cond"),
                Items = items.ToImmutable(),
                Sections = sections.ToImmutable(),
            };
        }

        private QuestionnaireItem? BuildItem(JsonElement element, string path)
        {
            var type = Str(element, "type");
            var id = IdOf(element, path);
            var text = Str(element, "text");
            var cond = Translate(Str(element, "cond"), path + ".cond");
            switch (type)
            {
                case "spacer":
                    return null;
                case "info":
                    return new QuestionnaireItem { Id = id, Type = ItemType.Info, Text = text ?? id, VisibleIf = cond };
                case "tip" when Str(element, "warn") == "yes":
                {
                    var severity = Str(element, "severity")?.ToUpperInvariant() switch
                    {
                        "LOW" => FindingSeverity.Low,
                        "HIGH" => FindingSeverity.High,
                        "CRITICAL" => FindingSeverity.Critical,
                        _ => FindingSeverity.Medium,
                    };
                    var why = Str(element, "why");
                    return new QuestionnaireItem
                    {
                        Id = id,
                        Type = ItemType.Finding,
                        Text = Str(element, "name") ?? text ?? id,
                        Help = text,
                        When = cond,
                        Severity = severity,
                        Clarification = new Clarification(ClarificationKind.CompensatingControl,
                            string.IsNullOrWhiteSpace(why) ? "Describe any compensating control, or when this will be resolved." : why),
                    };
                }

                case "tip":
                    return new QuestionnaireItem { Id = id, Type = ItemType.Info, Text = text ?? Str(element, "name") ?? id, VisibleIf = cond };
                case "line" or "box" or "upload":
                    return new QuestionnaireItem
                    {
                        Id = id,
                        Type = type switch { "line" => ItemType.Text, "box" => ItemType.Textarea, _ => ItemType.File },
                        Text = text ?? id,
                        VisibleIf = cond,
                        Required = Str(element, "required") is "yes" or "true",
                    };
                case "yesno":
                    return new QuestionnaireItem
                    {
                        Id = id,
                        Type = ItemType.Boolean,
                        Text = text ?? id,
                        VisibleIf = cond,
                        Choices = [new Choice("true", Str(element, "yes") ?? "Yes"), new Choice("false", Str(element, "no") ?? "No")],
                    };
                case "radiogroup" or "checkgroup":
                    return new QuestionnaireItem
                    {
                        Id = id,
                        Type = type == "radiogroup" ? ItemType.SingleChoice : ItemType.MultipleChoice,
                        Text = text ?? id,
                        VisibleIf = cond,
                        Choices = ReadChoices(element, path),
                    };
                default:
                    Errors.Add(new(path + ".type", $"unknown VSAQ item type '{type}'"));
                    return null;
            }
        }

        private ImmutableArray<Choice> ReadChoices(JsonElement element, string path)
        {
            var builder = ImmutableArray.CreateBuilder<Choice>();
            if (!element.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
            {
                Errors.Add(new(path + ".choices", "expected a choices array"));
                return [];
            }

            foreach (var choice in choices.EnumerateArray())
            {
                foreach (var property in choice.EnumerateObject())
                {
                    builder.Add(new Choice(property.Name, property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Name));
                }
            }

            return builder.ToImmutable();
        }

        private string? Translate(string? cond, string path) => Translate(cond, path, []);

        private string? Translate(string? cond, string path, ImmutableHashSet<string> expanding)
        {
            if (string.IsNullOrWhiteSpace(cond))
            {
                return null;
            }

            var output = new StringBuilder();
            var position = 0;
            foreach (Match match in CondToken().Matches(cond))
            {
                if (match.Index != position)
                {
                    break;
                }

                position += match.Length;
                var token = match.Value;
                switch (token)
                {
                    case "&&": output.Append(" and "); continue;
                    case "||": output.Append(" or "); continue;
                    case "!": output.Append("not "); continue;
                    case "(" or ")": output.Append(token); continue;
                }

                if (string.IsNullOrWhiteSpace(token))
                {
                    continue;
                }

                var reference = TranslateReference(token, path, expanding);
                if (reference is null)
                {
                    return null;
                }

                output.Append(reference);
            }

            if (position != cond.Length)
            {
                Errors.Add(new(path, string.Create(CultureInfo.InvariantCulture, $"cannot read VSAQ condition '{cond}' at column {position + 1}")));
                return null;
            }

            return output.ToString().Trim();
        }

        private string? TranslateReference(string token, string path, ImmutableHashSet<string> expanding)
        {
            if (token is "false" or "true")
            {
                return token;
            }

            var visibility = token.StartsWith('^');
            var name = visibility ? token[1..] : token;
            var suffix = "";
            var slash = name.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                suffix = name[slash..];
                name = name[..slash];
            }

            if (!_refs.TryGetValue(name, out var info))
            {
                Errors.Add(new(path, $"condition refers to unknown VSAQ id '{name}'"));
                return null;
            }

            if (visibility)
            {
                if (expanding.Contains(name))
                {
                    Errors.Add(new(path, $"condition visibility of '{name}' depends on itself"));
                    return null;
                }

                var parts = new List<string>();
                foreach (var cond in info.VisibilityConds.Where(c => !string.IsNullOrWhiteSpace(c)))
                {
                    var translated = Translate(cond, path, expanding.Add(name));
                    if (translated is null)
                    {
                        return null;
                    }

                    parts.Add("(" + translated + ")");
                }

                return parts.Count == 0 ? "true" : "(" + string.Join(" and ", parts) + ")";
            }

            return info.Kind switch
            {
                RefKind.RadioChoice => $"{{{info.ItemId}}} = '{name}'",
                RefKind.CheckChoice => $"{{{info.ItemId}}} contains '{name}'",
                RefKind.YesNo => suffix == "/no" ? $"{{{name}}} = false" : $"{{{name}}} = true",
                RefKind.Value => $"{{{name}}} notempty",
                _ => Unsupported(path, name),
            };
        }

        private string? Unsupported(string path, string name)
        {
            Errors.Add(new(path, $"condition refers to '{name}', which has no answer (only '^{name}' can be used)"));
            return null;
        }
    }
}
