using System.Collections.Immutable;

namespace VendorRisk.Domain.Questionnaires.Expressions;

public enum ComparisonOperator
{
    Equal,
    NotEqual,
    Less,
    Greater,
    LessOrEqual,
    GreaterOrEqual,
    AnyOf,
    AllOf,
    NoneOf,
    Contains,
    NotContains,
}

public enum LogicalOperator
{
    And,
    Or,
}

/// <summary>Immutable syntax tree. <see cref="Position"/> is the 1-based column where the node starts.</summary>
public abstract record ExpressionNode(int Position);

public sealed record StringLiteral(string Value, int Position) : ExpressionNode(Position);

public sealed record NumberLiteral(decimal Value, int Position) : ExpressionNode(Position);

public sealed record BooleanLiteral(bool Value, int Position) : ExpressionNode(Position);

/// <summary><c>{itemId}</c>.</summary>
public sealed record ItemReference(string ItemId, int Position) : ExpressionNode(Position);

/// <summary><c>['a', 'b']</c>; elements are literals.</summary>
public sealed record ArrayLiteral(ImmutableArray<ExpressionNode> Elements, int Position) : ExpressionNode(Position);

public sealed record NotExpression(ExpressionNode Operand, int Position) : ExpressionNode(Position);

public sealed record LogicalExpression(LogicalOperator Operator, ExpressionNode Left, ExpressionNode Right, int Position)
    : ExpressionNode(Position);

public sealed record ComparisonExpression(ComparisonOperator Operator, ExpressionNode Left, ExpressionNode Right, int Position)
    : ExpressionNode(Position);

/// <summary><c>{q} empty</c> or <c>{q} notempty</c> (postfix, as in SurveyJS).</summary>
public sealed record EmptinessTest(ExpressionNode Operand, bool TestsEmpty, int Position) : ExpressionNode(Position);

/// <summary><c>count({q})</c>: the only function; more can be added in the parser and the binder.</summary>
public sealed record CountFunction(ExpressionNode Argument, int Position) : ExpressionNode(Position);

public static class ExpressionNodes
{
    /// <summary>All item ids referenced, in order of appearance (duplicates kept).</summary>
    public static IEnumerable<ItemReference> References(this ExpressionNode node)
    {
        switch (node)
        {
            case ItemReference reference:
                yield return reference;
                break;
            case ArrayLiteral array:
                foreach (var element in array.Elements)
                {
                    foreach (var inner in element.References())
                    {
                        yield return inner;
                    }
                }

                break;
            case NotExpression not:
                foreach (var inner in not.Operand.References())
                {
                    yield return inner;
                }

                break;
            case LogicalExpression logical:
                foreach (var inner in logical.Left.References().Concat(logical.Right.References()))
                {
                    yield return inner;
                }

                break;
            case ComparisonExpression comparison:
                foreach (var inner in comparison.Left.References().Concat(comparison.Right.References()))
                {
                    yield return inner;
                }

                break;
            case EmptinessTest emptiness:
                foreach (var inner in emptiness.Operand.References())
                {
                    yield return inner;
                }

                break;
            case CountFunction count:
                foreach (var inner in count.Argument.References())
                {
                    yield return inner;
                }

                break;
        }
    }
}
