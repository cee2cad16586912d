using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace VendorRisk.Domain.Questionnaires.Expressions;

internal enum TokenKind
{
    Reference,
    String,
    Number,
    Word,
    Operator,
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    Comma,
    End,
}

/// <summary>A token; <see cref="Position"/> is 1-based. Words are keywords, literals or function names.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position, decimal Number = 0);

internal static class Tokenizer
{
    public static Result<ImmutableArray<Token>> Tokenize(string text)
    {
        var tokens = ImmutableArray.CreateBuilder<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            var position = i + 1;
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            switch (c)
            {
                case '{':
                {
                    var close = text.IndexOf('}', i + 1);
                    if (close < 0)
                    {
                        return Error(position, "unterminated reference: '{' has no matching '}'");
                    }

                    var id = text[(i + 1)..close].Trim();
                    if (id.Length == 0)
                    {
                        return Error(position, "empty reference '{}'");
                    }

                    tokens.Add(new Token(TokenKind.Reference, id, position));
                    i = close + 1;
                    continue;
                }

                case '\'' or '"':
                {
                    var builder = new StringBuilder();
                    var j = i + 1;
                    var closed = false;
                    while (j < text.Length)
                    {
                        if (text[j] == '\\' && j + 1 < text.Length)
                        {
                            builder.Append(text[j + 1]);
                            j += 2;
                            continue;
                        }

                        if (text[j] == c)
                        {
                            closed = true;
                            break;
                        }

                        builder.Append(text[j]);
                        j++;
                    }

                    if (!closed)
                    {
                        return Error(position, $"unterminated string starting with {c}");
                    }

                    tokens.Add(new Token(TokenKind.String, builder.ToString(), position));
                    i = j + 1;
                    continue;
                }

                case '(':
                    tokens.Add(new Token(TokenKind.OpenParen, "(", position));
                    i++;
                    continue;
                case ')':
                    tokens.Add(new Token(TokenKind.CloseParen, ")", position));
                    i++;
                    continue;
                case '[':
                    tokens.Add(new Token(TokenKind.OpenBracket, "[", position));
                    i++;
                    continue;
                case ']':
                    tokens.Add(new Token(TokenKind.CloseBracket, "]", position));
                    i++;
                    continue;
                case ',':
                    tokens.Add(new Token(TokenKind.Comma, ",", position));
                    i++;
                    continue;
            }

            var symbol = ReadOperator(text, i);
            if (symbol is not null)
            {
                tokens.Add(new Token(TokenKind.Operator, symbol, position));
                i += symbol.Length;
                continue;
            }

            if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]))
                || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                var j = i + 1;
                while (j < text.Length && (char.IsAsciiDigit(text[j]) || text[j] == '.'))
                {
                    j++;
                }

                var literal = text[i..j];
                if (!decimal.TryParse(literal, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                        CultureInfo.InvariantCulture, out var number))
                {
                    return Error(position, $"malformed number '{literal}'");
                }

                tokens.Add(new Token(TokenKind.Number, literal, position, number));
                i = j;
                continue;
            }

            if (char.IsLetter(c) || c == '_')
            {
                var j = i + 1;
                while (j < text.Length && (char.IsLetterOrDigit(text[j]) || text[j] == '_'))
                {
                    j++;
                }

                tokens.Add(new Token(TokenKind.Word, text[i..j], position));
                i = j;
                continue;
            }

            return Error(position, $"unexpected character '{c}'");
        }

        tokens.Add(new Token(TokenKind.End, "", text.Length + 1));
        return Result<ImmutableArray<Token>>.Success(tokens.ToImmutable());
    }

    private static string? ReadOperator(string text, int i)
    {
        ReadOnlySpan<string> operators = ["==", "!=", "<>", "<=", ">=", "&&", "||", "=", "<", ">", "!"];
        foreach (var candidate in operators)
        {
            if (string.CompareOrdinal(text, i, candidate, 0, candidate.Length) == 0)
            {
                return candidate;
            }
        }

        return null;
    }

    private static Result<ImmutableArray<Token>> Error(int position, string message) =>
        Result<ImmutableArray<Token>>.Failure("", ExpressionParser.FormatError(position, message));
}
