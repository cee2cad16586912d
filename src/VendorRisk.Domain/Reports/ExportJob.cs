using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;

namespace VendorRisk.Domain.Reports;

/// <summary>What an export lists.</summary>
public enum ExportKind
{
    Vendors,
    /// <summary>The questionnaire engine's findings of each vendor's latest submitted assessment.</summary>
    Findings,
    /// <summary>Decided assessments: outcome, residual risk, date, committee votes.</summary>
    Decisions,
    /// <summary>Contract obligations, one row per due date (occurrence): vendor, contract, status, overdue.</summary>
    Obligations,
}

public enum ExportFormat
{
    Csv,
    Xlsx,
}

public enum ExportJobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// <summary>
/// A long export prepared in the background for the member who asked for it: its progress, and once done the file
/// (in file storage under <see cref="StorageKey"/>) or the reason it failed. Only the requester downloads it.
/// </summary>
public sealed class ExportJob : ITenantOwned
{
    public const int FileNameMaxLength = 200;
    public const int ErrorMaxLength = 1000;

    private ExportJob() { }

    public Guid Id { get; private set; }
    public Guid TenantId { get; private set; }
    public Guid RequestedByUserId { get; private set; }
    public ExportKind Kind { get; private set; }
    public ExportFormat Format { get; private set; }
    public ExportJobStatus Status { get; private set; }
    /// <summary>0 to 100.</summary>
    public int ProgressPercent { get; private set; }
    public int? RowCount { get; private set; }
    public string? StorageKey { get; private set; }
    public string? FileName { get; private set; }
    public long? Length { get; private set; }
    public string? Error { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }

    public bool IsFinished => Status is ExportJobStatus.Succeeded or ExportJobStatus.Failed;

    public static ExportJob Create(Guid requestedBy, ExportKind kind, ExportFormat format, DateTimeOffset now)
    {
        if (!Enum.IsDefined(kind)) throw new DomainException("Choose what to export.");
        if (!Enum.IsDefined(format)) throw new DomainException("Choose CSV or Excel.");
        return new ExportJob
        {
            Id = Ids.New(), RequestedByUserId = requestedBy, Kind = kind, Format = format, Status = ExportJobStatus.Queued, CreatedAt = now,
        };
    }

    /// <summary>The job (re)starts: a retry after a crash begins again from nothing.</summary>
    public void Start(DateTimeOffset now)
    {
        if (IsFinished) throw new DomainException($"This export has already {(Status == ExportJobStatus.Succeeded ? "finished" : "failed")}.");
        Status = ExportJobStatus.Running;
        ProgressPercent = 0;
        StartedAt = now;
    }

    public void ReportProgress(int percent)
    {
        if (Status != ExportJobStatus.Running) throw new DomainException("Only a running export reports progress.");
        ProgressPercent = Math.Clamp(percent, ProgressPercent, 99);
    }

    public void Succeed(string storageKey, string fileName, long length, int rowCount, DateTimeOffset now)
    {
        if (Status != ExportJobStatus.Running) throw new DomainException("Only a running export can finish.");
        if (string.IsNullOrWhiteSpace(storageKey) || string.IsNullOrWhiteSpace(fileName) || fileName.Length > FileNameMaxLength)
            throw new DomainException("A finished export needs its stored file.");
        Status = ExportJobStatus.Succeeded;
        ProgressPercent = 100;
        StorageKey = storageKey;
        FileName = fileName;
        Length = length;
        RowCount = rowCount;
        FinishedAt = now;
    }

    public void Fail(string error, DateTimeOffset now)
    {
        if (IsFinished) throw new DomainException("This export has already finished.");
        Status = ExportJobStatus.Failed;
        Error = error.Length > ErrorMaxLength ? error[..ErrorMaxLength] : error;
        FinishedAt = now;
    }
}
