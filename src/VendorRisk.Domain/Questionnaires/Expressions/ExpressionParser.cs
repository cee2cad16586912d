using System.Collections.Immutable;
using System.Globalization;

namespace VendorRisk.Domain.Questionnaires.Expressions;

/// <summary>
/// Recursive-descent parser for the SurveyJS-compatible condition subset. Precedence, loosest first:
/// <c>or</c>, <c>and</c>, <c>not</c>, comparison (binary or postfix <c>empty</c>/<c>notempty</c>), primary.
/// Keywords are case-insensitive, as in SurveyJS.
/// </summary>
public static class ExpressionParser
{
    public static Result<ExpressionNode> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = Tokenizer.Tokenize(text);
        if (tokens.IsFailure)
        {
            return Result<ExpressionNode>.Failure(tokens.Errors);
        }

        if (tokens.Value.Length == 1)
        {
            return Result<ExpressionNode>.Failure("", FormatError(1, "expression is empty"));
        }

        var parser = new Parser(tokens.Value);
        var node = parser.ParseOr();
        if (node is not null && parser.Current.Kind != TokenKind.End)
        {
            parser.Fail(parser.Current, $"unexpected {Describe(parser.Current)}");
            node = null;
        }

        return node is null
            ? Result<ExpressionNode>.Failure("", parser.ErrorMessage!)
            : Result<ExpressionNode>.Success(node);
    }

    internal static string FormatError(int position, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"syntax error at column {position}: {message}");

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.End => "end of expression",
        TokenKind.Reference => $"reference {{{token.Text}}}",
        TokenKind.String => $"string '{token.Text}'",
        _ => $"'{token.Text}'",
    };

    private sealed class Parser(ImmutableArray<Token> tokens)
    {
        private int _index;

        public string? ErrorMessage { get; private set; }

        public Token Current => tokens[_index];

        public void Fail(Token at, string message) => ErrorMessage ??= FormatError(at.Position, message);

        public ExpressionNode? ParseOr()
        {
            var left = ParseAnd();
            while (left is not null && (IsWord("or") || IsOperator("||")))
            {
                var position = Current.Position;
                _index++;
                var right = ParseAnd();
                left = right is null ? null : new LogicalExpression(LogicalOperator.Or, left, right, position);
            }

            return left;
        }

        private ExpressionNode? ParseAnd()
        {
            var left = ParseNot();
            while (left is not null && (IsWord("and") || IsOperator("&&")))
            {
                var position = Current.Position;
                _index++;
                var right = ParseNot();
                left = right is null ? null : new LogicalExpression(LogicalOperator.And, left, right, position);
            }

            return left;
        }

        private ExpressionNode? ParseNot()
        {
            if (IsWord("not") || IsOperator("!"))
            {
                var position = Current.Position;
                _index++;
                var operand = ParseNot();
                return operand is null ? null : new NotExpression(operand, position);
            }

            return ParseComparison();
        }

        private ExpressionNode? ParseComparison()
        {
            var left = ParsePrimary();
            if (left is null)
            {
                return null;
            }

            if (IsWord("empty") || IsWord("notempty"))
            {
                var testsEmpty = IsWord("empty");
                _index++;
                return new EmptinessTest(left, testsEmpty, left.Position);
            }

            var op = ComparisonAt(Current);
            if (op is null)
            {
                return left;
            }

            var position = Current.Position;
            _index++;
            var right = ParsePrimary();
            return right is null ? null : new ComparisonExpression(op.Value, left, right, position);
        }

        private ExpressionNode? ParsePrimary()
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.Reference:
                    _index++;
                    return new ItemReference(token.Text, token.Position);
                case TokenKind.String:
                    _index++;
                    return new StringLiteral(token.Text, token.Position);
                case TokenKind.Number:
                    _index++;
                    return new NumberLiteral(token.Number, token.Position);
                case TokenKind.OpenParen:
                {
                    _index++;
                    var inner = ParseOr();
                    if (inner is null)
                    {
                        return null;
                    }

                    if (Current.Kind != TokenKind.CloseParen)
                    {
                        Fail(Current, $"expected ')' but found {Describe(Current)}");
                        return null;
                    }

                    _index++;
                    return inner;
                }

                case TokenKind.OpenBracket:
                    return ParseArray();
                case TokenKind.Word when token.Text.Equals("true", StringComparison.OrdinalIgnoreCase):
                    _index++;
                    return new BooleanLiteral(true, token.Position);
                case TokenKind.Word when token.Text.Equals("false", StringComparison.OrdinalIgnoreCase):
                    _index++;
                    return new BooleanLiteral(false, token.Position);
                case TokenKind.Word when token.Text.Equals("count", StringComparison.OrdinalIgnoreCase):
                {
                    _index++;
                    if (Current.Kind != TokenKind.OpenParen)
                    {
                        Fail(Current, $"expected '(' after count but found {Describe(Current)}");
                        return null;
                    }

                    _index++;
                    var argument = ParseOr();
                    if (argument is null)
                    {
                        return null;
                    }

                    if (Current.Kind != TokenKind.CloseParen)
                    {
                        Fail(Current, $"expected ')' but found {Describe(Current)}");
                        return null;
                    }

                    _index++;
                    return new CountFunction(argument, token.Position);
                }

                case TokenKind.Word when _index + 1 < tokens.Length && tokens[_index + 1].Kind == TokenKind.OpenParen:
                    Fail(token, $"unknown function '{token.Text}'");
                    return null;
                case TokenKind.Word when ComparisonAt(token) is null && !IsKeyword(token.Text):
                    Fail(token, $"unexpected word '{token.Text}' (item references are written {{{token.Text}}})");
                    return null;
                default:
                    Fail(token, $"expected a value but found {Describe(token)}");
                    return null;
            }
        }

        private ArrayLiteral? ParseArray()
        {
            var open = Current;
            _index++;
            var elements = ImmutableArray.CreateBuilder<ExpressionNode>();
            if (Current.Kind == TokenKind.CloseBracket)
            {
                _index++;
                return new ArrayLiteral(elements.ToImmutable(), open.Position);
            }

            while (true)
            {
                var element = ParsePrimary();
                if (element is null)
                {
                    return null;
                }

                if (element is not (StringLiteral or NumberLiteral or BooleanLiteral))
                {
                    Fail(tokens[_index - 1], "array elements must be literals");
                    return null;
                }

                elements.Add(element);
                if (Current.Kind == TokenKind.Comma)
                {
                    _index++;
                    continue;
                }

                if (Current.Kind == TokenKind.CloseBracket)
                {
                    _index++;
                    return new ArrayLiteral(elements.ToImmutable(), open.Position);
                }

                Fail(Current, $"expected ',' or ']' but found {Describe(Current)}");
                return null;
            }
        }

        private bool IsWord(string word) =>
            Current.Kind == TokenKind.Word && Current.Text.Equals(word, StringComparison.OrdinalIgnoreCase);

        private bool IsOperator(string symbol) =>
            Current.Kind == TokenKind.Operator && Current.Text == symbol;

        private static bool IsKeyword(string word) =>
            word.ToUpperInvariant() is "AND" or "OR" or "NOT" or "EMPTY" or "NOTEMPTY";

        private static ComparisonOperator? ComparisonAt(Token token)
        {
            if (token.Kind == TokenKind.Operator)
            {
                return token.Text switch
                {
                    "=" or "==" => ComparisonOperator.Equal,
                    "!=" or "<>" => ComparisonOperator.NotEqual,
                    "<" => ComparisonOperator.Less,
                    ">" => ComparisonOperator.Greater,
                    "<=" => ComparisonOperator.LessOrEqual,
                    ">=" => ComparisonOperator.GreaterOrEqual,
                    _ => null,
                };
            }

            if (token.Kind != TokenKind.Word)
            {
                return null;
            }

            return token.Text.ToUpperInvariant() switch
            {
                "ANYOF" => ComparisonOperator.AnyOf,
                "ALLOF" => ComparisonOperator.AllOf,
                "NONEOF" => ComparisonOperator.NoneOf,
                "CONTAINS" => ComparisonOperator.Contains,
                "NOTCONTAINS" => ComparisonOperator.NotContains,
                _ => null,
            };
        }
    }
}
