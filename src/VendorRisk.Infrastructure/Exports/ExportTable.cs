using System.Globalization;

namespace VendorRisk.Infrastructure.Exports;

/// <summary>A cell of an export: text (neutralised on writing), a number, or a UTC time.</summary>
public readonly record struct ExportCell(string? Text, decimal? Number, DateTimeOffset? Time)
{
    public static ExportCell Of(string? text) => new(text, null, null);

    public static ExportCell Of(decimal? number) => new(null, number, null);

    public static ExportCell Of(DateTimeOffset? time) => new(null, null, time);

    public static implicit operator ExportCell(string? text) => Of(text);

    public static implicit operator ExportCell(decimal? number) => Of(number);

    public static implicit operator ExportCell(int number) => Of(number);

    public static implicit operator ExportCell(DateTimeOffset? time) => Of(time);

    public bool IsNumber => Number is not null;

    /// <summary>The cell as a CSV field's content, before neutralising and quoting.</summary>
    public string ToText() =>
        Number is { } n ? n.ToString(CultureInfo.InvariantCulture)
        : Time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
        : Text ?? "";
}

/// <summary>Receives the rows of an export one at a time (CSV or XLSX).</summary>
public interface IExportSink : IAsyncDisposable
{
    Task WriteHeaderAsync(IReadOnlyList<string> columns, CancellationToken cancellationToken);

    Task WriteRowAsync(IReadOnlyList<ExportCell> cells, CancellationToken cancellationToken);

    /// <summary>Writes what is buffered and closes the file; the stream stays open.</summary>
    Task CompleteAsync(CancellationToken cancellationToken);
}
