using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using VendorRisk.Domain.Evidence;

namespace VendorRisk.Domain.Questionnaires.Serialization;

/// <summary>
/// Loads and saves questionnaire definitions as camelCase JSON. Saving writes the canonical form (fixed
/// property order, defaults left out, two-space indent, LF line ends, trailing newline), so that loading a
/// canonical file and saving it again yields the same text.
/// </summary>
public static class QuestionnaireJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        // Definitions are stored and diffed as files, never embedded in HTML; keep text readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>How deep a questionnaire file's JSON may nest (System.Text.Json's default, stated here so the message can name it).</summary>
    public const int MaxJsonDepth = 64;

    public static Result<QuestionnaireDefinition> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = MaxJsonDepth });
        }
        catch (JsonException ex)
        {
            return Result<QuestionnaireDefinition>.Failure("$", DescribeMalformed(json, ex));
        }

        using (document)
        {
            var reader = new DefinitionReader();
            var definition = reader.ReadDefinition(document.RootElement);
            if (reader.Errors.Count > 0 || definition is null)
            {
                return Result<QuestionnaireDefinition>.Failure(reader.Errors);
            }

            var structural = DefinitionValidator.Validate(definition);
            return structural.Count == 0
                ? Result<QuestionnaireDefinition>.Success(definition)
                : Result<QuestionnaireDefinition>.Failure(structural);
        }
    }

    /// <summary>"Malformed JSON at line 3, column 7: ..." with a 1-based character column.</summary>
    internal static string DescribeMalformed(string json, JsonException ex)
    {
        var line = (int)(ex.LineNumber ?? 0);
        // The reader stops at MaxJsonDepth before allocating anything deeper (a 600- or 10,000-deep section chain ends here).
        if (ex.Message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"the JSON nests more than {MaxJsonDepth} levels deep at line {line + 1}; sections nest at most {QuestionnaireSection.MaxNesting} levels");
        }

        var bytePosition = (int)(ex.BytePositionInLine ?? 0);
        var lines = json.Split('\n');
        var column = bytePosition + 1;
        if (line < lines.Length)
        {
            // The reader counts UTF-8 bytes; people count characters.
            var lineBytes = Encoding.UTF8.GetBytes(lines[line]);
            column = Encoding.UTF8.GetCharCount(lineBytes, 0, Math.Min(bytePosition, lineBytes.Length)) + 1;
        }

        var reason = ex.Message;
        var cut = reason.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        if (cut > 0)
        {
            reason = reason[..cut];
        }

        return string.Create(CultureInfo.InvariantCulture, $"malformed JSON at line {line + 1}, column {column}: {reason.TrimEnd('.', ' ')}");
    }

    public static string Serialize(QuestionnaireDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            WriteDefinition(writer, definition);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    internal static string EnumName(Enum value) => DefinitionValidator.Camel(value);

    private static void WriteDefinition(Utf8JsonWriter writer, QuestionnaireDefinition definition)
    {
        writer.WriteStartObject();
        writer.WriteString("id", definition.Id);
        writer.WriteString("version", definition.Version.ToString());
        writer.WriteString("status", EnumName(definition.Status));
        writer.WriteString("title", definition.Title);
        WriteOptional(writer, "description", definition.Description);
        WriteOptional(writer, "source", definition.Source);
        WriteOptional(writer, "licence", definition.Licence);
        writer.WriteString("locale", definition.Locale);
        WriteOptional(writer, "contentHash", definition.ContentHash);
        if (definition.Tiering is { } tiering)
        {
            writer.WriteStartObject("tiering");
            writer.WriteStartArray("thresholds");
            foreach (var threshold in tiering.Thresholds)
            {
                writer.WriteStartObject();
                writer.WriteString("tier", EnumName(threshold.Tier));
                writer.WriteNumber("minimumScore", threshold.MinimumScore);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (!tiering.Floors.IsEmpty)
            {
                writer.WriteStartArray("floors");
                foreach (var floor in tiering.Floors)
                {
                    writer.WriteStartObject();
                    writer.WriteString("when", floor.When);
                    writer.WriteString("minimumTier", EnumName(floor.MinimumTier));
                    WriteOptional(writer, "reason", floor.Reason);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteStartArray("sections");
        foreach (var section in definition.Sections)
        {
            WriteSection(writer, section);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteSection(Utf8JsonWriter writer, QuestionnaireSection section)
    {
        writer.WriteStartObject();
        writer.WriteString("id", section.Id);
        writer.WriteString("title", section.Title);
        WriteOptional(writer, "description", section.Description);
        if (section.Weight != 1m)
        {
            writer.WriteNumber("weight", section.Weight);
        }

        WriteOptional(writer, "visibleIf", section.VisibleIf);
        if (!section.Items.IsEmpty)
        {
            writer.WriteStartArray("items");
            foreach (var item in section.Items)
            {
                WriteItem(writer, item);
            }

            writer.WriteEndArray();
        }

        if (!section.Sections.IsEmpty)
        {
            writer.WriteStartArray("sections");
            foreach (var child in section.Sections)
            {
                WriteSection(writer, child);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteItem(Utf8JsonWriter writer, QuestionnaireItem item)
    {
        writer.WriteStartObject();
        writer.WriteString("id", item.Id);
        writer.WriteString("type", EnumName(item.Type));
        writer.WriteString("text", item.Text);
        WriteOptional(writer, "help", item.Help);
        WriteOptional(writer, "textHtml", item.TextHtml);
        WriteOptional(writer, "helpHtml", item.HelpHtml);
        if (item.Warning)
        {
            writer.WriteBoolean("warning", true);
        }

        if (item.Key)
        {
            writer.WriteBoolean("key", true);
        }

        if (item.Factual)
        {
            writer.WriteBoolean("factual", true);
        }

        if (item.Required)
        {
            writer.WriteBoolean("required", true);
        }

        WriteOptional(writer, "requiredIf", item.RequiredIf);
        WriteOptional(writer, "visibleIf", item.VisibleIf);
        if (item.Weight != 1m)
        {
            writer.WriteNumber("weight", item.Weight);
        }

        if (!item.Controls.IsEmpty)
        {
            writer.WriteStartArray("controls");
            foreach (var control in item.Controls)
            {
                // A mapping with a rationale is an object; without one it stays a plain string (the 1.0 form).
                if (item.RationaleFor(control) is { } rationale)
                {
                    writer.WriteStartObject();
                    writer.WriteString("control", control);
                    writer.WriteString("rationale", rationale);
                    writer.WriteEndObject();
                }
                else
                {
                    writer.WriteStringValue(control);
                }
            }

            writer.WriteEndArray();
        }

        WriteOptional(writer, "min", item.Min);
        WriteOptional(writer, "max", item.Max);
        if (item.MaxLength is { } maxLength)
        {
            writer.WriteNumber("maxLength", maxLength);
        }

        WriteOptional(writer, "pattern", item.Pattern);
        if (!item.Choices.IsEmpty)
        {
            writer.WriteStartArray("choices");
            foreach (var choice in item.Choices)
            {
                writer.WriteStartObject();
                writer.WriteString("value", choice.Value);
                writer.WriteString("label", choice.Label);
                WriteOptional(writer, "score", choice.Score);
                if (choice.Result is { } result)
                {
                    writer.WriteString("result", EnumName(result));
                }

                WriteOptional(writer, "risk", choice.Risk);
                WriteOptional(writer, "labelHtml", choice.LabelHtml);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        WriteOptional(writer, "plannedBy", item.PlannedBy);
        if (item.Evidence is { } evidence)
        {
            writer.WriteStartObject("evidence");
            if (!evidence.Allowed)
            {
                writer.WriteBoolean("allowed", false);
            }

            if (evidence.Required)
            {
                writer.WriteBoolean("required", true);
            }

            WriteOptional(writer, "requiredIf", evidence.RequiredIf);
            if (evidence.ValidityDays is { } days)
            {
                writer.WriteNumber("validityDays", days);
            }

            if (!evidence.Kinds.IsEmpty)
            {
                writer.WriteStartArray("kinds");
                foreach (var kind in evidence.Kinds)
                {
                    writer.WriteStringValue(kind.Key());
                }

                writer.WriteEndArray();
            }

            WriteOptional(writer, "prompt", evidence.Prompt);
            writer.WriteEndObject();
        }

        WriteOptional(writer, "when", item.When);
        if (item.Severity is { } severity)
        {
            writer.WriteString("severity", EnumName(severity));
        }

        if (item.Clarification is { } clarification)
        {
            writer.WriteStartObject("clarification");
            writer.WriteString("kind", EnumName(clarification.Kind));
            writer.WriteString("prompt", clarification.Prompt);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, decimal? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
    }

    private sealed record ControlMapping(string Control, string? Rationale);

    // ReadArray collects reference types; the enum travels boxed in this record.
    private sealed record EvidenceKindBox(EvidenceKind Value);

    /// <summary>Turns a JSON DOM into the model, collecting every shape error with its JSON path.</summary>
    private sealed class DefinitionReader
    {
        private static readonly string[] DefinitionProperties = ["id", "version", "status", "title", "description", "source", "licence", "locale", "contentHash", "tiering", "sections"];
        private static readonly string[] SectionProperties = ["id", "title", "description", "weight", "visibleIf", "items", "sections"];
        private static readonly string[] ItemProperties = ["id", "type", "text", "help", "textHtml", "helpHtml", "warning", "key", "factual", "required", "requiredIf", "visibleIf", "weight", "controls", "min", "max", "maxLength", "pattern", "choices", "plannedBy", "evidence", "when", "severity", "clarification"];
        private static readonly string[] ControlProperties = ["control", "rationale"];
        private static readonly string[] ChoiceProperties = ["value", "label", "score", "result", "risk", "labelHtml"];
        private static readonly string[] EvidenceProperties = ["allowed", "required", "requiredIf", "validityDays", "kinds", "prompt"];
        private static readonly string[] ClarificationProperties = ["kind", "prompt"];
        private static readonly string[] TieringProperties = ["thresholds", "floors"];
        private static readonly string[] ThresholdProperties = ["tier", "minimumScore"];
        private static readonly string[] FloorProperties = ["when", "minimumTier", "reason"];

        public List<QuestionnaireError> Errors { get; } = [];

        public QuestionnaireDefinition? ReadDefinition(JsonElement root)
        {
            if (!ExpectObject(root, "$", DefinitionProperties))
            {
                return null;
            }

            var versionText = RequiredString(root, "version", "$");
            var version = default(SemanticVersion);
            if (versionText is not null && !SemanticVersion.TryParse(versionText, out version))
            {
                Errors.Add(new("$.version", $"'{versionText}' is not a semantic version (MAJOR.MINOR.PATCH)"));
            }

            var status = OptionalEnum<QuestionnaireStatus>(root, "status", "$") ?? QuestionnaireStatus.Draft;
            var sections = ReadArray(root, "sections", "$", ReadSection, required: true);
            TieringRules? tiering = null;
            if (root.TryGetProperty("tiering", out var tieringElement) && ExpectObject(tieringElement, "$.tiering", TieringProperties))
            {
                tiering = new TieringRules
                {
                    Thresholds = ReadArray(tieringElement, "thresholds", "$.tiering", ReadThreshold, required: true),
                    Floors = ReadArray(tieringElement, "floors", "$.tiering", ReadFloor, required: false),
                };
            }

            return new QuestionnaireDefinition
            {
                Id = RequiredString(root, "id", "$") ?? "",
                Version = version,
                Status = status,
                Title = RequiredString(root, "title", "$") ?? "",
                Description = OptionalString(root, "description", "$"),
                Source = OptionalString(root, "source", "$"),
                Licence = OptionalString(root, "licence", "$"),
                Locale = OptionalString(root, "locale", "$") ?? "en",
                ContentHash = OptionalString(root, "contentHash", "$"),
                Tiering = tiering,
                Sections = sections,
            };
        }

        private QuestionnaireSection? ReadSection(JsonElement element, string path)
        {
            if (!ExpectObject(element, path, SectionProperties))
            {
                return null;
            }

            return new QuestionnaireSection
            {
                Id = RequiredString(element, "id", path) ?? "",
                Title = RequiredString(element, "title", path) ?? "",
                Description = OptionalString(element, "description", path),
                Weight = OptionalDecimal(element, "weight", path) ?? 1m,
                VisibleIf = OptionalString(element, "visibleIf", path),
                Items = ReadArray(element, "items", path, ReadItem, required: false),
                Sections = ReadArray(element, "sections", path, ReadSection, required: false),
            };
        }

        private QuestionnaireItem? ReadItem(JsonElement element, string path)
        {
            if (!ExpectObject(element, path, ItemProperties))
            {
                return null;
            }

            var typeName = RequiredString(element, "type", path);
            ItemType? type = null;
            if (typeName is not null)
            {
                type = ParseEnum<ItemType>(typeName);
                if (type is null)
                {
                    Errors.Add(new(path + ".type", $"unknown item type '{typeName}'; expected one of {Names<ItemType>()}"));
                }
            }

            EvidenceSettings? evidence = null;
            if (element.TryGetProperty("evidence", out var evidenceElement) && ExpectObject(evidenceElement, path + ".evidence", EvidenceProperties))
            {
                var evidencePath = path + ".evidence";
                evidence = new EvidenceSettings
                {
                    Allowed = OptionalBool(evidenceElement, "allowed", evidencePath) ?? true,
                    Required = OptionalBool(evidenceElement, "required", evidencePath) ?? false,
                    RequiredIf = OptionalString(evidenceElement, "requiredIf", evidencePath),
                    ValidityDays = OptionalInt(evidenceElement, "validityDays", evidencePath),
                    Kinds = ReadArray(evidenceElement, "kinds", evidencePath, ReadEvidenceKind, required: false)
                        .Select(k => k.Value).ToImmutableArray(),
                    Prompt = OptionalString(evidenceElement, "prompt", evidencePath),
                };
            }

            Clarification? clarification = null;
            if (element.TryGetProperty("clarification", out var clarificationElement)
                && ExpectObject(clarificationElement, path + ".clarification", ClarificationProperties))
            {
                var clarificationPath = path + ".clarification";
                var kind = RequiredEnum<ClarificationKind>(clarificationElement, "kind", clarificationPath);
                var prompt = RequiredString(clarificationElement, "prompt", clarificationPath);
                if (kind is not null && prompt is not null)
                {
                    clarification = new Clarification(kind.Value, prompt);
                }
            }

            var mappings = ReadArray(element, "controls", path, ReadControlMapping, required: false);
            var controls = mappings.Select(m => m.Control).ToImmutableArray();
            var rationales = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            foreach (var mapping in mappings)
            {
                if (mapping.Rationale is not null)
                {
                    // A repeated control is reported by the validator; the first rationale is kept here.
                    rationales.TryAdd(mapping.Control, mapping.Rationale);
                }
            }

            if (type is null)
            {
                return null;
            }

            return new QuestionnaireItem
            {
                Id = RequiredString(element, "id", path) ?? "",
                Type = type.Value,
                Text = RequiredString(element, "text", path) ?? "",
                Help = OptionalString(element, "help", path),
                TextHtml = OptionalString(element, "textHtml", path),
                HelpHtml = OptionalString(element, "helpHtml", path),
                Warning = OptionalBool(element, "warning", path) ?? false,
                Key = OptionalBool(element, "key", path) ?? false,
                Factual = OptionalBool(element, "factual", path) ?? false,
                Required = OptionalBool(element, "required", path) ?? false,
                RequiredIf = OptionalString(element, "requiredIf", path),
                VisibleIf = OptionalString(element, "visibleIf", path),
                Weight = OptionalDecimal(element, "weight", path) ?? 1m,
                Controls = controls,
                ControlRationales = rationales.ToImmutable(),
                Min = OptionalDecimal(element, "min", path),
                Max = OptionalDecimal(element, "max", path),
                MaxLength = OptionalInt(element, "maxLength", path),
                Pattern = OptionalString(element, "pattern", path),
                Choices = ReadArray(element, "choices", path, ReadChoice, required: false),
                PlannedBy = OptionalString(element, "plannedBy", path),
                Evidence = evidence,
                When = OptionalString(element, "when", path),
                Severity = OptionalEnum<FindingSeverity>(element, "severity", path),
                Clarification = clarification,
            };
        }

        /// <summary>A control mapping: a string (<c>"iso27001:2022:A.5.19"</c>) or <c>{ "control": ..., "rationale": ... }</c>.</summary>
        private ControlMapping? ReadControlMapping(JsonElement element, string path)
        {
            if (element.ValueKind == JsonValueKind.String)
            {
                return new ControlMapping(element.GetString()!, null);
            }

            if (element.ValueKind != JsonValueKind.Object)
            {
                Errors.Add(new(path, "a control mapping is a string or an object with 'control' and 'rationale'"));
                return null;
            }

            if (!ExpectObject(element, path, ControlProperties))
            {
                return null;
            }

            var control = RequiredString(element, "control", path);
            var rationale = RequiredString(element, "rationale", path);
            return control is null ? null : new ControlMapping(control, rationale);
        }

        private EvidenceKindBox? ReadEvidenceKind(JsonElement element, string path)
        {
            if (element.ValueKind == JsonValueKind.String && EvidenceKinds.FromKey(element.GetString()) is { } kind)
            {
                return new EvidenceKindBox(kind);
            }

            Errors.Add(new(path, $"unknown evidence kind {element.GetRawText()}; expected one of {string.Join(", ", EvidenceKinds.All.Select(k => k.Key()))}"));
            return null;
        }

        private Choice? ReadChoice(JsonElement element, string path)
        {
            if (!ExpectObject(element, path, ChoiceProperties))
            {
                return null;
            }

            var value = RequiredString(element, "value", path);
            var label = RequiredString(element, "label", path);
            var score = OptionalDecimal(element, "score", path);
            var result = OptionalEnum<ChoiceResult>(element, "result", path);
            var risk = OptionalDecimal(element, "risk", path);
            var labelHtml = OptionalString(element, "labelHtml", path);
            return value is null || label is null ? null : new Choice(value, label) { Score = score, Result = result, Risk = risk, LabelHtml = labelHtml };
        }

        private TierThreshold? ReadThreshold(JsonElement element, string path)
        {
            if (!ExpectObject(element, path, ThresholdProperties))
            {
                return null;
            }

            var tier = RequiredEnum<RiskTier>(element, "tier", path);
            var minimum = OptionalDecimal(element, "minimumScore", path);
            if (minimum is null && !element.TryGetProperty("minimumScore", out _))
            {
                Errors.Add(new(path + ".minimumScore", "minimumScore is required"));
            }

            return tier is null || minimum is null ? null : new TierThreshold(tier.Value, minimum.Value);
        }

        private TierFloor? ReadFloor(JsonElement element, string path)
        {
            if (!ExpectObject(element, path, FloorProperties))
            {
                return null;
            }

            var when = RequiredString(element, "when", path);
            var tier = RequiredEnum<RiskTier>(element, "minimumTier", path);
            var reason = OptionalString(element, "reason", path);
            return when is null || tier is null ? null : new TierFloor(when, tier.Value) { Reason = reason };
        }

        private ImmutableArray<T> ReadArray<T>(JsonElement parent, string name, string path, Func<JsonElement, string, T?> read, bool required)
            where T : class
        {
            var arrayPath = $"{path}.{name}";
            if (!parent.TryGetProperty(name, out var array))
            {
                if (required)
                {
                    Errors.Add(new(arrayPath, $"'{name}' is required"));
                }

                return [];
            }

            if (array.ValueKind != JsonValueKind.Array)
            {
                Errors.Add(new(arrayPath, $"'{name}' must be an array"));
                return [];
            }

            var builder = ImmutableArray.CreateBuilder<T>();
            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                var value = read(element, $"{arrayPath}[{index}]");
                if (value is not null)
                {
                    builder.Add(value);
                }

                index++;
            }

            return builder.ToImmutable();
        }

        private bool ExpectObject(JsonElement element, string path, string[] knownProperties)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Errors.Add(new(path, "expected an object"));
                return false;
            }

            foreach (var property in element.EnumerateObject())
            {
                if (!knownProperties.Contains(property.Name, StringComparer.Ordinal))
                {
                    Errors.Add(new($"{path}.{property.Name}", $"unknown property '{property.Name}'"));
                }
            }

            return true;
        }

        private string? RequiredString(JsonElement element, string name, string path)
        {
            if (!element.TryGetProperty(name, out _))
            {
                Errors.Add(new($"{path}.{name}", $"'{name}' is required"));
                return null;
            }

            return OptionalString(element, name, path);
        }

        private string? OptionalString(JsonElement element, string name, string path)
        {
            if (!element.TryGetProperty(name, out var value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Errors.Add(new($"{path}.{name}", $"'{name}' must be a string"));
                return null;
            }

            return value.GetString();
        }

        private decimal? OptionalDecimal(JsonElement element, string name, string path)
        {
            if (!element.TryGetProperty(name, out var value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number))
            {
                Errors.Add(new($"{path}.{name}", $"'{name}' must be a number"));
                return null;
            }

            return number;
        }

        private int? OptionalInt(JsonElement element, string name, string path)
        {
            if (!element.TryGetProperty(name, out var value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            {
                Errors.Add(new($"{path}.{name}", $"'{name}' must be a whole number"));
                return null;
            }

            return number;
        }

        private bool? OptionalBool(JsonElement element, string name, string path)
        {
            if (!element.TryGetProperty(name, out var value))
            {
                return null;
            }

            if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Errors.Add(new($"{path}.{name}", $"'{name}' must be true or false"));
                return null;
            }

            return value.GetBoolean();
        }

        private T? RequiredEnum<T>(JsonElement element, string name, string path)
            where T : struct, Enum
        {
            if (!element.TryGetProperty(name, out _))
            {
                Errors.Add(new($"{path}.{name}", $"'{name}' is required"));
                return null;
            }

            return OptionalEnum<T>(element, name, path);
        }

        private T? OptionalEnum<T>(JsonElement element, string name, string path)
            where T : struct, Enum
        {
            var text = OptionalString(element, name, path);
            if (text is null)
            {
                return null;
            }

            var parsed = ParseEnum<T>(text);
            if (parsed is null)
            {
                Errors.Add(new($"{path}.{name}", $"'{text}' is not a valid {name}; expected one of {Names<T>()}"));
            }

            return parsed;
        }

        private static T? ParseEnum<T>(string text)
            where T : struct, Enum
        {
            foreach (var value in Enum.GetValues<T>())
            {
                if (string.Equals(EnumName(value), text, StringComparison.Ordinal))
                {
                    return value;
                }
            }

            return null;
        }

        private static string Names<T>()
            where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(v => EnumName(v)));
    }
}
