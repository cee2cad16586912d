using System.Buffers;
using System.Text;

namespace VendorRisk.Infrastructure.Exports;

/// <summary>
/// Text for files people open in a spreadsheet program (CSV, XLSX). A value that starts like a formula (<c>=</c>,
/// <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return) is prefixed with a single quote, so Excel or LibreOffice
/// shows it as text instead of evaluating it (CSV/formula injection, OWASP). Every export uses this one place.
/// A CSV cell is quoted when it holds the list separator of any locale (comma or semicolon): a spreadsheet that splits on semicolons
/// would otherwise read <c>Acme;=1+1</c> as two cells, the second a formula (issue 16, V9).
/// </summary>
public static class SpreadsheetSafe
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];
    /// <summary>The list separators of every locale (comma, semicolon), the quote itself and line breaks.</summary>
    private static readonly SearchValues<char> NeedsQuoting = SearchValues.Create(",;\"\r\n");

    /// <summary>The value with a leading quote when it would otherwise be read as a formula; for any cell type.</summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return Array.IndexOf(FormulaStarts, value[0]) >= 0 ? "'" + value : value;
    }

    /// <summary>One RFC 4180 CSV cell: neutralised, then quoted when it holds a separator, quote or line break.</summary>
    public static string CsvCell(string? value) => CsvQuoted(Text(value));

    /// <summary>An already neutralised (or number) value as a CSV field: quoted when it holds a separator of any locale, quote or line break.</summary>
    public static string CsvQuoted(string text) =>
        text.AsSpan().IndexOfAny(NeedsQuoting) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    /// <summary>Appends one CSV row ending in CRLF.</summary>
    public static void AppendCsvRow(StringBuilder csv, params string?[] cells)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(cells);
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) csv.Append(',');
            csv.Append(CsvCell(cells[i]));
        }
        csv.Append("\r\n");
    }

    /// <summary>A whole CSV file as UTF-8 with a byte-order mark, so spreadsheet programs read it as UTF-8.</summary>
    public static byte[] Utf8WithBom(StringBuilder csv)
    {
        ArgumentNullException.ThrowIfNull(csv);
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }
}
