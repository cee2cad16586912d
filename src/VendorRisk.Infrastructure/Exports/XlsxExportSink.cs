using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace VendorRisk.Infrastructure.Exports;

/// <summary>
/// One-sheet XLSX (Office Open XML, SpreadsheetML) written row by row straight into the zip, so a long export never holds the sheet
/// in memory. Every part uses the SpreadsheetML namespace as the default namespace, as Excel itself writes it: readers that match
/// element names without resolving prefixes (exceljs) cannot read the <c>x:</c>-prefixed parts the Open XML SDK writes (issue 18).
/// Text goes into inline string cells, which a spreadsheet never evaluates, so the value is stored as it is (no apostrophe); text
/// that starts like a formula also gets the "quote prefix" style, so editing the cell in Excel or LibreOffice keeps it text.
/// Numbers are numbers, times are date-time cells ("yyyy-mm-dd hh:mm", UTC) and calendar dates are date cells ("yyyy-mm-dd").
/// ADR-031.
/// </summary>
public sealed class XlsxExportSink : IExportSink, IDisposable
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string TimeStyle = "1";
    private const string DateStyle = "2";
    private const string HeaderStyle = "3";
    private const string QuotedTextStyle = "4";

    private static readonly XmlWriterSettings XmlSettings = new() { Encoding = new UTF8Encoding(false), CloseOutput = true };

    private readonly ZipArchive _zip;
    private readonly int _sheetCount;
    private XmlWriter _sheet = null!;
    private int _sheetNumber;
    private uint _row;
    private bool _completed;
    private bool _keepEmptyText;

    public XlsxExportSink(Stream output, string sheetName) : this(output, [sheetName])
    {
    }

    /// <summary>A workbook of several sheets, written one after the other (<see cref="NextSheet"/>); each sheet's first row is its header.</summary>
    public XlsxExportSink(Stream output, IReadOnlyList<string> sheetNames)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sheetNames.Count);
        _sheetCount = sheetNames.Count;
        _zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
        var numbers = Enumerable.Range(1, _sheetCount).Select(n => n.ToString(CultureInfo.InvariantCulture)).ToList();
        Part("[Content_Types].xml", ContentTypes.Replace("{sheets}", string.Concat(numbers.Select(n =>
            $"<Override PartName=\"/xl/worksheets/sheet{n}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>")), StringComparison.Ordinal));
        Part("_rels/.rels", RootRelationships);
        Part("xl/workbook.xml", WorkbookXml.Replace("{sheets}", string.Concat(numbers.Select((n, i) =>
            $"<sheet name=\"{System.Security.SecurityElement.Escape(SheetName(sheetNames[i]))}\" sheetId=\"{n}\" r:id=\"rId{n}\"/>")), StringComparison.Ordinal));
        Part("xl/_rels/workbook.xml.rels", WorkbookRelationships.Replace("{sheets}", string.Concat(numbers.Select(n =>
            $"<Relationship Id=\"rId{n}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet{n}.xml\"/>")), StringComparison.Ordinal)
            .Replace("{styles}", "rId" + (_sheetCount + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Part("xl/styles.xml", Styles);
        OpenSheet();
    }

    /// <summary>
    /// A whole workbook in memory, one sheet per entry, the first row of each its header: for the small round-trip files (the portal's
    /// answer workbook, the questionnaire template workbook), which readers must open as they open the exports.
    /// </summary>
    public static byte[] Workbook(IReadOnlyList<(string Name, IReadOnlyList<IReadOnlyList<ExportCell>> Rows)> sheets)
    {
        ArgumentNullException.ThrowIfNull(sheets);
        using var stream = new MemoryStream();
        // A round-trip file keeps a cell for every empty text (not for a null), so each row has the cells its reader fills in.
        using var sink = new XlsxExportSink(stream, [.. sheets.Select(s => s.Name)]) { _keepEmptyText = true };
        for (var i = 0; i < sheets.Count; i++)
        {
            if (i > 0) sink.NextSheet();
            for (var r = 0; r < sheets[i].Rows.Count; r++) sink.WriteRow(sheets[i].Rows[r], header: r == 0);
        }
        sink.Complete();
        return stream.ToArray();
    }

    /// <summary>Ends the current sheet and starts the next one of the names given.</summary>
    public void NextSheet()
    {
        if (_sheetNumber >= _sheetCount) throw new InvalidOperationException("There is no further sheet.");
        CloseSheet();
        OpenSheet();
    }

    private void OpenSheet()
    {
        _sheetNumber++;
        _row = 0;
        _sheet = XmlWriter.Create(_zip.CreateEntry($"xl/worksheets/sheet{_sheetNumber.ToString(CultureInfo.InvariantCulture)}.xml", CompressionLevel.Fastest).Open(), XmlSettings);
        _sheet.WriteStartDocument(standalone: true);
        _sheet.WriteStartElement("worksheet", Main);
        // The header row stays in view while scrolling.
        _sheet.WriteStartElement("sheetViews", Main);
        _sheet.WriteStartElement("sheetView", Main);
        _sheet.WriteAttributeString("workbookViewId", "0");
        _sheet.WriteStartElement("pane", Main);
        _sheet.WriteAttributeString("ySplit", "1");
        _sheet.WriteAttributeString("topLeftCell", "A2");
        _sheet.WriteAttributeString("activePane", "bottomLeft");
        _sheet.WriteAttributeString("state", "frozen");
        _sheet.WriteEndElement();
        _sheet.WriteEndElement();
        _sheet.WriteEndElement();
        _sheet.WriteStartElement("sheetData", Main);
    }

    private void CloseSheet()
    {
        _sheet.WriteEndElement(); // sheetData
        _sheet.WriteEndElement(); // worksheet
        _sheet.WriteEndDocument();
        _sheet.Dispose();
    }

    public Task WriteHeaderAsync(IReadOnlyList<string> columns, CancellationToken cancellationToken)
    {
        WriteRow(columns.Select(ExportCell.Of).ToList(), header: true);
        return Task.CompletedTask;
    }

    public Task WriteRowAsync(IReadOnlyList<ExportCell> cells, CancellationToken cancellationToken)
    {
        WriteRow(cells, header: false);
        return Task.CompletedTask;
    }

    private void WriteRow(IReadOnlyList<ExportCell> cells, bool header)
    {
        _row++;
        var rowNumber = _row.ToString(CultureInfo.InvariantCulture);
        _sheet.WriteStartElement("row", Main);
        _sheet.WriteAttributeString("r", rowNumber);
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            // An empty cell is left out: a reader sees a blank cell, not an empty string.
            if (cell.Number is { } number) Value(i, rowNumber, null, number.ToString(CultureInfo.InvariantCulture));
            else if (cell.Time is { } time) Value(i, rowNumber, TimeStyle, time.UtcDateTime.ToOADate().ToString("R", CultureInfo.InvariantCulture));
            else if (cell.Date is { } date) Value(i, rowNumber, DateStyle, date.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture));
            else if (!string.IsNullOrEmpty(cell.Text) || (_keepEmptyText && cell.Text is not null))
            {
                var text = Clean(cell.Text);
                _sheet.WriteStartElement("c", Main);
                _sheet.WriteAttributeString("r", ColumnName(i) + rowNumber);
                if (header) _sheet.WriteAttributeString("s", HeaderStyle);
                else if (SpreadsheetSafe.StartsLikeFormula(text)) _sheet.WriteAttributeString("s", QuotedTextStyle);
                _sheet.WriteAttributeString("t", "inlineStr");
                _sheet.WriteStartElement("is", Main);
                _sheet.WriteStartElement("t", Main);
                if (text.Length > 0 && (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))) _sheet.WriteAttributeString("xml", "space", null, "preserve");
                _sheet.WriteString(text);
                _sheet.WriteEndElement();
                _sheet.WriteEndElement();
                _sheet.WriteEndElement();
            }
        }
        _sheet.WriteEndElement();
    }

    private void Value(int column, string rowNumber, string? style, string value)
    {
        _sheet.WriteStartElement("c", Main);
        _sheet.WriteAttributeString("r", ColumnName(column) + rowNumber);
        if (style is not null) _sheet.WriteAttributeString("s", style);
        _sheet.WriteElementString("v", Main, value);
        _sheet.WriteEndElement();
    }

    public Task CompleteAsync(CancellationToken cancellationToken)
    {
        Complete();
        return Task.CompletedTask;
    }

    private void Complete()
    {
        if (_completed) return;
        _completed = true;
        while (_sheetNumber < _sheetCount)
        {
            CloseSheet();
            OpenSheet();
        }
        CloseSheet();
        _zip.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        if (_completed) return;
        _completed = true;
        _sheet.Dispose();
        _zip.Dispose();
    }

    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26) name = (char)('A' + ((n - 1) % 26)) + name;
        return name;
    }

    private void Part(string name, string xml)
    {
        using var writer = new StreamWriter(_zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        writer.Write(xml);
    }

    /// <summary>XML 1.0 cannot carry most control characters; they are dropped rather than failing the file.</summary>
    private static string Clean(string text) =>
        text.Any(c => c < ' ' && c is not ('\t' or '\n' or '\r')) ? new string(text.Where(c => c >= ' ' || c is '\t' or '\n' or '\r').ToArray()) : text;

    private static string SheetName(string name)
    {
        var cleaned = new string(name.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).ToArray()).Trim('\'');
        return cleaned.Length == 0 ? "Export" : cleaned.Length > 31 ? cleaned[..31] : cleaned;
    }

    private const string Declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

    private const string ContentTypes = Declaration
        + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        + "{sheets}"
        + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        + "</Types>";

    private const string RootRelationships = Declaration
        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "</Relationships>";

    private const string WorkbookXml = Declaration
        + "<workbook xmlns=\"" + Main + "\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        + "<bookViews><workbookView/></bookViews>"
        + "<sheets>{sheets}</sheets>"
        + "</workbook>";

    private const string WorkbookRelationships = Declaration
        + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        + "{sheets}"
        + "<Relationship Id=\"{styles}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
        + "</Relationships>";

    /// <summary>Cell styles: 0 default, 1 date-time, 2 date, 3 bold header, 4 text with quote prefix.</summary>
    private const string Styles = Declaration
        + "<styleSheet xmlns=\"" + Main + "\">"
        + "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd hh:mm\"/><numFmt numFmtId=\"165\" formatCode=\"yyyy-mm-dd\"/></numFmts>"
        + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font><font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"5\">"
        + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
        + "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" quotePrefix=\"1\"/>"
        + "</cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "</styleSheet>";
}
