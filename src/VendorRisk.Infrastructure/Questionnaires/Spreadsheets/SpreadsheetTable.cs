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

/// <summary>A sheet (or a CSV file) as read, every row kept (blank ones too), before a header row is chosen.</summary>
public sealed record SheetRows(string Name, IReadOnlyList<SpreadsheetRow> Rows)
{
    /// <summary>The rows that hold anything.</summary>
    public int FilledRowCount => Rows.Count(r => !r.IsBlank);
}

/// <summary>A sheet (or a CSV file) read as text: the first non-blank row gives the headers.</summary>
public sealed record SpreadsheetTable(string Name, IReadOnlyList<string> Headers, IReadOnlyList<SpreadsheetRow> Rows)
{
    public int ColumnOf(string header) =>
        Headers.ToList().FindIndex(h => string.Equals(h.Trim(), header.Trim(), StringComparison.OrdinalIgnoreCase));

    internal static SpreadsheetTable From(string name, IReadOnlyList<SpreadsheetRow> rows)
    {
        var nonBlank = rows.Where(r => !r.IsBlank).ToList();
        if (nonBlank.Count == 0)
        {
            return new SpreadsheetTable(name, [], []);
        }

        var headers = nonBlank[0].Cells.Select(c => c.Trim()).ToList();
        return new SpreadsheetTable(name, headers, nonBlank.Skip(1).ToList());
    }

    /// <summary>
    /// What a workbook may hold before it is refused (issue 16, V4: a 17 KB workbook whose rows each had one cell at column XFD was
    /// padded to 16,384 cells a row, +223 MB and 8.6 s). Checked while streaming the XML, before anything is padded or kept, so the
    /// worst accepted workbook costs at most about <see cref="MaxCells"/> short strings.
    /// </summary>
    public const int MaxSheets = 20;
    public const int MaxColumns = 256;
    public const int MaxRows = 20_000;
    public const int MaxCells = 200_000;
    public const int MaxSharedStrings = 200_000;
    public const int MaxTextCharacters = 20_000_000;

    private sealed class WorkbookTooLargeException(string message) : Exception(message);

    /// <summary>
    /// Reads every sheet of an XLSX workbook. Formula cells give their cached value; nothing is calculated. The sheets are streamed
    /// (never loaded whole) and a workbook beyond the limits above is refused with a message that names the limit.
    /// </summary>
    public static Result<IReadOnlyList<SpreadsheetTable>> ReadXlsx(Stream stream)
    {
        var sheets = ReadXlsxSheets(stream);
        return sheets.IsFailure
            ? Result<IReadOnlyList<SpreadsheetTable>>.Failure(sheets.Errors)
            : Result<IReadOnlyList<SpreadsheetTable>>.Success([.. sheets.Value.Select(s => From(s.Name, s.Rows))]);
    }

