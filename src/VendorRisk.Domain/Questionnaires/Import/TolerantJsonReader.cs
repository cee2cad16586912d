using System.Globalization;
using System.Text;

namespace VendorRisk.Domain.Questionnaires.Import;

/// <summary>
/// Turns the JavaScript-flavoured JSON that VSAQ publishes (<c>//</c> and <c>/* */</c> comments, string
/// literals joined with <c>+</c>) into strict JSON. Line numbers are preserved, so errors from the strict
/// parser still point at the right line of the original text.
/// </summary>
internal static class TolerantJsonReader
{
    public static Result<string> ToStrictJson(string text)
    {
        var output = new StringBuilder(text.Length);
        var i = 0;
        var pendingNewlines = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                i = CopyString(text, i + 1, output, openingQuote: true);
                output.Append('\n', pendingNewlines);
                pendingNewlines = 0;
                continue;
            }

            if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return Error(text, i, "unterminated /* comment");
                }

                output.Append('\n', text.AsSpan(i, end - i).Count('\n'));
                i = end + 2;
                continue;
            }

            if (c == '+' && IsExponentSign(text, i))
            {
                // 1e+2: the sign of a number's exponent, not a join.
                output.Append(c);
                i++;
                continue;
            }

            if (c == '+')
            {
                // "a" + "b": drop the closing quote of "a" and the opening quote of "b", then keep copying.
                var trimmed = output.Length;
                while (trimmed > 0 && char.IsWhiteSpace(output[trimmed - 1]))
                {
                    trimmed--;
                }

                if (trimmed == 0 || output[trimmed - 1] != '"')
                {
                    return Error(text, i, "'+' must join two string literals");
                }

                pendingNewlines += output.ToString(trimmed, output.Length - trimmed).Count('\n');
                output.Length = trimmed - 1;
                var j = SkipWhitespaceAndComments(text, i + 1, ref pendingNewlines);
                if (j >= text.Length || text[j] != '"')
                {
                    return Error(text, i, "'+' must join two string literals");
                }

                i = CopyString(text, j + 1, output, openingQuote: false);
                output.Append('\n', pendingNewlines);
                pendingNewlines = 0;
                continue;
            }

            output.Append(c);
            i++;
        }

        return Result<string>.Success(output.ToString());
    }

    /// <summary>Whether the '+' at <paramref name="i"/> follows the <c>e</c> of a number (<c>1e+2</c>, <c>2.5E+3</c>).</summary>
    private static bool IsExponentSign(string text, int i) =>
        i >= 2 && text[i - 1] is 'e' or 'E' && (char.IsAsciiDigit(text[i - 2]) || text[i - 2] == '.')
        && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]);

    /// <summary>Copies a string body (escapes untouched) and its closing quote; returns the index after it.</summary>
    private static int CopyString(string text, int start, StringBuilder output, bool openingQuote)
    {
        if (openingQuote)
        {
            output.Append('"');
        }

        var i = start;
        while (i < text.Length)
        {
            var c = text[i];
            output.Append(c);
            i++;
            if (c == '\\' && i < text.Length)
            {
                output.Append(text[i]);
                i++;
            }
            else if (c == '"')
            {
                break;
            }
        }

        return i;
    }

    private static int SkipWhitespaceAndComments(string text, int i, ref int newlines)
    {
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                if (text[i] == '\n')
                {
                    newlines++;
                }

                i++;
            }
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static Result<string> Error(string text, int index, string message)
    {
        var line = text.AsSpan(0, index).Count('\n') + 1;
        var column = index - text.LastIndexOf('\n', Math.Max(0, index - 1)) ;
        return Result<string>.Failure("$", string.Create(CultureInfo.InvariantCulture, $"malformed VSAQ at line {line}, column {column}: {message}"));
    }
}
