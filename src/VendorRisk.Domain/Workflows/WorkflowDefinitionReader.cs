using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Expressions;

namespace VendorRisk.Domain.Workflows;

/// <summary>A problem in a definition file: <c>workflows/standard-review/v1.json: activity 'x' ...</c>.</summary>
public sealed record WorkflowError(string Source, string Message)
{
    public override string ToString() => Source.Length == 0 ? Message : $"{Source}: {Message}";
}

/// <summary>A definition, or the errors that stop it from loading.</summary>
public sealed record WorkflowReadResult(WorkflowDefinition? Definition, ImmutableArray<WorkflowError> Errors)
{
    public bool IsSuccess => Errors.IsEmpty && Definition is not null;
}

/// <summary>
/// Reads one definition file: the shape (what <c>workflows/workflow.schema.json</c> describes, checked strictly:
/// unknown properties and wrong types are errors) and then the graph (<see cref="WorkflowGraphValidator"/>).
/// </summary>
public static partial class WorkflowDefinitionReader
{
    private static readonly string[] TopLevel = ["$schema", "id", "version", "status", "name", "description", "appliesTo", "variables", "start", "activities"];

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex DefinitionIdPattern();

    [GeneratedRegex("^[a-z][A-Za-z0-9-]*$")]
    private static partial Regex ActivityIdPattern();

    [GeneratedRegex("^[a-z][A-Za-z0-9]*$")]
    private static partial Regex NamePattern();

    public static WorkflowReadResult Read(string sourcePath, string json)
    {
        ArgumentNullException.ThrowIfNull(sourcePath);
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException ex)
        {
            return new WorkflowReadResult(null, [new WorkflowError(sourcePath,
                string.Create(CultureInfo.InvariantCulture, $"malformed JSON at line {(ex.LineNumber ?? 0) + 1}: {FirstSentence(ex.Message)}"))]);
        }

