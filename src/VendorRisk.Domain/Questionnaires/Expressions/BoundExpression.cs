using System.Collections.Immutable;
using System.Globalization;

namespace VendorRisk.Domain.Questionnaires.Expressions;

/// <summary>
/// An expression whose item references are resolved to slot indexes, so evaluation does no lookups.
/// A null slot (or result) means "empty": unanswered or hidden.
/// </summary>
internal abstract class BoundExpression
{
    public abstract AnswerValue? Evaluate(AnswerValue?[] slots);

    public bool IsTrue(AnswerValue?[] slots) => Evaluate(slots) is { Kind: AnswerKind.Boolean, BooleanValue: true };

    public static BoundExpression Bind(ExpressionNode node, Func<string, int> slotOf) => node switch
    {
        StringLiteral s => new Constant(AnswerValue.Text(s.Value)),
        NumberLiteral n => new Constant(AnswerValue.Number(n.Value)),
        BooleanLiteral b => new Constant(AnswerValue.Boolean(b.Value)),
        ItemReference r => new Slot(slotOf(r.ItemId)),
        ArrayLiteral a => new Constant(AnswerValue.Choices(a.Elements.Select(e => LiteralText(e)))),
        NotExpression not => new Not(Bind(not.Operand, slotOf)),
        LogicalExpression { Operator: LogicalOperator.And } and => new And(Bind(and.Left, slotOf), Bind(and.Right, slotOf)),
        LogicalExpression or => new Or(Bind(or.Left, slotOf), Bind(or.Right, slotOf)),
        ComparisonExpression c => new Comparison(c.Operator, Bind(c.Left, slotOf), Bind(c.Right, slotOf)),
        EmptinessTest e => new Emptiness(Bind(e.Operand, slotOf), e.TestsEmpty),
        CountFunction count => new Count(Bind(count.Argument, slotOf)),
        _ => throw new ArgumentOutOfRangeException(nameof(node), node, "Unknown expression node."),
    };

    internal static string LiteralText(ExpressionNode literal) => literal switch
    {
        StringLiteral s => s.Value,
        NumberLiteral n => n.Value.ToString(CultureInfo.InvariantCulture),
        BooleanLiteral b => b.Value ? "true" : "false",
        _ => throw new ArgumentOutOfRangeException(nameof(literal), literal, "Not a literal."),
    };

    private static bool IsEmpty(AnswerValue? value) => value is null || value.IsEmpty;

    private sealed class Constant(AnswerValue value) : BoundExpression
    {
        public override AnswerValue? Evaluate(AnswerValue?[] slots) => value;
    }

    private sealed class Slot(int index) : BoundExpression
    {
        public override AnswerValue? Evaluate(AnswerValue?[] slots) => slots[index];
    }

    private sealed class Not(BoundExpression operand) : BoundExpression
    {
        public override AnswerValue? Evaluate(AnswerValue?[] slots) => AnswerValue.Boolean(!operand.IsTrue(slots));
    }

    private sealed class And(BoundExpression left, BoundExpression right) : BoundExpression
    {
        public override AnswerValue? Evaluate(AnswerValue?[] slots) =>
            AnswerValue.Boolean(left.IsTrue(slots) && right.IsTrue(slots));
    }

    private sealed class Or(BoundExpression left, BoundExpression right) : BoundExpression
    {
        public override AnswerValue? Evaluate(AnswerValue?[] slots) =>
            AnswerValue.Boolean(left.IsTrue(slots) || right.IsTrue(slots));
    }

    private sealed class Emptiness(BoundExpression operand, bool testsEmpty) : BoundExpression
    {
        public override AnswerValue? Evaluate(AnswerValue?[] slots) =>
            AnswerValue.Boolean(IsEmpty(operand.Evaluate(slots)) == testsEmpty);
    }

    private sealed class Count(BoundExpression operand) : BoundExpression
    {
        public override AnswerValue? Evaluate(AnswerValue?[] slots)
        {
            var value = operand.Evaluate(slots);
            var count = IsEmpty(value) ? 0
                : value!.Kind is AnswerKind.Choices or AnswerKind.Files ? value.ListValue.Length
                : 1;
            return AnswerValue.Number(count);
        }
    }

    private sealed class Comparison(ComparisonOperator op, BoundExpression left, BoundExpression right) : BoundExpression
    {
        public override AnswerValue? Evaluate(AnswerValue?[] slots) =>
            AnswerValue.Boolean(Values.Compare(op, left.Evaluate(slots), right.Evaluate(slots)));
    }
}