    /// <summary>Every sheet of an XLSX workbook with all its rows (within the limits above), for a header row to be chosen.</summary>
    public static Result<IReadOnlyList<SheetRows>> ReadXlsxSheets(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var document = SpreadsheetDocument.Open(stream, isEditable: false);
            var workbook = document.WorkbookPart ?? throw new InvalidDataException("no workbook part");
            var budget = new ReadBudget();
            var shared = ReadSharedStrings(workbook.SharedStringTablePart, budget);
            var tables = new List<SheetRows>();
            foreach (var sheet in workbook.Workbook?.Sheets?.Elements<Sheet>() ?? [])
            {
                if (sheet.Id?.Value is not { } partId || workbook.GetPartById(partId) is not WorksheetPart part)
                {
                    continue;
                }

                if (tables.Count >= MaxSheets)
                {
                    throw new WorkbookTooLargeException(string.Create(CultureInfo.InvariantCulture, $"The workbook has more than {MaxSheets} sheets."));
                }

                tables.Add(new SheetRows(sheet.Name?.Value ?? "Sheet" + (tables.Count + 1), ReadRows(part, shared, budget)));
            }

            return tables.Count == 0
                ? Result<IReadOnlyList<SheetRows>>.Failure("file", "The workbook has no sheets.")
                : Result<IReadOnlyList<SheetRows>>.Success(tables);
        }
        catch (WorkbookTooLargeException ex)
        {
            return Result<IReadOnlyList<SheetRows>>.Failure("file", ex.Message);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or IOException or FormatException
            or System.Xml.XmlException or IndexOutOfRangeException or InvalidOperationException)
        {
            return Result<IReadOnlyList<SheetRows>>.Failure("file", "The file is not a readable XLSX workbook (it may be truncated or of another kind).");
        }
    }

    /// <summary>Counts what has been read so far across the workbook.</summary>
    private sealed class ReadBudget
    {
        public int Rows;
        public int Cells;
        public long Characters;

        public void AddText(string text)
        {
            Characters += text.Length;
            if (Characters > MaxTextCharacters)
            {
                throw new WorkbookTooLargeException(string.Create(CultureInfo.InvariantCulture,
                    $"The workbook holds more than {MaxTextCharacters:N0} characters of text."));
            }
        }
    }

    private static List<string> ReadSharedStrings(SharedStringTablePart? part, ReadBudget budget)
    {
        var shared = new List<string>();
        if (part is null)
        {
            return shared;
        }

        using var reader = OpenXmlReader.Create(part);
        // LoadCurrentElement moves the reader to the element after the one it loads; Read is called only otherwise.
        var more = reader.Read();
        while (more)
        {
            if (reader.ElementType == typeof(SharedStringItem) && reader.IsStartElement)
            {
                if (shared.Count >= MaxSharedStrings)
                {
                    throw new WorkbookTooLargeException(string.Create(CultureInfo.InvariantCulture,
                        $"The workbook has more than {MaxSharedStrings:N0} different texts."));
                }

                var text = reader.LoadCurrentElement()?.InnerText ?? "";
                budget.AddText(text);
                shared.Add(text);
                more = !reader.EOF;
            }
            else
            {
                more = reader.Read();
            }
        }

        return shared;
    }

    private static List<SpreadsheetRow> ReadRows(WorksheetPart part, List<string> shared, ReadBudget budget)
    {
        var rows = new List<SpreadsheetRow>();
        var nextRow = 1;
        using var reader = OpenXmlReader.Create(part);
        var more = reader.Read();
        while (more)
        {
            if (reader.ElementType != typeof(Row) || !reader.IsStartElement)
            {
                more = reader.Read();
                continue;
            }

            if (++budget.Rows > MaxRows)
            {
                throw new WorkbookTooLargeException(string.Create(CultureInfo.InvariantCulture, $"The workbook has more than {MaxRows:N0} rows."));
            }

            var row = (Row)reader.LoadCurrentElement()!;
            more = !reader.EOF;
            var number = row.RowIndex?.Value is { } index ? (int)Math.Min(index, int.MaxValue) : nextRow;
            nextRow = number + 1;
            var cells = new List<string>();
            var nextColumn = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : nextColumn;
                nextColumn = column + 1;
                // Checked before padding the row out to the column: a lone cell at XFD would otherwise cost 16,384 cells.
                if (column >= MaxColumns)
                {
                    throw new WorkbookTooLargeException(string.Create(CultureInfo.InvariantCulture,
                        $"Row {number} has a cell in column {ColumnName(column)}; a workbook may use columns A to {ColumnName(MaxColumns - 1)} only."));
                }

                budget.Cells += Math.Max(0, column + 1 - cells.Count);
                if (budget.Cells > MaxCells)
                {
                    throw new WorkbookTooLargeException(string.Create(CultureInfo.InvariantCulture, $"The workbook has more than {MaxCells:N0} cells."));
                }

                while (cells.Count <= column)
                {
                    cells.Add("");
                }

                var text = CellText(cell, shared);
                budget.AddText(text);
                cells[column] = text;
            }

            rows.Add(new SpreadsheetRow(number, cells));
        }

        return rows;
    }

    /// <summary>RFC 4180 CSV (comma separated, double quotes, CRLF or LF); a byte order mark is ignored.</summary>
    public static Result<SpreadsheetTable> ReadCsv(string text)
    {
        var rows = ReadCsvRows(text);
        return rows.IsFailure ? Result<SpreadsheetTable>.Failure(rows.Errors) : Result<SpreadsheetTable>.Success(From("CSV", rows.Value.Rows));
    }

    /// <summary>
    /// A CSV file with all its records. A row's number counts records (the header is record 1), not text lines: a quoted cell
    /// spanning several lines is one record, as a spreadsheet program shows it.
    /// </summary>
    public static Result<SheetRows> ReadCsvRows(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = new List<SpreadsheetRow>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var rowStart = 1;
        var cellCount = 0;
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
                    if (cells.Count > MaxColumns)
                    {
                        return Result<SheetRows>.Failure("file", string.Create(CultureInfo.InvariantCulture,
                            $"Row {rowStart} has more than {MaxColumns} columns."));
                    }

                    break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n':
                    break;
                case '\n' or '\r':
                    cells.Add(cell.ToString());
                    cell.Clear();
                    cellCount += cells.Count;
                    if (rows.Count >= MaxRows || cells.Count > MaxColumns || cellCount > MaxCells)
                    {
                        return Result<SheetRows>.Failure("file", string.Create(CultureInfo.InvariantCulture,
                            $"Row {rowStart}: a file may have at most {MaxRows:N0} rows of at most {MaxColumns} columns and {MaxCells:N0} cells in all."));
                    }

                    rows.Add(new SpreadsheetRow(rowStart, cells));
                    cells = [];
                    rowStart++;
                    break;
                default:
                    cell.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            return Result<SheetRows>.Failure("file", string.Create(CultureInfo.InvariantCulture,
                $"Row {rowStart}: a quoted cell is not closed (a \" is missing); the file may be truncated."));
        }

        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            rows.Add(new SpreadsheetRow(rowStart, cells));
        }

        return Result<SheetRows>.Success(new SheetRows("CSV", rows));
    }

    private static string CellText(Cell cell, List<string> shared)
    {
        var raw = cell.CellValue?.Text ?? "";
        if (cell.DataType?.Value is not { } type)
        {
            return raw;
        }

        if (type == CellValues.SharedString)
        {
            return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < shared.Count ? shared[index] : "";
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
            if (index > 1_000_000)
            {
                return 1_000_000; // far beyond any real column (XFD is 16,384): refused by the column limit, never overflows
            }
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
