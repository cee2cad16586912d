using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace VendorRisk.Infrastructure.Exports;

/// <summary>
/// One-sheet XLSX written row by row with the SAX writer, so a long export never holds the sheet's DOM in memory.
/// Text goes into inline strings (never formulas), neutralised like CSV; numbers are numbers and times are dates
/// in a "yyyy-mm-dd hh:mm" format (UTC). The target stream must be seekable (a temporary file or a memory stream).
/// </summary>
public sealed class XlsxExportSink : IExportSink
{
    private const uint DateStyle = 1;
    private const uint HeaderStyle = 2;

    private readonly SpreadsheetDocument _document;
    private readonly OpenXmlWriter _writer;
    private uint _row;
    private bool _completed;

    public XlsxExportSink(Stream output, string sheetName)
    {
        _document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbook = _document.AddWorkbookPart();
        workbook.Workbook = new Workbook(new Sheets(new Sheet { Id = "rIdSheet1", SheetId = 1, Name = SheetName(sheetName) }));
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = Stylesheet();
        var sheet = workbook.AddNewPart<WorksheetPart>("rIdSheet1");
        _writer = OpenXmlWriter.Create(sheet);
        _writer.WriteStartElement(new Worksheet());
        _writer.WriteStartElement(new SheetData());
    }

    public Task WriteHeaderAsync(IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        WriteRow(columns.Select(ExportCell.Of).ToList(), HeaderStyle);
        return Task.CompletedTask;
    }

    public Task WriteRowAsync(IReadOnlyList<ExportCell> cells, CancellationToken cancellationToken)
    {
        WriteRow(cells, null);
        return Task.CompletedTask;
    }

    private void WriteRow(IReadOnlyList<ExportCell> cells, uint? style)
    {
        _row++;
        _writer.WriteStartElement(new Row { RowIndex = _row });
        for (var i = 0; i < cells.Count; i++)
        {
            var reference = ColumnName(i) + _row.ToString(CultureInfo.InvariantCulture);
            var cell = cells[i];
            if (cell.Number is { } number)
            {
                _writer.WriteElement(new Cell(new CellValue(number.ToString(CultureInfo.InvariantCulture)))
                    { CellReference = reference, DataType = CellValues.Number });
            }
            else if (cell.Time is { } time)
            {
                _writer.WriteElement(new Cell(new CellValue(time.UtcDateTime.ToOADate().ToString(CultureInfo.InvariantCulture)))
                    { CellReference = reference, StyleIndex = DateStyle });
            }
            else
            {
                var text = Clean(SpreadsheetSafe.Text(cell.Text));
                var inline = new Cell(new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }))
                    { CellReference = reference, DataType = CellValues.InlineString };
                if (style is { } s) inline.StyleIndex = s;
                _writer.WriteElement(inline);
            }
        }
        _writer.WriteEndElement();
    }

    public Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_completed) return Task.CompletedTask;
        _completed = true;
        _writer.WriteEndElement(); // SheetData
        _writer.WriteEndElement(); // Worksheet
        _writer.Close();
        _document.Dispose();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            _completed = true;
            _writer.Dispose();
            _document.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + ((n - 1) % 26)) + name;
        return name;
    }

    /// <summary>XML 1.0 cannot carry most control characters; they are dropped rather than failing the file.</summary>
    private static string Clean(string text) =>
        text.Any(c => c < ' ' && c is not ('\t' or '\n' or '\r')) ? new string(text.Where(c => c >= ' ' || c is '\t' or '\n' or '\r').ToArray()) : text;

    private static string SheetName(string name)
    {
        var cleaned = new string(name.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray()).Trim('\'');
        return cleaned.Length == 0 ? "Export" : cleaned.Length > 31 ? cleaned[..31] : cleaned;
    }

    private static Stylesheet Stylesheet() => new(
        new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "yyyy-mm-dd hh:mm" }) { Count = 1 },
        new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellFormats(
            new CellFormat(),
            new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true },
            new CellFormat { FontId = 1, ApplyFont = true }) { Count = 3 });
}
