namespace VendorRisk.Domain.Questionnaires.Expressions;

/// <summary>
/// Evaluates a single expression against named values. The engine does not use this entry point: it binds
/// every expression once in <see cref="Evaluation.CompiledQuestionnaire"/> and evaluates against slots.
/// </summary>
public static class ExpressionEvaluator
{
    /// <summary>The value of the expression; null means empty. Missing ids are empty.</summary>
    public static AnswerValue? Evaluate(ExpressionNode expression, IReadOnlyDictionary<string, AnswerValue?> values)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(values);
        var ids = expression.References().Select(r => r.ItemId).Distinct(StringComparer.Ordinal).ToList();
        var slots = ids.Select(id => values.TryGetValue(id, out var value) ? value : null).ToArray();
        var bound = BoundExpression.Bind(expression, id => ids.IndexOf(id));
        return bound.Evaluate(slots);
    }

    /// <summary>Whether the expression holds; anything but boolean true counts as false.</summary>
    public static bool IsTrue(ExpressionNode expression, IReadOnlyDictionary<string, AnswerValue?> values) =>
        Evaluate(expression, values) is { Kind: AnswerKind.Boolean, BooleanValue: true };
}
