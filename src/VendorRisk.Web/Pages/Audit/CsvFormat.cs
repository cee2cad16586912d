using System.Text;
using VendorRisk.Infrastructure.Exports;

namespace VendorRisk.Web.Pages.Audit;

/// <summary>Kept for callers of the first audit export; the rules live in <see cref="SpreadsheetSafe"/>.</summary>
public static class CsvFormat
{
    public static string Cell(string? value) => SpreadsheetSafe.CsvCell(value);

    public static void AppendRow(StringBuilder csv, params string?[] cells) => SpreadsheetSafe.AppendCsvRow(csv, cells);
}
