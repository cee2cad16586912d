using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using VendorRisk.Domain.Questionnaires;

namespace VendorRisk.Infrastructure.Questionnaires.Spreadsheets;

/// <summary>One row of a sheet: its 1-based row number as the user sees it, and its cells by column index.</summary>
public sealed record SpreadsheetRow(int Number, IReadOnlyList<string> Cells)
{
    public string this[int column] => column >= 0 && column < Cells.Count ? Cells[column] : "";

    public bool IsBlank => Cells.All(string.IsNullOrWhiteSpace);
}

/// <summary>A sheet (or a CSV file) read as text: the first non-blank row gives the headers.</summary>
public sealed record SpreadsheetTable(string Name, IReadOnlyList<string> Headers, IReadOnlyList<SpreadsheetRow> Rows)
{
    public int ColumnOf(string header) =>
        Headers.ToList().FindIndex(h => string.Equals(h.Trim(), header.Trim(), StringComparison.OrdinalIgnoreCase));

    private static SpreadsheetTable From(string name, List<SpreadsheetRow> rows)
    {
        var nonBlank = rows.Where(r => !r.IsBlank).ToList();
        if (nonBlank.Count == 0)
        {
            return new SpreadsheetTable(name, [], []);
        }

        var headers = nonBlank[0].Cells.Select(c => c.Trim()).ToList();
        return new SpreadsheetTable(name, headers, nonBlank.Skip(1).ToList());
    }

    /// <summary>Reads every sheet of an XLSX workbook. Formula cells give their cached value; nothing is calculated.</summary>
    public static Result<IReadOnlyList<SpreadsheetTable>> ReadXlsx(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var document = SpreadsheetDocument.Open(stream, isEditable: false);
            var workbook = document.WorkbookPart ?? throw new InvalidDataException("no workbook part");
            var shared = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
            var tables = new List<SpreadsheetTable>();
            foreach (var sheet in workbook.Workbook?.Sheets?.Elements<Sheet>() ?? [])
            {
                if (sheet.Id?.Value is not { } partId || workbook.GetPartById(partId) is not WorksheetPart part)
                {
                    continue;
                }

                var rows = new List<SpreadsheetRow>();
                var nextRow = 1;
                foreach (var row in part.Worksheet?.Descendants<Row>() ?? [])
                {
                    var number = row.RowIndex?.Value is { } index ? (int)index : nextRow;
                    nextRow = number + 1;
                    var cells = new List<string>();
                    var nextColumn = 0;
                    foreach (var cell in row.Elements<Cell>())
                    {
                        var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : nextColumn;
                        nextColumn = column + 1;
                        while (cells.Count <= column)
                        {
                            cells.Add("");
                        }

                        cells[column] = CellText(cell, shared);
                    }

                    rows.Add(new SpreadsheetRow(number, cells));
                }

                tables.Add(From(sheet.Name?.Value ?? "Sheet" + (tables.Count + 1), rows));
            }

            return tables.Count == 0
                ? Result<IReadOnlyList<SpreadsheetTable>>.Failure("file", "The workbook has no sheets.")
                : Result<IReadOnlyList<SpreadsheetTable>>.Success(tables);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or IOException or FormatException
            or System.Xml.XmlException or IndexOutOfRangeException or InvalidOperationException)
        {
            return Result<IReadOnlyList<SpreadsheetTable>>.Failure("file", "The file is not a readable XLSX workbook.");
        }
    }

    /// <summary>RFC 4180 CSV (comma separated, double quotes, CRLF or LF); a byte order mark is ignored.</summary>
    public static Result<SpreadsheetTable> ReadCsv(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = new List<SpreadsheetRow>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var rowStart = 1;
        var quoted = false;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        cell.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    cell.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when cell.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\n' or '\r':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    rows.Add(new SpreadsheetRow(rowStart, cells));
                    cells = [];
                    line++;
                    rowStart = line;
                    break;
                default:
                    cell.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            return Result<SpreadsheetTable>.Failure("file", string.Create(CultureInfo.InvariantCulture,
                $"Row {rowStart}: a quoted cell is not closed (a \" is missing)."));
        }

        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            rows.Add(new SpreadsheetRow(rowStart, cells));
        }

        return Result<SpreadsheetTable>.Success(From("CSV", rows));
    }

    private static string CellText(Cell cell, string[] shared)
    {
        var raw = cell.CellValue?.Text ?? "";
        if (cell.DataType?.Value is not { } type)
        {
            return raw;
        }

        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < shared.Length ? shared[index] : "";
        }

        if (type == CellValues.InlineString)
        {
            return cell.InlineString?.InnerText ?? raw;
        }

        if (type == CellValues.Boolean)
        {
            return raw == "1" ? "true" : "false";
        }

        return raw;
    }

    /// <summary>"C12" → 2.</summary>
    internal static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }

            index = (index * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return Math.Max(index - 1, 0);
    }

    internal static string ColumnName(int index)
    {
        var name = "";
        for (index++; index > 0; index = (index - 1) / 26)
        {
            name = (char)('A' + ((index - 1) % 26)) + name;
        }

        return name;
    }
}