/// <summary>Comparison semantics shared by the evaluator; documented in docs/formats/questionnaire.md.</summary>
internal static class Values
{
    public static bool Compare(ComparisonOperator op, AnswerValue? left, AnswerValue? right) => op switch
    {
        ComparisonOperator.Equal => AreEqual(left, right),
        ComparisonOperator.NotEqual => !AreEqual(left, right),
        ComparisonOperator.Less => Order(left, right) is < 0,
        ComparisonOperator.Greater => Order(left, right) is > 0,
        ComparisonOperator.LessOrEqual => Order(left, right) is <= 0,
        ComparisonOperator.GreaterOrEqual => Order(left, right) is >= 0,
        ComparisonOperator.AnyOf => !IsEmpty(left) && Elements(left!).Any(e => Elements(right).Contains(e, StringComparer.Ordinal)),
        ComparisonOperator.AllOf => !IsEmpty(left) && Elements(right).All(e => Elements(left!).Contains(e, StringComparer.Ordinal)),
        ComparisonOperator.NoneOf => IsEmpty(left) || !Elements(left!).Any(e => Elements(right).Contains(e, StringComparer.Ordinal)),
        ComparisonOperator.Contains => Contains(left, right),
        ComparisonOperator.NotContains => !Contains(left, right),
        _ => false,
    };

    private static bool IsEmpty(AnswerValue? value) => value is null || value.IsEmpty;

    private static ImmutableArray<string> Elements(AnswerValue? value) => value switch
    {
        null => [],
        { Kind: AnswerKind.Choices or AnswerKind.Files } => value.ListValue,
        _ => value.IsEmpty ? [] : [value.ToInvariantString()],
    };

    private static bool Contains(AnswerValue? container, AnswerValue? element)
    {
        if (IsEmpty(container) || element is null)
        {
            return false;
        }

        var needle = element.ToInvariantString();
        return container!.Kind is AnswerKind.Choices or AnswerKind.Files
            ? container.ListValue.Contains(needle, StringComparer.Ordinal)
            : container.ToInvariantString().Contains(needle, StringComparison.Ordinal);
    }

    public static bool AreEqual(AnswerValue? left, AnswerValue? right)
    {
        var leftEmpty = IsEmpty(left);
        var rightEmpty = IsEmpty(right);
        if (leftEmpty || rightEmpty)
        {
            return leftEmpty && rightEmpty;
        }

        var l = left!;
        var r = right!;
        if (l.Kind is AnswerKind.Choices or AnswerKind.Files || r.Kind is AnswerKind.Choices or AnswerKind.Files)
        {
            var le = Elements(l);
            var re = Elements(r);
            return le.Length == re.Length && le.All(e => re.Contains(e, StringComparer.Ordinal));
        }

        if (l.Kind == AnswerKind.Number || r.Kind == AnswerKind.Number)
        {
            return TryNumber(l, out var ln) && TryNumber(r, out var rn) && ln == rn;
        }

        if (l.Kind == AnswerKind.Date || r.Kind == AnswerKind.Date)
        {
            return TryDate(l, out var ld) && TryDate(r, out var rd) && ld == rd;
        }

        if (l.Kind == AnswerKind.Boolean || r.Kind == AnswerKind.Boolean)
        {
            return TryBoolean(l, out var lb) && TryBoolean(r, out var rb) && lb == rb;
        }

        return string.Equals(l.TextValue, r.TextValue, StringComparison.Ordinal);
    }

    /// <summary>Null when the two values have no order (empty, booleans, lists, mixed kinds that do not convert).</summary>
    private static int? Order(AnswerValue? left, AnswerValue? right)
    {
        if (IsEmpty(left) || IsEmpty(right))
        {
            return null;
        }

        var l = left!;
        var r = right!;
        if (l.Kind is AnswerKind.Boolean or AnswerKind.Choices or AnswerKind.Files
            || r.Kind is AnswerKind.Boolean or AnswerKind.Choices or AnswerKind.Files)
        {
            return null;
        }

        if (l.Kind == AnswerKind.Number || r.Kind == AnswerKind.Number)
        {
            return TryNumber(l, out var ln) && TryNumber(r, out var rn) ? ln.CompareTo(rn) : null;
        }

        if (l.Kind == AnswerKind.Date || r.Kind == AnswerKind.Date)
        {
            return TryDate(l, out var ld) && TryDate(r, out var rd) ? ld.CompareTo(rd) : null;
        }

        return string.CompareOrdinal(l.TextValue, r.TextValue);
    }

    public static bool TryNumber(AnswerValue value, out decimal number)
    {
        number = value.NumberValue;
        return value.Kind == AnswerKind.Number
            || (value.Kind == AnswerKind.Text && decimal.TryParse(value.TextValue, NumberStyles.Number,
                CultureInfo.InvariantCulture, out number));
    }

    public static bool TryDate(AnswerValue value, out DateOnly date)
    {
        date = value.DateValue;
        return value.Kind == AnswerKind.Date
            || (value.Kind == AnswerKind.Text && TryParseIsoDate(value.TextValue, out date));
    }

    public static bool TryParseIsoDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static bool TryBoolean(AnswerValue value, out bool result)
    {
        result = value.BooleanValue;
        if (value.Kind == AnswerKind.Boolean)
        {
            return true;
        }

        return value.Kind == AnswerKind.Text && bool.TryParse(value.TextValue, out result);
    }
}
