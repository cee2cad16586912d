using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using VendorRisk.Domain.Questionnaires.Expressions;

namespace VendorRisk.Domain.Questionnaires.Evaluation;

/// <summary>
/// Evaluates answers against a compiled questionnaire: visibility, required-ness, validation, findings,
/// scores and tallies. Stateless and deterministic: the same inputs always give the same output.
/// </summary>
public sealed class QuestionnaireEngine
{
    private static readonly ImmutableArray<AnswerError> NoErrors = [];

#pragma warning disable CA1822 // An instance method so the web layer can inject and substitute the engine.
    /// <param name="evidence">Documents attached per item id.</param>
    /// <param name="asOf">The day against which evidence validity is checked; without it expiry is not checked.</param>
    public QuestionnaireEvaluation Evaluate(
        CompiledQuestionnaire questionnaire,
        IReadOnlyDictionary<string, AnswerValue> answers,
        IReadOnlyDictionary<string, IReadOnlyList<EvidenceAttachment>>? evidence = null,
        DateOnly? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        ArgumentNullException.ThrowIfNull(answers);
        var state = Settle(questionnaire, answers);
        var items = questionnaire.Items;
        var n = items.Length;
        var itemResults = new ItemEvaluation[n];
        var percent = new decimal?[n];
        var results = new ChoiceResult?[n];
        var findingRaised = new bool[n];
        var allErrors = ImmutableArray.CreateBuilder<AnswerError>();
        var findings = ImmutableArray.CreateBuilder<RaisedFinding>();
        int compliant = 0, partially = 0, nonCompliant = 0, notApplicable = 0, unanswered = 0, planned = 0, unknown = 0;

        for (var i = 0; i < n; i++)
        {
            var compiled = items[i];
            var item = compiled.Item;
            var visible = state.ItemVisible[i];
            var value = state.Slots[i];
            var answered = value is not null && !value.IsEmpty;
            var required = visible && item.IsAnswerable && (item.Required || (compiled.RequiredIf?.IsTrue(state.Slots) ?? false));
            var evidenceRequired = visible && item.Evidence is { } settings
                && (settings.Required || (compiled.EvidenceRequiredIf?.IsTrue(state.Slots) ?? false));

            List<AnswerError>? errors = null;
            if (visible)
            {
                if (state.Problems[i] is { } problem)
                {
                    (errors ??= []).Add(problem);
                }
                else if (required && !answered)
                {
                    (errors ??= []).Add(new AnswerError(item.Id, AnswerErrorCode.Required, "an answer is required"));
                }

                if (evidenceRequired)
                {
                    CheckEvidence(compiled, evidence, asOf, ref errors);
                }
            }

            if (item.Type == ItemType.Finding && visible && (compiled.When?.IsTrue(state.Slots) ?? true))
            {
                findingRaised[i] = true;
                findings.Add(new RaisedFinding(item.Id, item.Severity!.Value, item.Text, item.Clarification, item.Controls));
            }

            if (visible)
            {
                (percent[i], results[i]) = ScoreItem(compiled, value);
                if (item.Key && results[i] == ChoiceResult.PartiallyCompliant && answered && state.Problems[i] is null)
                {
                    // A key control only partly in place is a gap a reviewer must weigh (ADR-026), not just fewer points.
                    findingRaised[i] = true;
                    findings.Add(new RaisedFinding(item.Id, PartlyOnKeySeverity, PartlyOnKeyTitle(item), null, item.Controls));
                }

                if (compiled.HasResults)
                {
                    switch (results[i])
                    {
                        case ChoiceResult.Compliant: compliant++; break;
                        case ChoiceResult.PartiallyCompliant: partially++; break;
                        case ChoiceResult.NonCompliant: nonCompliant++; break;
                        case ChoiceResult.NotApplicable: notApplicable++; break;
                        case ChoiceResult.Planned: nonCompliant++; planned++; break;
                        case ChoiceResult.Unknown: nonCompliant++; unknown++; break;
                        default:
                            if (!answered)
                            {
                                unanswered++;
                            }

                            break;
                    }
                }
            }

            var errorList = errors is null ? NoErrors : [.. errors];
            allErrors.AddRange(errorList);
            itemResults[i] = new ItemEvaluation(item.Id, visible, required, answered, evidenceRequired,
                percent[i] is { } p ? Round(p) : null, results[i], errorList) { Answer = value };
        }

        var sectionScores = ScoreSections(questionnaire, state.SectionVisible, percent, out var overall);
        var controls = TallyControls(questionnaire, state, results, findingRaised, itemResults);

        return new QuestionnaireEvaluation(
            questionnaire,
            ImmutableCollectionsMarshalHelpers.AsImmutable(itemResults),
            sectionScores,
            findings.ToImmutable(),
            allErrors.ToImmutable(),
            overall is { } o ? Round(o) : null,
            new ResultCounts(compliant, partially, nonCompliant, notApplicable, unanswered) { Planned = planned, Unknown = unknown },
            controls);
    }
#pragma warning restore CA1822

