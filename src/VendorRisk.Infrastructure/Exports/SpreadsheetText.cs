namespace VendorRisk.Infrastructure.Exports;

/// <summary>
/// Spreadsheet formula injection (CSV injection) neutralised: a text cell that starts like a formula (<c>=</c>,
/// <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return) gets a leading single quote, so Excel, LibreOffice or
/// Google Sheets shows it as text instead of evaluating it. Applied to every text cell of every export, CSV and
/// XLSX alike: an XLSX string cell is not a formula, but a user who saves it as CSV would bring the formula back.
/// </summary>
public static class SpreadsheetText
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    public static string Neutralise(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        return Array.IndexOf(FormulaStarts, value[0]) >= 0 ? "'" + value : value;
    }
}
