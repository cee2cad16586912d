using System.Collections.Immutable;
using System.Globalization;

namespace VendorRisk.Domain.Questionnaires;

public enum AnswerKind
{
    Text,
    Number,
    Boolean,
    Date,
    /// <summary>Selected values of a multiple-choice item.</summary>
    Choices,
    /// <summary>File reference ids of uploaded evidence.</summary>
    Files,
}

/// <summary>
/// An answer as given by a vendor, and also the value type of the expression language (literals and
/// comparison results), so that no conversion sits between answers and conditions.
/// </summary>
public sealed class AnswerValue : IEquatable<AnswerValue>
{
    public static readonly AnswerValue True = new(AnswerKind.Boolean, boolean: true);
    public static readonly AnswerValue False = new(AnswerKind.Boolean, boolean: false);

    private AnswerValue(AnswerKind kind, string? text = null, decimal number = 0, bool boolean = false,
        DateOnly date = default, ImmutableArray<string> list = default)
    {
        Kind = kind;
        TextValue = text;
        NumberValue = number;
        BooleanValue = boolean;
        DateValue = date;
        ListValue = list.IsDefault ? [] : list;
    }

    public AnswerKind Kind { get; }

    public string? TextValue { get; }

    public decimal NumberValue { get; }

    public bool BooleanValue { get; }

    public DateOnly DateValue { get; }

    public ImmutableArray<string> ListValue { get; }

    public static AnswerValue Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new AnswerValue(AnswerKind.Text, text: value);
    }

    public static AnswerValue Number(decimal value) => new(AnswerKind.Number, number: value);

    public static AnswerValue Boolean(bool value) => value ? True : False;

    public static AnswerValue Date(DateOnly value) => new(AnswerKind.Date, date: value);

    public static AnswerValue Choices(params IEnumerable<string> values) =>
        new(AnswerKind.Choices, list: [.. values]);

    public static AnswerValue Files(params IEnumerable<string> fileIds) =>
        new(AnswerKind.Files, list: [.. fileIds]);

    /// <summary>Blank text and empty lists count as "not answered", as in SurveyJS.</summary>
    public bool IsEmpty => Kind switch
    {
        AnswerKind.Text => string.IsNullOrWhiteSpace(TextValue),
        AnswerKind.Choices or AnswerKind.Files => ListValue.IsEmpty,
        _ => false,
    };

    public bool Equals(AnswerValue? other)
    {
        if (other is null || other.Kind != Kind)
        {
            return false;
        }

        return Kind switch
        {
            AnswerKind.Text => string.Equals(TextValue, other.TextValue, StringComparison.Ordinal),
            AnswerKind.Number => NumberValue == other.NumberValue,
            AnswerKind.Boolean => BooleanValue == other.BooleanValue,
            AnswerKind.Date => DateValue == other.DateValue,
            _ => ListValue.SequenceEqual(other.ListValue, StringComparer.Ordinal),
        };
    }

    public override bool Equals(object? obj) => Equals(obj as AnswerValue);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Kind);
        switch (Kind)
        {
            case AnswerKind.Text: hash.Add(TextValue, StringComparer.Ordinal); break;
            case AnswerKind.Number: hash.Add(NumberValue); break;
            case AnswerKind.Boolean: hash.Add(BooleanValue); break;
            case AnswerKind.Date: hash.Add(DateValue); break;
            default:
                foreach (var value in ListValue)
                {
                    hash.Add(value, StringComparer.Ordinal);
                }

                break;
        }

        return hash.ToHashCode();
    }

    /// <summary>The value as it is compared against choice values and string literals.</summary>
    public string ToInvariantString() => Kind switch
    {
        AnswerKind.Text => TextValue ?? "",
        AnswerKind.Number => NumberValue.ToString(CultureInfo.InvariantCulture),
        AnswerKind.Boolean => BooleanValue ? "true" : "false",
        AnswerKind.Date => DateValue.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => string.Join(",", ListValue),
    };

    public override string ToString() => Kind switch
    {
        AnswerKind.Choices or AnswerKind.Files => $"{Kind}[{ToInvariantString()}]",
        _ => $"{Kind}({ToInvariantString()})",
    };
}

/// <summary>
/// A document attached as evidence to a question. <paramref name="ProvidedOn"/> is the date the document speaks from (its document date,
/// not its upload: ADR-025); <paramref name="ValidUntil"/> its own expiry or the end of the period it covers, if it states one.
/// </summary>
public sealed record EvidenceAttachment(string FileId, DateOnly ProvidedOn, DateOnly? ValidUntil = null);