    /// <summary>The severity of the finding raised when a key item is answered with a partially compliant choice (ADR-026).</summary>
    public const FindingSeverity PartlyOnKeySeverity = FindingSeverity.Medium;

    /// <summary>The title of the finding raised when a key item is answered with a partially compliant choice.</summary>
    public static string PartlyOnKeyTitle(QuestionnaireItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return "Key control only partly in place: " + item.Text;
    }

    /// <summary>
    /// The overall score of an evaluation computed again with each visible item's percentage adjusted by
    /// <paramref name="adjust"/> (given the item, its unrounded percentage of its maximum or null when it does not count, and
    /// whether it is scorable at all; returning null leaves the item out). Weights, sections and rounding are the engine's own,
    /// so an adjustment that changes nothing gives <see cref="QuestionnaireEvaluation.OverallScore"/> exactly.
    /// </summary>
    public static decimal? Rescore(CompiledQuestionnaire questionnaire, QuestionnaireEvaluation evaluation,
        Func<ItemEvaluation, decimal?, bool, decimal?> adjust)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(adjust);
        if (evaluation.Items.Length != questionnaire.Items.Length)
        {
            throw new ArgumentException("The evaluation is not of this questionnaire.", nameof(evaluation));
        }

        var percent = new decimal?[questionnaire.Items.Length];
        for (var i = 0; i < percent.Length; i++)
        {
            var evaluated = evaluation.Items[i];
            if (!evaluated.Visible)
            {
                continue;
            }

            var compiled = questionnaire.Items[i];
            var (p, _) = ScoreItem(compiled, evaluated.Answer);
            percent[i] = adjust(evaluated, p, compiled.MaxScore > 0);
        }

