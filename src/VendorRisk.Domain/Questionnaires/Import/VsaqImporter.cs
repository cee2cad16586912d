using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
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

    /// <summary>Reads VSAQ's HTML into plain text and safe markup (the application passes its sanitiser; ADR-033).</summary>
    public IMarkupReader Markup { get; init; } = PlainMarkup.Instance;
}

/// <summary>
/// Imports a Google VSAQ questionnaire as a draft definition (docs/formats/questionnaire.md, ADR-033).
/// <list type="bullet">
/// <item>ids: an explicit VSAQ id is kept; an item without one gets an id derived from its parent's id, its type, its text and
/// how many earlier siblings have the same type and text, so inserting an item elsewhere changes no other id. An id used twice
/// (items or choices) is refused, naming both;</item>
/// <item>blocks become sections (nested blocks nested sections); items that follow a nested block go into a continuation section
/// after it, so document order is kept;</item>
/// <item>yesno: boolean; radiogroup: singleChoice with the radioitem ids as values; checkgroup: multipleChoice
/// with the checkitem ids as values; line: text; box: textarea; upload: file; info: info; spacer: dropped;</item>
/// <item>tip: an info shown where its <c>cond</c> holds (a warning with <c>warn: "yes"</c>, which also becomes a finding
/// <c>{id}_finding</c> for the reviewers: severity, <c>name</c> as title, <c>why</c> as the compensating-control prompt); a tip's
/// <c>why</c> becomes an optional textarea <c>{id}_why</c> shown with it;</item>
/// <item>text, help and choice labels: VSAQ's HTML read by <see cref="VsaqImportOptions.Markup"/> into plain text and safe markup;</item>
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
            var importer = new Importer(options.Markup);
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

    private sealed class Importer(IMarkupReader markup)
    {
        private readonly Dictionary<string, RefInfo> _refs = new(StringComparer.Ordinal);
        /// <summary>Every element's id by its JSON path (explicit or derived).</summary>
        private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);
        /// <summary>Every id taken, with what took it (for the duplicate message).</summary>
        private readonly Dictionary<string, string> _owners = new(StringComparer.Ordinal);

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
            // The root block is not a section: its children's ids derive from an empty parent, so its title can change freely.
            _ids[rootPath] = "";
            AssignChildIds(rootBlock, "", rootPath);
            if (Errors.Count > 0)
            {
                return null;
            }

            Index(rootBlock, [], rootPath);
            var sections = BuildChildren(rootBlock, rootPath, "general", "General", out var looseItems);
            if (looseItems.Length > 0)
            {
                sections = sections.Insert(0, new QuestionnaireSection { Id = "general", Title = "General", Items = looseItems });
            }

            return new QuestionnaireDefinition
            {
                Id = options.Id,
                Version = options.Version,
                Title = Str(rootBlock, "text") is { } title ? markup.Read(title).Plain : "VSAQ questionnaire",
                Source = "Google VSAQ (imported)",
                Licence = "Apache-2.0",
                Locale = options.Locale,
                Sections = sections,
            };
        }

        private static JsonElement[] Children(JsonElement block) =>
            block.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array ? [.. items.EnumerateArray()] : [];

        private static string? Str(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;

        private string IdAt(string path) => _ids[path];

        /// <summary>What an element is, in words, for messages: its type, the start of its text and where it is.</summary>
        private string Describe(JsonElement element, string path)
        {
            var type = Str(element, "type") ?? "item";
            var text = Str(element, "text") ?? Str(element, "name");
            if (text is null)
            {
                return $"the {type} at {path}";
            }

            var plain = markup.Read(text).Plain.Replace('\n', ' ');
            return $"the {type} \"{(plain.Length > 60 ? plain[..57] + "..." : plain)}\" at {path}";
        }

        private void Take(string id, string owner, string path)
        {
            if (_owners.TryGetValue(id, out var first))
            {
                Errors.Add(new(path, $"the id '{id}' is used twice: by {first} and by {owner}; give one of them another id"));
                return;
            }

            _owners[id] = owner;
        }

        /// <summary>
        /// Gives every child of <paramref name="block"/> its id: the explicit one, or one derived from the parent's id, the type, the
        /// text and the number of earlier siblings of the same type and text. Ids of items, choices and the companions an item
        /// becomes (<c>_why</c>, <c>_finding</c>) share one namespace.
        /// </summary>
        private void AssignChildIds(JsonElement block, string parentId, string path)
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            var index = 0;
            foreach (var child in Children(block))
            {
                var childPath = $"{path}.items[{index++}]";
                if (child.ValueKind != JsonValueKind.Object)
                {
                    Errors.Add(new(childPath, "expected a VSAQ item (an object with a 'type')"));
                    continue;
                }

                var type = Str(child, "type") ?? "item";
                var text = Str(child, "text") ?? Str(child, "name") ?? "";
                var key = type + "\n" + text;
                var occurrence = seen.GetValueOrDefault(key);
                seen[key] = occurrence + 1;
                var id = Str(child, "id") is { Length: > 0 } explicitId ? explicitId : DerivedId(parentId, type, text, occurrence);
                _ids[childPath] = id;
                if (type == "spacer")
                {
                    continue;
                }

                var owner = Describe(child, childPath);
                Take(id, owner, childPath + ".id");
                if (type == "tip")
                {
                    if (Str(child, "why") is not null) Take(id + "_why", owner + " (its \"why\" answer)", childPath + ".why");
                    if (Str(child, "warn") == "yes") Take(id + "_finding", owner + " (its finding)", childPath + ".warn");
                }

                if (child.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array)
                {
                    var c = 0;
                    foreach (var choice in choices.EnumerateArray())
                    {
                        var choicePath = $"{childPath}.choices[{c++}]";
                        if (choice.ValueKind != JsonValueKind.Object)
                        {
                            Errors.Add(new(choicePath, "expected a choice such as { \"choice_id\": \"label\" }"));
                            continue;
                        }

                        foreach (var property in choice.EnumerateObject())
                        {
                            var label = property.Value.ValueKind == JsonValueKind.String ? markup.Read(property.Value.GetString()!).Plain : property.Name;
                            Take(property.Name, $"the choice \"{(label.Length > 60 ? label[..57] + "..." : label)}\" of {owner}", choicePath);
                        }
                    }
                }

                if (type == "block")
                {
                    AssignChildIds(child, id, childPath);
                }
            }
        }

        /// <summary><c>{words of the text}_{8 hex digits}</c>: a hash of parent id, type, text and occurrence; readable and stable.</summary>
        private string DerivedId(string parentId, string type, string text, int occurrence)
        {
            var plain = markup.Read(text).Plain;
            var stem = new StringBuilder();
            foreach (var ch in plain.ToLowerInvariant())
            {
                if (stem.Length >= 32) break;
                if (char.IsAsciiLetterOrDigit(ch)) stem.Append(ch);
                else if (stem.Length > 0 && stem[^1] != '_') stem.Append('_');
            }

            var words = stem.ToString().Trim('_');
            if (words.Length == 0) words = type;
            if (!char.IsAsciiLetter(words[0])) words = type + "_" + words;
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{parentId}\n{type}\n{text}\n{occurrence}")));
            return words + "_" + Convert.ToHexStringLower(hash, 0, 4);
        }

        private void Index(JsonElement element, ImmutableArray<string?> visibility, string path)
        {
            var type = Str(element, "type");
            var id = IdAt(path);
            var own = visibility.Add(Str(element, "cond"));
            var kind = type switch
            {
                "yesno" => RefKind.YesNo,
                "line" or "box" or "upload" => RefKind.Value,
                _ => RefKind.Other,
            };
            if (id.Length > 0)
            {
                _refs[id] = new RefInfo(kind, id, own);
            }

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
                var childPath = $"{path}.items[{index++}]";
                if (_ids.ContainsKey(childPath))
                {
                    Index(child, own, childPath);
                }
            }
        }

        /// <summary>
        /// The sections a block's children make, in document order: nested blocks, and after each nested block a continuation
        /// section (<c>{id}_after_{block id}</c>, "{title} (continued)") holding the items that follow it. The items before the
        /// first nested block come back in <paramref name="leading"/>.
        /// </summary>
        private ImmutableArray<QuestionnaireSection> BuildChildren(JsonElement block, string path, string id, string title,
            out ImmutableArray<QuestionnaireItem> leading)
        {
            var sections = ImmutableArray.CreateBuilder<QuestionnaireSection>();
            var run = ImmutableArray.CreateBuilder<QuestionnaireItem>();
            string? afterBlock = null;
            ImmutableArray<QuestionnaireItem>? first = null;
            JsonElement? previous = null;
            var index = 0;

            void Flush()
            {
                if (afterBlock is null)
                {
                    first = run.ToImmutable();
                }
                else if (run.Count > 0)
                {
                    sections.Add(new QuestionnaireSection { Id = $"{id}_after_{afterBlock}", Title = title + " (continued)", Items = run.ToImmutable() });
                }

                run.Clear();
            }

            foreach (var child in Children(block))
            {
                var childPath = $"{path}.items[{index++}]";
                if (!_ids.ContainsKey(childPath))
                {
                    continue;
                }

                if (Str(child, "type") == "block")
                {
                    Flush();
                    sections.Add(BuildSection(child, childPath));
                    afterBlock = IdAt(childPath);
                }
                else
                {
                    run.AddRange(BuildItems(child, childPath, previous));
                }

                previous = child;
            }

            Flush();
            leading = first ?? [];
            return sections.ToImmutable();
        }

        private QuestionnaireSection BuildSection(JsonElement block, string path)
        {
            var id = IdAt(path);
            var title = Str(block, "text") is { } text ? markup.Read(text).Plain : id;
            if (title.Length == 0) title = id;
            var sections = BuildChildren(block, path, id, title, out var items);
            return new QuestionnaireSection
            {
                Id = id,
                Title = title,
                VisibleIf = Translate(Str(block, "cond"), path + ".cond"),
                Items = items,
                Sections = sections,
            };
        }

        /// <summary>
        /// The question text: the item's own, or for an item without one the text of the info just before it (VSAQ's way to ask a
        /// question over a check group), or a generic prompt; never the generated id.
        /// </summary>
        private RichText QuestionText(JsonElement element, string? type, JsonElement? previous)
        {
            if (Str(element, "text") is { Length: > 0 } text)
            {
                return markup.Read(text);
            }

            if (previous is { } before && Str(before, "type") is "info" && Str(before, "text") is { Length: > 0 } intro)
            {
                return markup.Read(intro);
            }

            return new RichText(type switch
            {
                "checkgroup" => "Select all that apply.",
                "radiogroup" => "Select one.",
                "yesno" => "Yes or no?",
                "upload" => "Upload a file.",
                _ => "Your answer",
            }, null);
        }

        private IEnumerable<QuestionnaireItem> BuildItems(JsonElement element, string path, JsonElement? previous)
        {
            var type = Str(element, "type");
            var id = IdAt(path);
            var cond = Translate(Str(element, "cond"), path + ".cond");
            switch (type)
            {
                case "spacer":
                    yield break;
                case "info":
                {
                    var text = markup.Read(Str(element, "text") ?? "");
                    if (text.Plain.Length > 0)
                    {
                        yield return new QuestionnaireItem { Id = id, Type = ItemType.Info, Text = text.Plain, TextHtml = text.Html, VisibleIf = cond };
                    }

                    yield break;
                }

                case "tip":
                {
                    var warn = Str(element, "warn") == "yes";
                    var text = markup.Read(Str(element, "text") ?? Str(element, "name") ?? "");
                    var name = Str(element, "name") is { } n ? markup.Read(n).Plain : null;
                    var why = Str(element, "why") is { } w ? markup.Read(w) : null;
                    if (text.Plain.Length == 0) text = new RichText(name ?? "Note", null);
                    // Shown to the vendor where it applies, as VSAQ shows it.
                    yield return new QuestionnaireItem
                    {
                        Id = id, Type = ItemType.Info, Text = text.Plain, TextHtml = text.Html, VisibleIf = cond, Warning = warn,
                    };
                    if (why is not null)
                    {
                        yield return new QuestionnaireItem
                        {
                            Id = id + "_why",
                            Type = ItemType.Textarea,
                            Text = why.Plain.Length > 0 ? why.Plain : "Please explain.",
                            TextHtml = why.Html,
                            VisibleIf = cond,
                        };
                    }

                    if (warn)
                    {
                        var severity = Str(element, "severity")?.ToUpperInvariant() switch
                        {
                            "LOW" => FindingSeverity.Low,
                            "HIGH" => FindingSeverity.High,
                            "CRITICAL" => FindingSeverity.Critical,
                            _ => FindingSeverity.Medium,
                        };
                        yield return new QuestionnaireItem
                        {
                            Id = id + "_finding",
                            Type = ItemType.Finding,
                            Text = name ?? (text.Plain.Length > 120 ? text.Plain[..117] + "..." : text.Plain),
                            Help = text.Plain,
                            When = cond,
                            Severity = severity,
                            Clarification = new Clarification(ClarificationKind.CompensatingControl,
                                why is null || why.Plain.Length == 0 ? "Describe any compensating control, or when this will be resolved." : why.Plain),
                        };
                    }

                    yield break;
                }

                case "line" or "box" or "upload":
                {
                    var text = QuestionText(element, type, previous);
                    yield return new QuestionnaireItem
                    {
                        Id = id,
                        Type = type switch { "line" => ItemType.Text, "box" => ItemType.Textarea, _ => ItemType.File },
                        Text = text.Plain,
                        TextHtml = text.Html,
                        VisibleIf = cond,
                        Required = Str(element, "required") is "yes" or "true",
                    };
                    yield break;
                }

                case "yesno":
                {
                    var text = QuestionText(element, type, previous);
                    yield return new QuestionnaireItem
                    {
                        Id = id,
                        Type = ItemType.Boolean,
                        Text = text.Plain,
                        TextHtml = text.Html,
                        VisibleIf = cond,
                        Choices = [Label("true", Str(element, "yes") ?? "Yes"), Label("false", Str(element, "no") ?? "No")],
                    };
                    yield break;
                }

                case "radiogroup" or "checkgroup":
                {
                    var text = QuestionText(element, type, previous);
                    yield return new QuestionnaireItem
                    {
                        Id = id,
                        Type = type == "radiogroup" ? ItemType.SingleChoice : ItemType.MultipleChoice,
                        Text = text.Plain,
                        TextHtml = text.Html,
                        VisibleIf = cond,
                        Choices = ReadChoices(element, path),
                    };
                    yield break;
                }

                default:
                    Errors.Add(new(path + ".type", $"unknown VSAQ item type '{type}'"));
                    yield break;
            }
        }

        private Choice Label(string value, string label)
        {
            var text = markup.Read(label);
            return new Choice(value, text.Plain.Length > 0 ? text.Plain : value) { LabelHtml = text.Html };
        }

        private ImmutableArray<Choice> ReadChoices(JsonElement element, string path)
        {
            var builder = ImmutableArray.CreateBuilder<Choice>();
            if (!element.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
            {
                Errors.Add(new(path + ".choices", "expected a choices array"));
                return [];
            }

            foreach (var choice in choices.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object))
            {
                foreach (var property in choice.EnumerateObject())
                {
                    builder.Add(Label(property.Name, property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Name));
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
