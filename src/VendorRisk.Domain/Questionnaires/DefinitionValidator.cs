using System.Globalization;
using System.Text.RegularExpressions;
using VendorRisk.Domain.Questionnaires.Expressions;

namespace VendorRisk.Domain.Questionnaires;

/// <summary>
/// Structural checks that need no cross-references: id shapes and uniqueness, per-type settings, control
/// mapping shapes and expression syntax. Reference, type and cycle checks live in the compiler.
/// </summary>
internal static partial class DefinitionValidator
{
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_.\-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdShape();

    [GeneratedRegex(@"^[a-z][a-z0-9\-]*:[A-Za-z0-9.\-]+:[A-Za-z0-9][A-Za-z0-9.\-_()]*$", RegexOptions.CultureInvariant)]
    private static partial Regex ControlShape();

    public static bool IsValidControlId(string control) => ControlShape().IsMatch(control);

    public static bool IsValidItemId(string id) => IdShape().IsMatch(id);

    public static List<QuestionnaireError> Validate(QuestionnaireDefinition definition)
    {
        var errors = new List<QuestionnaireError>();
        if (string.IsNullOrWhiteSpace(definition.Id) || definition.Id.Any(char.IsWhiteSpace))
        {
            errors.Add(new("$.id", "id must be non-empty and contain no whitespace"));
        }

        if (string.IsNullOrWhiteSpace(definition.Title))
        {
            errors.Add(new("$.title", "title is required"));
        }

        if (string.IsNullOrWhiteSpace(definition.Locale))
        {
            errors.Add(new("$.locale", "locale is required"));
        }

        if (definition.Sections.IsEmpty)
        {
            errors.Add(new("$.sections", "a questionnaire needs at least one section"));
        }

        if (definition.Status != QuestionnaireStatus.Draft && definition.ContentHash is null)
        {
            errors.Add(new("$.contentHash", "a published or retired version must carry its content hash"));
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Sections.Length; i++)
        {
            ValidateSection(definition.Sections[i], $"$.sections[{i}]", seen, errors, 1);
        }

        if (definition.Tiering is { } tiering)
        {
            ValidateTiering(tiering, errors);
        }

        return errors;
    }

    private static void ValidateSection(QuestionnaireSection section, string path, Dictionary<string, string> seen, List<QuestionnaireError> errors, int level)
    {
        if (level > QuestionnaireSection.MaxNesting)
        {
            errors.Add(new(path, string.Create(CultureInfo.InvariantCulture,
                $"sections nest at most {QuestionnaireSection.MaxNesting} levels deep; section '{section.Id}' is at level {level}")));
            return;
        }

        CheckId(section.Id, path, seen, errors);
        if (string.IsNullOrWhiteSpace(section.Title))
        {
            errors.Add(new(path + ".title", "title is required"));
        }

        if (section.Weight < 0)
        {
            errors.Add(new(path + ".weight", "weight must not be negative"));
        }

        CheckExpression(section.VisibleIf, path + ".visibleIf", errors);
        for (var i = 0; i < section.Items.Length; i++)
        {
            ValidateItem(section.Items[i], $"{path}.items[{i}]", seen, errors);
        }

        for (var i = 0; i < section.Sections.Length; i++)
        {
            ValidateSection(section.Sections[i], $"{path}.sections[{i}]", seen, errors, level + 1);
        }
    }