        var sectionVisible = evaluation.Sections.Select(s => s.Visible).ToArray();
        ScoreSections(questionnaire, sectionVisible, percent, out var overall);
        return overall is { } o ? Round(o) : null;
    }

    /// <summary>Visibility in plan order; a hidden item's slot stays empty so conditions see it as unanswered.</summary>
    internal static SettledState Settle(CompiledQuestionnaire questionnaire, IReadOnlyDictionary<string, AnswerValue> answers)
    {
        var items = questionnaire.Items;
        var normalised = new AnswerValue?[items.Length];
        var problems = new AnswerError?[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var compiled = items[i];
            if (compiled.Item.IsAnswerable && answers.TryGetValue(compiled.Item.Id, out var raw) && raw is not null && !raw.IsEmpty)
            {
                normalised[i] = AnswerValidator.Normalise(compiled, raw, out problems[i]);
            }
        }

        var slots = new AnswerValue?[items.Length];
        var itemVisible = new bool[items.Length];
        var sectionVisible = new bool[questionnaire.Sections.Length];
        foreach (var step in questionnaire.Plan)
        {
            if (step < 0)
            {
                var section = questionnaire.Sections[~step];
                sectionVisible[section.Index] = (section.ParentIndex < 0 || sectionVisible[section.ParentIndex])
                    && (section.VisibleIf?.IsTrue(slots) ?? true);
            }
            else
            {
                var item = items[step];
                var visible = sectionVisible[item.SectionIndex] && (item.VisibleIf?.IsTrue(slots) ?? true);
                itemVisible[step] = visible;
                slots[step] = visible ? normalised[step] : null;
            }
        }

        return new SettledState(slots, itemVisible, sectionVisible, problems);
    }

    private static void CheckEvidence(CompiledItem compiled, IReadOnlyDictionary<string, IReadOnlyList<EvidenceAttachment>>? evidence,
        DateOnly? asOf, ref List<AnswerError>? errors)
    {
        var item = compiled.Item;
        IReadOnlyList<EvidenceAttachment> attached = evidence is not null && evidence.TryGetValue(item.Id, out var list) ? list : [];
        if (attached.Count == 0)
        {
            (errors ??= []).Add(new AnswerError(item.Id, AnswerErrorCode.EvidenceRequired, item.Evidence!.Prompt is { } prompt
                ? "evidence is required: " + prompt
                : "evidence is required"));
            return;
        }

        if (asOf is { } today && item.Evidence!.ValidityDays is { } days && attached.All(a => a.ProvidedOn.AddDays(days) < today || a.ValidUntil < today))
        {
            (errors ??= []).Add(new AnswerError(item.Id, AnswerErrorCode.EvidenceExpired,
                string.Create(CultureInfo.InvariantCulture, $"all evidence is older than {days} days or expired; provide a current document")));
        }
        else if (asOf is { } day && attached.All(a => a.ValidUntil < day))
        {
            (errors ??= []).Add(new AnswerError(item.Id, AnswerErrorCode.EvidenceExpired, "all evidence has expired; provide a current document"));
        }
    }

    /// <summary>
    /// The item's score as a percentage of its maximum, or null when it does not count: not scorable, or the
    /// answer is not applicable. An unanswered scorable item counts as 0.
    /// </summary>
    private static (decimal? Percent, ChoiceResult? Result) ScoreItem(CompiledItem compiled, AnswerValue? value)
    {
        var item = compiled.Item;
        if (item.Choices.IsEmpty || value is null)
        {
            return (compiled.MaxScore > 0 ? 0m : null, null);
        }

        if (item.Type == ItemType.MultipleChoice)
        {
            decimal points = 0;
            var anyApplicable = false;
            ChoiceResult? worst = null;
            foreach (var selected in value.ListValue)
            {
                var choice = compiled.ChoiceByValue[selected];
                worst = Worse(worst, choice.Result);
                if (choice.Result == ChoiceResult.NotApplicable)
                {
                    continue;
                }

                anyApplicable = true;
                points += choice.Score ?? 0m;
            }

            if (!anyApplicable || compiled.MaxScore <= 0)
            {
                return (null, worst);
            }

            return (100m * Math.Clamp(points, 0m, compiled.MaxScore) / compiled.MaxScore, worst);
        }

        var key = value.ToInvariantString();
        var single = compiled.ChoiceByValue.GetValueOrDefault(key);
        if (single is null)
        {
            return (compiled.MaxScore > 0 ? 0m : null, null);
        }

        if (single.Result == ChoiceResult.NotApplicable || compiled.MaxScore <= 0)
        {
            return (null, single.Result);
        }

        return (100m * Math.Min(single.Score ?? 0m, compiled.MaxScore) / compiled.MaxScore, single.Result);
    }

    private static ChoiceResult? Worse(ChoiceResult? current, ChoiceResult? candidate)
    {
        static int Rank(ChoiceResult? r) => r switch
        {
            ChoiceResult.NonCompliant or ChoiceResult.Unknown or ChoiceResult.Planned => 4,
            ChoiceResult.PartiallyCompliant => 3,
            ChoiceResult.Compliant => 2,
            ChoiceResult.NotApplicable => 1,
            _ => 0,
        };
        return Rank(candidate) > Rank(current) ? candidate : current;
    }

    /// <summary>Section score = weighted mean of its scorable items' and subsections' percentages (children first).</summary>
    private static ImmutableArray<SectionScore> ScoreSections(CompiledQuestionnaire questionnaire, bool[] sectionVisible, decimal?[] percent, out decimal? overall)
    {
        var sections = questionnaire.Sections;
        var sectionPercent = new decimal?[sections.Length];
        // Sections are stored parents-first, so walking backwards scores children before their parents.
        for (var s = sections.Length - 1; s >= 0; s--)
        {
            var section = sections[s];
            if (!sectionVisible[s])
            {
                continue;
            }

            decimal weighted = 0, weights = 0;
            foreach (var i in section.ItemIndexes)
            {
                if (percent[i] is { } p)
                {
                    var w = questionnaire.Items[i].Item.Weight;
                    weighted += w * p;
                    weights += w;
                }
            }

            foreach (var child in section.ChildSectionIndexes)
            {
                if (sectionPercent[child] is { } p)
                {
                    var w = sections[child].Section.Weight;
                    weighted += w * p;
                    weights += w;
                }
            }

            sectionPercent[s] = weights > 0 ? weighted / weights : null;
        }

        decimal total = 0, totalWeight = 0;
        foreach (var section in sections)
        {
            if (section.ParentIndex < 0 && sectionPercent[section.Index] is { } p)
            {
                total += section.Section.Weight * p;
                totalWeight += section.Section.Weight;
            }
        }

        overall = totalWeight > 0 ? total / totalWeight : null;
        var builder = ImmutableArray.CreateBuilder<SectionScore>(sections.Length);
        foreach (var section in sections)
        {
            builder.Add(new SectionScore(section.Section.Id, sectionVisible[section.Index],
                sectionPercent[section.Index] is { } p ? Round(p) : null));
        }

        return builder.MoveToImmutable();
    }

    private static ImmutableArray<ControlTally> TallyControls(CompiledQuestionnaire questionnaire, SettledState state,
        ChoiceResult?[] results, bool[] findingRaised, ItemEvaluation[] itemResults)
    {
        var builder = ImmutableArray.CreateBuilder<ControlTally>(questionnaire.Controls.Length);
        foreach (var (control, indexes) in questionnaire.Controls)
        {
            int items = 0, compliant = 0, partially = 0, nonCompliant = 0, notApplicable = 0, unanswered = 0, findings = 0;
            foreach (var i in indexes)
            {
                if (!state.ItemVisible[i])
                {
                    continue;
                }

                if (findingRaised[i])
                {
                    findings++;
                }

                if (!questionnaire.Items[i].Item.IsAnswerable)
                {
                    continue;
                }

                items++;
                switch (results[i])
                {
                    case ChoiceResult.Compliant: compliant++; break;
                    case ChoiceResult.PartiallyCompliant: partially++; break;
                    case ChoiceResult.NonCompliant or ChoiceResult.Planned or ChoiceResult.Unknown: nonCompliant++; break;
                    case ChoiceResult.NotApplicable: notApplicable++; break;
                    default:
                        if (!itemResults[i].Answered)
                        {
                            unanswered++;
                        }

                        break;
                }
            }

            builder.Add(new ControlTally(control, items, compliant, partially, nonCompliant, notApplicable, unanswered, findings));
        }

        return builder.MoveToImmutable();
    }

    private static decimal Round(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}