        using (document)
        {
            var reader = new Reader(sourcePath);
            var definition = reader.ReadDefinition(document.RootElement, CanonicalHash(document.RootElement));
            if (reader.Errors.Count > 0 || definition is null)
            {
                return new WorkflowReadResult(null, [.. reader.Errors]);
            }

            var graphErrors = WorkflowGraphValidator.Validate(definition);
            return graphErrors.IsEmpty ? new WorkflowReadResult(definition, []) : new WorkflowReadResult(null, graphErrors);
        }
    }

    /// <summary>
    /// SHA-256 (lower-case hex) of the canonical text: the JSON re-written compactly in file order, without the
    /// top-level <c>status</c> and <c>$schema</c>. Whitespace and line endings therefore do not count, and retiring a
    /// published version keeps its hash (instances pinned to it keep running); any other change makes a new hash.
    /// </summary>
    public static string CanonicalHash(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        return CanonicalHash(document.RootElement);
    }

    private static string CanonicalHash(JsonElement root)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            if (root.ValueKind == JsonValueKind.Object)
            {
                writer.WriteStartObject();
                foreach (var property in root.EnumerateObject().Where(p => p.Name is not ("status" or "$schema")))
                {
                    property.WriteTo(writer);
                }

                writer.WriteEndObject();
            }
            else
            {
                root.WriteTo(writer);
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    private static string Camel(string pascal) => char.ToLowerInvariant(pascal[0]) + pascal[1..];

    private sealed class Reader(string source)
    {
        public List<WorkflowError> Errors { get; } = [];

        private void Error(string path, string message) => Errors.Add(new WorkflowError(source, $"{path}: {message}"));

        public WorkflowDefinition? ReadDefinition(JsonElement root, string hash)
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                Error("$", "a workflow definition must be a JSON object");
                return null;
            }

            Unknown(root, "$", TopLevel);
            var id = RequiredString(root, "$", "id");
            if (id is not null && !DefinitionIdPattern().IsMatch(id))
            {
                Error("$.id", $"'{id}' is not a valid id (lower-case words joined by '-')");
            }

            var version = RequiredInt(root, "$", "version", minimum: 1);
            var status = Enum<WorkflowDefinitionStatus>(root, "$", "status", required: true);
            var name = RequiredString(root, "$", "name");
            var description = OptionalString(root, "$", "description");
            var appliesTo = ReadAppliesTo(root);
            var variables = ReadVariables(root);
            var start = RequiredString(root, "$", "start");
            var activities = ReadActivities(root);
            if (Errors.Count > 0)
            {
                return null;
            }

            return new WorkflowDefinition
            {
                Id = id!,
                Version = version!.Value,
                Status = status!.Value,
                Name = name!,
                Description = description,
                AppliesTo = appliesTo!,
                Variables = variables,
                Start = start!,
                Activities = activities,
                Hash = hash,
                SourcePath = source,
            };
        }

        private WorkflowApplicability? ReadAppliesTo(JsonElement root)
        {
            if (!Object(root, "$", "appliesTo", required: true, out var applies))
            {
                return null;
            }

            const string path = "$.appliesTo";
            Unknown(applies, path, ["tiers", "questionnaires"]);
            var tiers = ImmutableArray.CreateBuilder<RiskTier>();
            if (Array(applies, path, "tiers", required: true, out var tierArray))
            {
                var index = 0;
                foreach (var element in tierArray.EnumerateArray())
                {
                    var tier = ParseEnum<RiskTier>(element, $"{path}.tiers[{index++}]");
                    if (tier is not null)
                    {
                        if (tiers.Contains(tier.Value))
                        {
                            Error($"{path}.tiers", $"tier '{Camel(tier.Value.ToString())}' is listed twice");
                        }

                        tiers.Add(tier.Value);
                    }
                }

                if (index == 0)
                {
                    Error($"{path}.tiers", "list at least one tier");
                }
            }

            var questionnaires = ImmutableArray.CreateBuilder<string>();
            if (Array(applies, path, "questionnaires", required: false, out var keys))
            {
                var index = 0;
                foreach (var element in keys.EnumerateArray())
                {
                    if (element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(element.GetString()))
                    {
                        Error($"{path}.questionnaires[{index}]", "must be a questionnaire template key");
                    }
                    else
                    {
                        questionnaires.Add(element.GetString()!);
                    }

                    index++;
                }
            }

            return new WorkflowApplicability(tiers.ToImmutable(), questionnaires.ToImmutable());
        }

        private ImmutableDictionary<string, WorkflowVariable> ReadVariables(JsonElement root)
        {
            var variables = ImmutableDictionary.CreateBuilder<string, WorkflowVariable>(StringComparer.Ordinal);
            if (!Object(root, "$", "variables", required: true, out var element))
            {
                return variables.ToImmutable();
            }

            foreach (var property in element.EnumerateObject())
            {
                var path = $"$.variables.{property.Name}";
                if (!NamePattern().IsMatch(property.Name))
                {
                    Error(path, $"'{property.Name}' is not a valid variable name (camelCase letters and digits)");
                    continue;
                }

                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    Error(path, "must be an object such as { \"type\": \"number\" }");
                    continue;
                }

                Unknown(property.Value, path, ["type", "default", "description"]);
                _ = OptionalString(property.Value, path, "description");
                var type = Enum<WorkflowVariableType>(property.Value, path, "type", required: true);
                if (type is null)
                {
                    continue;
                }

                WorkflowValue? defaultValue = null;
                if (property.Value.TryGetProperty("default", out var value))
                {
                    defaultValue = ToValue(value, type.Value);
                    if (defaultValue is null)
                    {
                        Error($"{path}.default", $"must be a {Camel(type.Value.ToString())}");
                    }
                }

                if (ReservedVariables.Types.TryGetValue(property.Name, out var reserved) && reserved != type)
                {
                    Error($"{path}.type", $"'{property.Name}' is set by the engine and must be a {Camel(reserved.ToString())}");
                }

                variables[property.Name] = new WorkflowVariable(property.Name, type.Value, defaultValue);
            }

            return variables.ToImmutable();
        }

        internal static WorkflowValue? ToValue(JsonElement value, WorkflowVariableType type) => (type, value.ValueKind) switch
        {
            (WorkflowVariableType.Number, JsonValueKind.Number) => WorkflowValue.OfNumber(value.GetDecimal()),
            (WorkflowVariableType.String, JsonValueKind.String) => WorkflowValue.OfString(value.GetString()!),
            (WorkflowVariableType.Boolean, JsonValueKind.True or JsonValueKind.False) => WorkflowValue.OfBoolean(value.GetBoolean()),
            _ => null,
        };

        private ImmutableArray<WorkflowActivity> ReadActivities(JsonElement root)
        {
            var activities = ImmutableArray.CreateBuilder<WorkflowActivity>();
            if (!Array(root, "$", "activities", required: true, out var array))
            {
                return activities.ToImmutable();
            }

            var index = 0;
            foreach (var element in array.EnumerateArray())
            {
                var activity = ReadActivity(element, $"$.activities[{index++}]");
                if (activity is not null)
                {
                    activities.Add(activity);
                }
            }

            if (index == 0)
            {
                Error("$.activities", "list at least one activity");
            }

            return activities.ToImmutable();
        }

        private WorkflowActivity? ReadActivity(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Error(path, "an activity must be an object");
                return null;
            }

            var id = RequiredString(element, path, "id");
            if (id is not null)
            {
                if (!ActivityIdPattern().IsMatch(id))
                {
                    Error($"{path}.id", $"'{id}' is not a valid activity id (a lower-case letter, then letters, digits or '-')");
                }

                path = $"{path} ('{id}')";
            }

            var type = RequiredString(element, path, "type");
            if (id is null || type is null)
            {
                return null;
            }

            string[] common = ["id", "type", "description", "outcomes"];
            _ = OptionalString(element, path, "description");
            var outcomes = type == "end" ? ImmutableDictionary<string, string>.Empty : ReadOutcomes(element, path);
            var errorsBefore = Errors.Count;
            WorkflowActivity? activity;
            switch (type)
            {
                case "autoScore":
                    Unknown(element, path, common);
                    activity = new AutoScoreActivity(id, outcomes);
                    break;
                case "decision":
                {
                    Unknown(element, path, [.. common, "cases", "default"]);
                    var cases = ImmutableArray.CreateBuilder<DecisionCase>();
                    if (Array(element, path, "cases", required: true, out var caseArray))
                    {
                        var index = 0;
                        foreach (var item in caseArray.EnumerateArray())
                        {
                            var casePath = $"{path}.cases[{index++}]";
                            if (item.ValueKind != JsonValueKind.Object)
                            {
                                Error(casePath, "a case must be an object with 'when' and 'outcome'");
                                continue;
                            }

                            Unknown(item, casePath, ["when", "outcome"]);
                            var when = RequiredString(item, casePath, "when");
                            var outcome = RequiredString(item, casePath, "outcome");
                            if (when is null || outcome is null)
                            {
                                continue;
                            }

                            var parsed = ExpressionParser.Parse(when);
                            if (parsed.IsFailure)
                            {
                                Errors.Add(new WorkflowError(source,
                                    $"activity '{id}' case {index} condition '{when}': {string.Join("; ", parsed.Errors.Select(e => e.Message))}"));
                                continue;
                            }

                            cases.Add(new DecisionCase(when, parsed.Value, outcome));
                        }

                        if (index == 0)
                        {
                            Error($"{path}.cases", "list at least one case");
                        }
                    }

                    var fallback = RequiredString(element, path, "default");
                    activity = fallback is null ? null : new DecisionActivity(id, outcomes, cases.ToImmutable(), fallback);
                    break;
                }

                case "assignReviewer":
                {
                    Unknown(element, path, [.. common, "role", "strategy", "assignment", "note"]);
                    var role = Role(element, path, "role", required: true);
                    var strategy = Enum<AssignmentStrategy>(element, path, "strategy", required: true);
                    var assignment = RequiredString(element, path, "assignment");
                    if (assignment is not null && !NamePattern().IsMatch(assignment))
                    {
                        Error($"{path}.assignment", $"'{assignment}' is not a valid assignment name (camelCase letters and digits)");
                    }

                    var note = OptionalString(element, path, "note");
                    activity = role is null || strategy is null || assignment is null
                        ? null
                        : new AssignReviewerActivity(id, outcomes, role, strategy.Value, assignment, note);
                    break;
                }

                case "awaitDecision":
                {
                    Unknown(element, path, [.. common, "assignee", "title", "sla"]);
                    var assignee = RequiredString(element, path, "assignee");
                    var title = OptionalString(element, path, "title");
                    var sla = ReadSla(element, path);
                    activity = assignee is null ? null : new AwaitDecisionActivity(id, outcomes, assignee, title, sla);
                    break;
                }

                case "requestClarification":
                {
                    Unknown(element, path, [.. common, "responseHours", "maxRounds"]);
                    var hours = RequiredInt(element, path, "responseHours", minimum: 1);
                    var rounds = RequiredInt(element, path, "maxRounds", minimum: 1);
                    activity = hours is null || rounds is null ? null : new RequestClarificationActivity(id, outcomes, hours.Value, rounds.Value);
                    break;
                }

                case "committeeApproval":
                {
                    Unknown(element, path, [.. common, "role", "quorum", "deadlineHours", "maxRounds"]);
                    var role = Role(element, path, "role", required: true);
                    Quorum? quorum = null;
                    if (Object(element, path, "quorum", required: true, out var quorumElement))
                    {
                        var quorumPath = $"{path}.quorum";
                        Unknown(quorumElement, quorumPath, ["minVotes", "rule"]);
                        var minVotes = RequiredInt(quorumElement, quorumPath, "minVotes", minimum: 1);
                        var rule = Enum<QuorumRule>(quorumElement, quorumPath, "rule", required: true);
                        quorum = minVotes is null || rule is null ? null : new Quorum(minVotes.Value, rule.Value);
                    }

                    var deadline = RequiredInt(element, path, "deadlineHours", minimum: 1);
                    int? rounds = element.TryGetProperty("maxRounds", out _) ? RequiredInt(element, path, "maxRounds", minimum: 1) : null;
                    activity = role is null || quorum is null || deadline is null
                        ? null
                        : new CommitteeApprovalActivity(id, outcomes, role, quorum, deadline.Value, rounds);
                    break;
                }

                case "setResidualRisk":
                    Unknown(element, path, [.. common, "from"]);
                    activity = new SetResidualRiskActivity(id, outcomes, OptionalString(element, path, "from"));
                    break;
                case "notify":
                {
                    Unknown(element, path, [.. common, "template", "to"]);
                    var template = RequiredString(element, path, "template");
                    var to = ImmutableArray.CreateBuilder<string>();
                    if (Array(element, path, "to", required: true, out var recipients))
                    {
                        var index = 0;
                        foreach (var recipient in recipients.EnumerateArray())
                        {
                            var text = recipient.ValueKind == JsonValueKind.String ? recipient.GetString() : null;
                            if (text is null || !(WorkflowRoles.All.Contains(text) || text is WorkflowRoles.Vendor or WorkflowRoles.Requester))
                            {
                                Error($"{path}.to[{index}]", $"must be 'vendor', 'requester' or a role ({string.Join(", ", WorkflowRoles.All.Order(StringComparer.Ordinal))})");
                            }
                            else
                            {
                                to.Add(text);
                            }

                            index++;
                        }

                        if (index == 0)
                        {
                            Error($"{path}.to", "list at least one recipient");
                        }
                    }

                    activity = template is null ? null : new NotifyActivity(id, outcomes, template, to.ToImmutable());
                    break;
                }

                case "end":
                {
                    Unknown(element, path, ["id", "type", "description", "result"]);
                    var result = Enum<WorkflowResult>(element, path, "result", required: true);
                    activity = result is null ? null : new EndActivity(id, result.Value);
                    break;
                }

                default:
                    Error($"{path}.type",
                        $"unknown activity type '{type}' (use autoScore, decision, assignReviewer, awaitDecision, requestClarification, committeeApproval, setResidualRisk, notify or end)");
                    return null;
            }

            return Errors.Count > errorsBefore ? null : activity;
        }

        private SlaPolicy? ReadSla(JsonElement element, string path)
        {
            if (!Object(element, path, "sla", required: false, out var sla))
            {
                return null;
            }

            path += ".sla";
            Unknown(sla, path, ["dueInHours", "remindBeforeHours", "escalateToRole", "maxExtensions", "escalations", "onEscalationsExhausted"]);
            var due = RequiredInt(sla, path, "dueInHours", minimum: 1);
            var reminders = ImmutableArray.CreateBuilder<int>();
            if (Array(sla, path, "remindBeforeHours", required: false, out var remind))
            {
                var index = 0;
                foreach (var hours in remind.EnumerateArray())
                {
                    if (hours.ValueKind != JsonValueKind.Number || !hours.TryGetInt32(out var value) || value < 1)
                    {
                        Error($"{path}.remindBeforeHours[{index}]", "must be a whole number of hours, at least 1");
                    }
                    else if (due is not null && value >= due)
                    {
                        Error($"{path}.remindBeforeHours[{index}]", $"{value} hours before a task due in {due} hours is at or before its creation");
                    }
                    else
                    {
                        reminders.Add(value);
                    }

                    index++;
                }
            }

            var role = Role(sla, path, "escalateToRole", required: true);
            var extensions = RequiredInt(sla, path, "maxExtensions", minimum: 0);
            var escalations = RequiredInt(sla, path, "escalations", minimum: 0);
            var exhausted = RequiredString(sla, path, "onEscalationsExhausted");
            return due is null || role is null || extensions is null || escalations is null || exhausted is null
                ? null
                : new SlaPolicy(due.Value, [.. reminders.Distinct().OrderDescending()], role, extensions.Value, escalations.Value, exhausted);
        }

        private ImmutableDictionary<string, string> ReadOutcomes(JsonElement element, string path)
        {
            var outcomes = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            if (!Object(element, path, "outcomes", required: true, out var map))
            {
                return outcomes.ToImmutable();
            }

            foreach (var property in map.EnumerateObject())
            {
                if (!NamePattern().IsMatch(property.Name))
                {
                    Error($"{path}.outcomes", $"'{property.Name}' is not a valid outcome name (camelCase letters and digits)");
                }
                else if (property.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(property.Value.GetString()))
                {
                    Error($"{path}.outcomes.{property.Name}", "must be the id of the next activity");
                }
                else
                {
                    outcomes[property.Name] = property.Value.GetString()!;
                }
            }

            if (outcomes.Count == 0 && map.EnumerateObject().Any() is false)
            {
                Error($"{path}.outcomes", "map at least one outcome to the next activity");
            }

            return outcomes.ToImmutable();
        }

        private string? Role(JsonElement element, string path, string name, bool required)
        {
            var role = required ? RequiredString(element, path, name) : OptionalString(element, path, name);
            if (role is not null && !WorkflowRoles.All.Contains(role))
            {
                Error($"{path}.{name}", $"unknown role '{role}' (use {string.Join(", ", WorkflowRoles.All.Order(StringComparer.Ordinal))})");
                return null;
            }

            return role;
        }

        private void Unknown(JsonElement element, string path, string[] allowed)
        {
            foreach (var property in element.EnumerateObject().Where(p => !allowed.Contains(p.Name, StringComparer.Ordinal)))
            {
                Error(path, $"unknown property '{property.Name}'");
            }
        }

        private string? RequiredString(JsonElement element, string path, string name)
        {
            if (!element.TryGetProperty(name, out var value))
            {
                Error(path, $"'{name}' is required");
                return null;
            }

            if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                Error($"{path}.{name}", "must be a non-empty string");
                return null;
            }

            return value.GetString();
        }

        private string? OptionalString(JsonElement element, string path, string name)
        {
            if (!element.TryGetProperty(name, out var value))
            {
                return null;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                Error($"{path}.{name}", "must be a string");
                return null;
            }

            return value.GetString();
        }

        private int? RequiredInt(JsonElement element, string path, string name, int minimum)
        {
            if (!element.TryGetProperty(name, out var value))
            {
                Error(path, $"'{name}' is required");
                return null;
            }

            if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < minimum)
            {
                Error($"{path}.{name}", string.Create(CultureInfo.InvariantCulture, $"must be a whole number, at least {minimum}"));
                return null;
            }

            return number;
        }

        private TEnum? Enum<TEnum>(JsonElement element, string path, string name, bool required)
            where TEnum : struct, Enum
        {
            if (!element.TryGetProperty(name, out var value))
            {
                if (required)
                {
                    Error(path, $"'{name}' is required");
                }

                return null;
            }

            return ParseEnum<TEnum>(value, $"{path}.{name}");
        }

        private TEnum? ParseEnum<TEnum>(JsonElement value, string path)
            where TEnum : struct, Enum
        {
            var names = System.Enum.GetNames<TEnum>().Select(Camel).ToList();
            var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            var index = text is null ? -1 : names.IndexOf(text);
            if (index < 0)
            {
                Error(path, $"must be one of {string.Join(", ", names)}");
                return null;
            }

            return System.Enum.GetValues<TEnum>()[index];
        }

        private bool Object(JsonElement element, string path, string name, bool required, out JsonElement value)
        {
            if (!element.TryGetProperty(name, out value))
            {
                if (required)
                {
                    Error(path, $"'{name}' is required");
                }

                return false;
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                Error($"{path}.{name}", "must be an object");
                return false;
            }

            return true;
        }

        private bool Array(JsonElement element, string path, string name, bool required, out JsonElement value)
        {
            if (!element.TryGetProperty(name, out value))
            {
                if (required)
                {
                    Error(path, $"'{name}' is required");
                }

                return false;
            }

            if (value.ValueKind != JsonValueKind.Array)
            {
                Error($"{path}.{name}", "must be an array");
                return false;
            }

            return true;
        }
    }

    internal static string EnumName(Enum value) => Camel(value.ToString());
}
