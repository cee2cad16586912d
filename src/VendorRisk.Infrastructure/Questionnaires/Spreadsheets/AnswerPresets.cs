using System.Collections.Immutable;
using VendorRisk.Domain.Questionnaires;

namespace VendorRisk.Infrastructure.Questionnaires.Spreadsheets;

/// <summary>How a vendor answers an imported question: an item type and, for choices, their values, labels, scores and results.</summary>
public sealed record AnswerPreset(string Key, string Label, ItemType Type, ImmutableArray<Choice> Choices);

/// <summary>
/// The answer vocabularies a buyer's workbook uses, mapped to our types and scores ("Yes/No/N/A", "Y/N",
/// "Implemented/Partially/Not implemented", free text…). A cell of the answer column is recognised as one of them; the user
/// may map each vocabulary found to another preset in the wizard.
/// </summary>
public static class AnswerPresets
{
    public const string YesNoNa = "yes-no-na";
    public const string YesNo = "yes-no";
    public const string Implemented = "implemented";
    public const string Textarea = "textarea";
    public const string Text = "text";
    public const string Number = "number";
    public const string Date = "date";
    /// <summary>The cell lists the choices itself ("Daily / Weekly / Monthly"): a single choice of those, not scored.</summary>
    public const string Listed = "listed";

    public static readonly IReadOnlyList<AnswerPreset> All =
    [
        new(YesNoNa, "Yes / No / Not applicable (Yes 100, No 0, N/A not scored)", ItemType.SingleChoice,
        [
            new Choice("yes", "Yes") { Score = 100, Result = ChoiceResult.Compliant },
            new Choice("no", "No") { Score = 0, Result = ChoiceResult.NonCompliant },
            new Choice("na", "Not applicable") { Result = ChoiceResult.NotApplicable },
        ]),
        new(YesNo, "Yes / No (Yes 100, No 0)", ItemType.Boolean,
        [
            new Choice("true", "Yes") { Score = 100, Result = ChoiceResult.Compliant },
            new Choice("false", "No") { Score = 0, Result = ChoiceResult.NonCompliant },
        ]),
        new(Implemented, "Implemented / Partially / Not implemented (100, 50, 0)", ItemType.SingleChoice,
        [
            new Choice("implemented", "Implemented") { Score = 100, Result = ChoiceResult.Compliant },
            new Choice("partially", "Partially implemented") { Score = 50, Result = ChoiceResult.PartiallyCompliant },
            new Choice("not_implemented", "Not implemented") { Score = 0, Result = ChoiceResult.NonCompliant },
        ]),
        new(Textarea, "Free text (several lines)", ItemType.Textarea, []),
        new(Text, "Short text (one line)", ItemType.Text, []),
        new(Number, "Number", ItemType.Number, []),
        new(Date, "Date", ItemType.Date, []),
        new(Listed, "The choices written in the cell (one of them, not scored)", ItemType.SingleChoice, []),
    ];

    public static AnswerPreset? Find(string? key) => All.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.Ordinal));

    /// <summary>"Yes / No / N/A" → "yes|no|na": lower case, separators unified, spaces dropped; the key under which a vocabulary is mapped.</summary>
    public static string Normalise(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var text = cell.Trim().ToLowerInvariant().Replace("n/a", "na", StringComparison.Ordinal);
        var parts = Split(text).Select(p => new string(p.Where(char.IsLetterOrDigit).ToArray())).Where(p => p.Length > 0);
        return string.Join('|', parts);
    }

    /// <summary>The choices a cell lists, as written ("Daily / Weekly" → Daily, Weekly).</summary>
    public static IReadOnlyList<string> Split(string cell) =>
        cell.Split(['/', '|', ',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The preset a vocabulary (as <see cref="Normalise"/>d) most likely means; null when it is not recognised.</summary>
    public static string? Recognise(string normalised) => normalised switch
    {
        "yes|no|na" or "yes|no|notapplicable" or "y|n|na" or "yes|no|na|" => YesNoNa,
        "yes|no" or "y|n" or "true|false" or "boolean" or "yesno" => YesNo,
        "implemented|partially|not" or "implemented|partially|notimplemented" or "implemented|partiallyimplemented|notimplemented"
            or "fully|partially|not" or "full|partial|none" => Implemented,
        "text" or "freetext" or "textarea" or "comment" or "description" or "longtext" => Textarea,
        "shorttext" or "singleline" => Text,
        "number" or "numeric" or "integer" or "decimal" => Number,
        "date" => Date,
        _ when normalised.Contains('|', StringComparison.Ordinal) => Listed,
        _ => null,
    };
}
