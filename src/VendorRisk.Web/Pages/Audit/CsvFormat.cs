using System.Text;

namespace VendorRisk.Web.Pages.Audit;

/// <summary>
/// RFC 4180 CSV that is also safe to open in a spreadsheet: a cell that starts like a formula (= + - @,
/// tab or carriage return) is prefixed with a single quote, so Excel or LibreOffice shows it as text
/// instead of evaluating it (CSV injection).
/// </summary>
public static class CsvFormat
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];
    private static readonly char[] NeedsQuoting = [',', '"', '\r', '\n'];

    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (Array.IndexOf(FormulaStarts, value[0]) >= 0) value = "'" + value;
        return value.IndexOfAny(NeedsQuoting) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    public static void AppendRow(StringBuilder csv, params string?[] cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0) csv.Append(',');
            csv.Append(Cell(cells[i]));
        }
        csv.Append("\r\n");
    }
}