internal sealed record SettledState(AnswerValue?[] Slots, bool[] ItemVisible, bool[] SectionVisible, AnswerError?[] Problems);

internal static class ImmutableCollectionsMarshalHelpers
{
    /// <summary>Wraps a freshly built array without copying; the caller must not keep writing to it.</summary>
    public static ImmutableArray<T> AsImmutable<T>(T[] array) => System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(array);
}

/// <summary>Type, range and format checks; turns accepted raw answers into the canonical kind for the item type.</summary>
internal static partial class AnswerValidator
{
    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s.]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailShape();

    /// <summary>The answer in canonical form, or null with <paramref name="problem"/> set when it is not acceptable.</summary>
    public static AnswerValue? Normalise(CompiledItem compiled, AnswerValue raw, out AnswerError? problem)
    {
        var item = compiled.Item;
        problem = null;
        AnswerError Problem(AnswerErrorCode code, string message) => new(item.Id, code, message);

        switch (item.Type)
        {
            case ItemType.Text or ItemType.Textarea or ItemType.Url or ItemType.Email:
            {
                if (raw.Kind != AnswerKind.Text)
                {
                    problem = Problem(AnswerErrorCode.WrongType, $"expected text, got {raw.Kind.ToString().ToLowerInvariant()}");
                    return null;
                }

                var text = raw.TextValue!;
                if (item.MaxLength is { } maxLength && text.Length > maxLength)
                {
                    problem = Problem(AnswerErrorCode.TooLong, string.Create(CultureInfo.InvariantCulture, $"at most {maxLength} characters"));
                    return null;
                }

                if (compiled.Pattern is { } pattern && !Matches(pattern, text))
                {
                    problem = Problem(AnswerErrorCode.PatternMismatch, "does not have the required format");
                    return null;
                }

                if (item.Type == ItemType.Url && !(Uri.TryCreate(text, UriKind.Absolute, out var uri)
                        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
                {
                    problem = Problem(AnswerErrorCode.InvalidUrl, "expected an absolute http(s) URL");
                    return null;
                }

                if (item.Type == ItemType.Email && !EmailShape().IsMatch(text))
                {
                    problem = Problem(AnswerErrorCode.InvalidEmail, "expected an e-mail address such as name@example.com");
                    return null;
                }

                return raw;
            }

            case ItemType.Number:
            {
                if (!Values.TryNumber(raw, out var number))
                {
                    problem = Problem(AnswerErrorCode.InvalidNumber, "expected a number");
                    return null;
                }

                if ((item.Min is { } min && number < min) || (item.Max is { } max && number > max))
                {
                    problem = Problem(AnswerErrorCode.OutOfRange, string.Create(CultureInfo.InvariantCulture,
                        $"expected a number between {item.Min?.ToString(CultureInfo.InvariantCulture) ?? "-inf"} and {item.Max?.ToString(CultureInfo.InvariantCulture) ?? "+inf"}"));
                    return null;
                }

                return raw.Kind == AnswerKind.Number ? raw : AnswerValue.Number(number);
            }

            case ItemType.Date:
                if (!Values.TryDate(raw, out var date))
                {
                    problem = Problem(AnswerErrorCode.InvalidDate, "expected a date as yyyy-MM-dd");
                    return null;
                }

                return raw.Kind == AnswerKind.Date ? raw : AnswerValue.Date(date);
            case ItemType.Boolean:
                if (raw.Kind == AnswerKind.Boolean)
                {
                    return raw;
                }

                if (raw.Kind == AnswerKind.Text && bool.TryParse(raw.TextValue, out var flag))
                {
                    return AnswerValue.Boolean(flag);
                }

                problem = Problem(AnswerErrorCode.WrongType, "expected true or false");
                return null;
            case ItemType.SingleChoice:
            {
                if (raw.Kind is AnswerKind.Choices or AnswerKind.Files)
                {
                    problem = Problem(AnswerErrorCode.WrongType, "expected one choice");
                    return null;
                }

                var value = raw.ToInvariantString();
                if (!compiled.ChoiceByValue.ContainsKey(value))
                {
                    problem = Problem(AnswerErrorCode.InvalidChoice, $"'{value}' is not one of the choices");
                    return null;
                }

                return raw.Kind == AnswerKind.Text ? raw : AnswerValue.Text(value);
            }

            case ItemType.MultipleChoice:
            {
                if (raw.Kind != AnswerKind.Choices)
                {
                    problem = Problem(AnswerErrorCode.WrongType, "expected a list of choices");
                    return null;
                }

                var list = raw.ListValue;
                for (var i = 0; i < list.Length; i++)
                {
                    if (!compiled.ChoiceByValue.ContainsKey(list[i]))
                    {
                        problem = Problem(AnswerErrorCode.InvalidChoice, $"'{list[i]}' is not one of the choices");
                        return null;
                    }

                    for (var j = 0; j < i; j++)
                    {
                        if (string.Equals(list[j], list[i], StringComparison.Ordinal))
                        {
                            problem = Problem(AnswerErrorCode.InvalidChoice, $"'{list[i]}' is selected twice");
                            return null;
                        }
                    }
                }

                return raw;
            }

            case ItemType.File:
                if (raw.Kind != AnswerKind.Files || raw.ListValue.Any(string.IsNullOrWhiteSpace))
                {
                    problem = Problem(AnswerErrorCode.WrongType, "expected file references");
                    return null;
                }

                return raw;
            default:
                problem = Problem(AnswerErrorCode.WrongType, "this item takes no answer");
                return null;
        }
    }

    private static bool Matches(Regex pattern, string text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