    private static void ValidateItem(QuestionnaireItem item, string path, Dictionary<string, string> seen, List<QuestionnaireError> errors)
    {
        CheckId(item.Id, path, seen, errors);
        var type = item.Type;
        if (string.IsNullOrWhiteSpace(item.Text))
        {
            errors.Add(new(path + ".text", "text is required"));
        }

        if (item.Weight < 0)
        {
            errors.Add(new(path + ".weight", "weight must not be negative"));
        }

        CheckExpression(item.VisibleIf, path + ".visibleIf", errors);
        CheckExpression(item.RequiredIf, path + ".requiredIf", errors);

        for (var i = 0; i < item.Controls.Length; i++)
        {
            if (!IsValidControlId(item.Controls[i]))
            {
                errors.Add(new($"{path}.controls[{i}]", $"'{item.Controls[i]}' is not a control mapping of the form framework:version:control (e.g. iso27001:2022:A.5.19)"));
            }
        }

        if (item.Controls.Distinct(StringComparer.Ordinal).Count() != item.Controls.Length)
        {
            errors.Add(new(path + ".controls", "control mappings must not repeat"));
        }

        for (var i = 0; i < item.Controls.Length; i++)
        {
            if (item.ControlRationales.TryGetValue(item.Controls[i], out var rationale) && string.IsNullOrWhiteSpace(rationale))
            {
                errors.Add(new($"{path}.controls[{i}].rationale", "a rationale must not be blank; write the control as a plain string to give none"));
            }
        }

        if (!item.IsAnswerable && (item.Required || item.RequiredIf is not null || item.Evidence is not null))
        {
            errors.Add(new(path, $"a {Camel(type)} item is not answered, so it cannot be required or ask for evidence"));
        }

        if (item.Warning && item.Type != ItemType.Info)
        {
            errors.Add(new(path + ".warning", "only an info item can be shown as a warning"));
        }

        if (!item.IsAnswerable && (item.Key || item.Factual || item.PlannedBy is not null))
        {
            errors.Add(new(path, $"a {Camel(type)} item is not answered, so it cannot be key, factual or planned"));
        }

        if (item.Factual && item.Key)
        {
            errors.Add(new(path, "a factual item states a fact, so it cannot be a key control"));
        }

        for (var i = 0; i < item.Choices.Length; i++)
        {
            var choice = item.Choices[i];
            if (item.Factual && (choice.Score is not null || choice.Result is not null))
            {
                errors.Add(new($"{path}.choices[{i}]", $"a factual item is not scored: choice '{choice.Value}' must carry neither score nor result"));
            }

            if (choice.Result is ChoiceResult.Planned or ChoiceResult.Unknown)
            {
                if (type is not (ItemType.SingleChoice or ItemType.Boolean))
                {
                    errors.Add(new($"{path}.choices[{i}].result", $"'{Camel(choice.Result.Value)}' applies to single-choice and boolean items only"));
                }

                if (choice.Score is > 0)
                {
                    errors.Add(new($"{path}.choices[{i}].score", $"a '{Camel(choice.Result.Value)}' answer earns no credit: its score must be 0 or absent"));
                }
            }
        }

        var planned = item.Choices.Any(c => c.Result == ChoiceResult.Planned);
        if (planned && item.PlannedBy is null)
        {
            errors.Add(new(path + ".plannedBy", "a 'planned' choice needs a date: set plannedBy to the id of a date question asking by when"));
        }
        else if (!planned && item.PlannedBy is not null && item.IsAnswerable)
        {
            errors.Add(new(path + ".plannedBy", "plannedBy applies to items with a 'planned' choice"));
        }

        if (item.PlannedBy is { } plannedBy && !IsValidItemId(plannedBy))
        {
            errors.Add(new(path + ".plannedBy", $"'{plannedBy}' is not a valid item id"));
        }

        if ((item.Min is not null || item.Max is not null) && type != ItemType.Number)
        {
            errors.Add(new(path, "min and max apply to number items only"));
        }

        if (item.Min is { } min && item.Max is { } max && min > max)
        {
            errors.Add(new(path + ".min", string.Create(CultureInfo.InvariantCulture, $"min {min} is greater than max {max}")));
        }

        var textual = type is ItemType.Text or ItemType.Textarea;
        if ((item.MaxLength is not null || item.Pattern is not null) && !textual)
        {
            errors.Add(new(path, "maxLength and pattern apply to text and textarea items only"));
        }

        if (item.MaxLength is <= 0)
        {
            errors.Add(new(path + ".maxLength", "maxLength must be positive"));
        }

        if (item.Pattern is { } pattern && !IsValidRegex(pattern, out var regexError))
        {
            errors.Add(new(path + ".pattern", "invalid regular expression: " + regexError));
        }

        ValidateChoices(item, path, errors);

        if (item.Evidence is { } evidence)
        {
            CheckExpression(evidence.RequiredIf, path + ".evidence.requiredIf", errors);
            if (evidence.ValidityDays is <= 0)
            {
                errors.Add(new(path + ".evidence.validityDays", "validityDays must be positive"));
            }

            if (!evidence.Allowed && (evidence.Required || evidence.RequiredIf is not null))
            {
                errors.Add(new(path + ".evidence", "evidence cannot be required when it is not allowed"));
            }

            if (evidence.Kinds.Distinct().Count() != evidence.Kinds.Length)
            {
                errors.Add(new(path + ".evidence.kinds", "evidence kinds must not repeat"));
            }

            if (!evidence.Allowed && !evidence.Kinds.IsEmpty)
            {
                errors.Add(new(path + ".evidence.kinds", "evidence kinds apply only when evidence is allowed"));
            }
        }

        if (type == ItemType.Finding)
        {
            CheckExpression(item.When, path + ".when", errors);
            if (item.Severity is null)
            {
                errors.Add(new(path + ".severity", "a finding needs a severity (low, medium, high or critical)"));
            }

            if (item.Clarification is { } clarification && string.IsNullOrWhiteSpace(clarification.Prompt))
            {
                errors.Add(new(path + ".clarification.prompt", "the clarification needs a prompt"));
            }
        }
        else if (item.When is not null || item.Severity is not null || item.Clarification is not null)
        {
            errors.Add(new(path, "when, severity and clarification apply to finding items only"));
        }
    }

