using System.Buffers;
using System.Text;

namespace VendorRisk.Infrastructure.Exports;

/// <summary>
/// Text for files people open in a spreadsheet program. In CSV, a value that starts like a formula (<c>=</c>,
/// <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return) is prefixed with a single quote, so Excel or LibreOffice
/// shows it as text instead of evaluating it (CSV/formula injection, OWASP). Every CSV export uses this one place. XLSX exports
/// need no apostrophe: their text is in string cells, which are never evaluated (<see cref="XlsxExportSink"/>, ADR-031).
/// A CSV cell is quoted when it holds the list separator of any locale (comma or semicolon): a spreadsheet that splits on semicolons
/// would otherwise read <c>Acme;=1+1</c> as two cells, the second a formula (issue 16, V9).
/// </summary>
public static class SpreadsheetSafe
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];
    /// <summary>The list separators of every locale (comma, semicolon), the quote itself and line breaks.</summary>
    private static readonly SearchValues<char> NeedsQuoting = SearchValues.Create(",;\"\r\n");

    /// <summary>The value with a leading quote when it would otherwise be read as a formula (CSV, and workbooks people fill in).</summary>
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return StartsLikeFormula(value) ? "'" + value : value;
    }

    /// <summary>Whether a spreadsheet program would read the text, typed or imported as a CSV field, as a formula.</summary>
    public static bool StartsLikeFormula(string? value) => !string.IsNullOrEmpty(value) && Array.IndexOf(FormulaStarts, value[0]) >= 0;

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
