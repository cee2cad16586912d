using System.Text;

namespace VendorRisk.Infrastructure.Exports;

/// <summary>
/// RFC 4180 CSV in UTF-8 with a byte-order mark (so spreadsheet programs read it as UTF-8), CRLF line ends, every
/// text cell neutralised against formula injection and quoted when it holds a separator of any locale, quote or line break.
/// </summary>
public sealed class CsvExportSink(Stream output) : IExportSink
{
    private readonly StreamWriter _writer = new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 64 * 1024, leaveOpen: true)
    {
        NewLine = "\r\n",
    };

    public static string Field(ExportCell cell)
    {
        // Numbers, times and dates are written by us in an invariant form; only text can carry a formula.
        var value = cell.IsValue ? cell.ToText() : SpreadsheetSafe.Text(cell.Text);
        return SpreadsheetSafe.CsvQuoted(value);
    }

    public Task WriteHeaderAsync(IReadOnlyList<string> columns, CancellationToken cancellationToken) =>
        WriteRowAsync(columns.Select(ExportCell.Of).ToList(), cancellationToken);

    public async Task WriteRowAsync(IReadOnlyList<ExportCell> cells, CancellationToken cancellationToken)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) await _writer.WriteAsync(',');
            await _writer.WriteAsync(Field(cells[i]).AsMemory(), cancellationToken);
        }
        await _writer.WriteLineAsync();
    }

    public Task CompleteAsync(CancellationToken cancellationToken) => _writer.FlushAsync(cancellationToken);

    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
