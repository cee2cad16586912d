using System.Globalization;

namespace VendorRisk.Infrastructure.Exports;

/// <summary>A cell of an export: text (neutralised on writing to CSV), a number, a UTC time or a calendar date.</summary>
public readonly record struct ExportCell(string? Text, decimal? Number, DateTimeOffset? Time, DateOnly? Date = null)
{
    public static ExportCell Of(string? text) => new(text, null, null);

    public static ExportCell Of(decimal? number) => new(null, number, null);

    public static ExportCell Of(DateTimeOffset? time) => new(null, null, time);

    public static ExportCell Of(DateOnly? date) => new(null, null, null, date);

    public static implicit operator ExportCell(string? text) => Of(text);

    public static implicit operator ExportCell(decimal? number) => Of(number);

    public static implicit operator ExportCell(int number) => Of(number);

    public static implicit operator ExportCell(DateTimeOffset? time) => Of(time);

    public static implicit operator ExportCell(DateOnly? date) => Of(date);

    public bool IsNumber => Number is not null;

    /// <summary>Whether the cell is a number, time or date, written by us in an invariant form (only text can carry a formula).</summary>
    public bool IsValue => Number is not null || Time is not null || Date is not null;

    /// <summary>The cell as a CSV field's content, before neutralising and quoting.</summary>
    public string ToText() =>
        Number is { } n ? n.ToString(CultureInfo.InvariantCulture)
        : Time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
        : Date is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
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
