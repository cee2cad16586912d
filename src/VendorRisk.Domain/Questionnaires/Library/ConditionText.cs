using System.Globalization;
using System.Text;
using VendorRisk.Domain.Questionnaires.Expressions;

namespace VendorRisk.Domain.Questionnaires.Library;

/// <summary>
/// Turns a condition such as <c>{uses_ai} = true and {data} anyof ['pii', 'phi']</c> into words an author can
/// check at a glance: <c>“Does the service use AI?” is Yes and “Data processed” is any of “Personal data”, “Health data”</c>.
/// Choice values are shown by their labels. A condition that does not parse is returned as written.
/// </summary>
public sealed class ConditionText
{
    private const int MaxQuestionLength = 80;
    private readonly Dictionary<string, QuestionnaireItem> _items = new(StringComparer.Ordinal);

    public ConditionText(QuestionnaireDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        foreach (var item in definition.AllItems())
        {
            _items.TryAdd(item.Id, item);
        }
    }

    public string Describe(string? condition)
    {
        if (string.IsNullOrWhiteSpace(condition))
        {
            return "";
        }

        var parsed = ExpressionParser.Parse(condition);
        if (parsed.IsFailure)
        {
            return condition;
        }

        var text = new StringBuilder();
        Write(parsed.Value, text, context: null, nested: false);
        return text.ToString();
    }

    private void Write(ExpressionNode node, StringBuilder text, QuestionnaireItem? context, bool nested)
    {
        switch (node)
        {
            case LogicalExpression logical:
                if (nested)
                {
                    text.Append('(');
                }

                Write(logical.Left, text, null, nested: logical.Left is LogicalExpression l && l.Operator != logical.Operator);
                text.Append(logical.Operator == LogicalOperator.And ? " and " : " or ");
                Write(logical.Right, text, null, nested: logical.Right is LogicalExpression r && r.Operator != logical.Operator);
                if (nested)
                {
                    text.Append(')');
                }

                break;
            case NotExpression not:
                text.Append("not (");
                Write(not.Operand, text, null, nested: false);
                text.Append(')');
                break;
            case ComparisonExpression comparison:
                var subject = comparison.Left is ItemReference left && _items.TryGetValue(left.ItemId, out var leftItem) ? leftItem
                    : comparison.Right is ItemReference right && _items.TryGetValue(right.ItemId, out var rightItem) ? rightItem
                    : null;
                Write(comparison.Left, text, subject, nested: true);
                text.Append(' ').Append(OperatorText(comparison.Operator)).Append(' ');
                Write(comparison.Right, text, subject, nested: true);
                break;
            case EmptinessTest emptiness:
                Write(emptiness.Operand, text, null, nested: true);
                text.Append(emptiness.TestsEmpty ? " is not answered" : " is answered");
                break;
            case CountFunction count:
                text.Append("the number of answers to ");
                Write(count.Argument, text, null, nested: true);
                break;
            case ItemReference reference:
                text.Append(Question(reference.ItemId));
                break;
            case StringLiteral literal:
                text.Append('“').Append(Label(context, literal.Value)).Append('”');
                break;
            case BooleanLiteral boolean:
                var label = Label(context, boolean.Value ? "true" : "false");
                text.Append(label switch { "true" => "Yes", "false" => "No", _ => label });
                break;
            case NumberLiteral number:
                text.Append(number.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case ArrayLiteral array:
                for (var i = 0; i < array.Elements.Length; i++)
                {
                    if (i > 0)
                    {
                        text.Append(", ");
                    }

                    Write(array.Elements[i], text, context, nested: true);
                }

                break;
            default:
                text.Append(node);
                break;
        }
    }

    private string Question(string itemId)
    {
        if (!_items.TryGetValue(itemId, out var item) || string.IsNullOrWhiteSpace(item.Text))
        {
            return $"“{itemId}”";
        }

        var question = item.Text.Trim();
        return question.Length > MaxQuestionLength ? $"“{question[..(MaxQuestionLength - 1)]}…”" : $"“{question}”";
    }

    private static string Label(QuestionnaireItem? item, string value)
    {
        if (item is not null)
        {
            foreach (var choice in item.Choices)
            {
                if (string.Equals(choice.Value, value, StringComparison.Ordinal))
                {
                    return choice.Label;
                }
            }
        }

        return value;
    }

    private static string OperatorText(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "is",
        ComparisonOperator.NotEqual => "is not",
        ComparisonOperator.Less => "is less than",
        ComparisonOperator.Greater => "is greater than",
        ComparisonOperator.LessOrEqual => "is at most",
        ComparisonOperator.GreaterOrEqual => "is at least",
        ComparisonOperator.AnyOf => "is any of",
        ComparisonOperator.AllOf => "includes all of",
        ComparisonOperator.NoneOf => "is none of",
        ComparisonOperator.Contains => "includes",
        ComparisonOperator.NotContains => "does not include",
        _ => op.ToString(),
    };
}