    private static void ValidateChoices(QuestionnaireItem item, string path, List<QuestionnaireError> errors)
    {
        var choices = item.Choices;
        switch (item.Type)
        {
            case ItemType.SingleChoice or ItemType.MultipleChoice when choices.IsEmpty:
                errors.Add(new(path + ".choices", $"a {Camel(item.Type)} item needs at least one choice"));
                return;
            case ItemType.SingleChoice or ItemType.MultipleChoice:
                break;
            case ItemType.Boolean:
                for (var i = 0; i < choices.Length; i++)
                {
                    if (choices[i].Value is not ("true" or "false"))
                    {
                        errors.Add(new($"{path}.choices[{i}].value", "the choices of a boolean item are \"true\" and \"false\""));
                    }
                }

                break;
            default:
                if (!choices.IsEmpty)
                {
                    errors.Add(new(path + ".choices", $"a {Camel(item.Type)} item has no choices"));
                }

                return;
        }

        var values = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < choices.Length; i++)
        {
            var choice = choices[i];
            if (string.IsNullOrEmpty(choice.Value))
            {
                errors.Add(new($"{path}.choices[{i}].value", "choice value is required"));
            }
            else if (!values.Add(choice.Value))
            {
                errors.Add(new($"{path}.choices[{i}].value", $"duplicate choice value '{choice.Value}'"));
            }

            if (string.IsNullOrWhiteSpace(choice.Label))
            {
                errors.Add(new($"{path}.choices[{i}].label", "choice label is required"));
            }

            if (choice.Score is < 0)
            {
                errors.Add(new($"{path}.choices[{i}].score", "score must not be negative"));
            }

            if (choice.Risk is < 0)
            {
                errors.Add(new($"{path}.choices[{i}].risk", "risk must not be negative"));
            }
        }
    }

    private static void ValidateTiering(TieringRules tiering, List<QuestionnaireError> errors)
    {
        if (tiering.Thresholds.IsEmpty)
        {
            errors.Add(new("$.tiering.thresholds", "tiering needs at least one threshold"));
        }

        for (var i = 0; i < tiering.Thresholds.Length; i++)
        {
            var threshold = tiering.Thresholds[i];
            if (threshold.MinimumScore is < 0 or > 100)
            {
                errors.Add(new($"$.tiering.thresholds[{i}].minimumScore", "minimumScore is a risk score between 0 and 100"));
            }

            if (i > 0 && (threshold.Tier <= tiering.Thresholds[i - 1].Tier || threshold.MinimumScore <= tiering.Thresholds[i - 1].MinimumScore))
            {
                errors.Add(new($"$.tiering.thresholds[{i}]", "thresholds must list tiers from low to critical with rising minimumScore"));
            }
        }

        if (tiering.Thresholds.Length > 0 && tiering.Thresholds[0].MinimumScore != 0)
        {
            errors.Add(new("$.tiering.thresholds[0].minimumScore", "the first threshold must start at 0 so every score has a tier"));
        }

        for (var i = 0; i < tiering.Floors.Length; i++)
        {
            CheckExpression(tiering.Floors[i].When, $"$.tiering.floors[{i}].when", errors);
            if (tiering.Floors[i].Reason is { } reason && string.IsNullOrWhiteSpace(reason))
            {
                errors.Add(new($"$.tiering.floors[{i}].reason", "a floor's reason must not be blank"));
            }
        }
    }

    private static void CheckId(string id, string path, Dictionary<string, string> seen, List<QuestionnaireError> errors)
    {
        if (string.IsNullOrEmpty(id) || !IsValidItemId(id))
        {
            errors.Add(new(path + ".id", $"'{id}' is not a valid id (letters, digits, '_', '.', '-'; starting with a letter or '_')"));
            return;
        }

        if (seen.TryGetValue(id, out var firstPath))
        {
            errors.Add(new(path + ".id", $"duplicate id '{id}' (first used at {firstPath})"));
            return;
        }

        seen.Add(id, path);
    }

    private static void CheckExpression(string? expression, string path, List<QuestionnaireError> errors)
    {
        if (expression is null)
        {
            return;
        }

        var parsed = ExpressionParser.Parse(expression);
        errors.AddRange(parsed.Errors.Select(e => new QuestionnaireError(path, e.Message)));
    }

    private static bool IsValidRegex(string pattern, out string error)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
            error = "";
            return true;
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    internal static string Camel(Enum value)
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
