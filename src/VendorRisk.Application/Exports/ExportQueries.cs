using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Reports;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Exports;

/// <summary>A background export in the requester's list.</summary>
public sealed record ExportJobRow(Guid Id, ExportKind Kind, ExportFormat Format, ExportJobStatus Status, int Progress, DateTimeOffset CreatedAt, int? Rows);

/// <summary>One background export with its progress and, once done, its file.</summary>
public sealed record ExportJobView(Guid Id, ExportKind Kind, ExportFormat Format, ExportJobStatus Status, int Progress, int? Rows, string? FileName,
    long? Length, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt)
{
    public bool IsFinished => Status is ExportJobStatus.Succeeded or ExportJobStatus.Failed;
}

/// <summary>
/// The background exports of the member acting: only the member who asked for an export sees it; anyone else, and any other
/// tenant, finds nothing.
/// </summary>
public sealed class ExportQueries(AppDbContext db, Access access)
{
    public const int RecentShown = 20;

    /// <summary>Internal members export (auditors included: taking data away is what they are for); vendor contacts never.</summary>
    public static readonly RolePermission Read = new("exports.read", TenantRolesExtensions.Internal);

    /// <summary>The member's latest background exports, newest first.</summary>
    public async Task<Outcome<IReadOnlyList<ExportJobRow>>> MineAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        if (access.Tenant.UserId is not { } me) return Fail.Forbidden();
        return await db.Set<ExportJob>().AsNoTracking().Where(j => j.RequestedByUserId == me)
            .OrderByDescending(j => j.CreatedAt).Take(RecentShown)
            .Select(j => new ExportJobRow(j.Id, j.Kind, j.Format, j.Status, j.ProgressPercent, j.CreatedAt, j.RowCount))
            .ToListAsync(cancellationToken);
    }

    /// <summary>One of the member's own background exports; not found for anyone else's.</summary>
    public async Task<Outcome<ExportJobView>> JobAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        if (access.Tenant.UserId is not { } me) return Fail.NotFound("There is no such export.");
        var job = await db.Set<ExportJob>().AsNoTracking().Where(j => j.Id == id && j.RequestedByUserId == me)
            .Select(j => new ExportJobView(j.Id, j.Kind, j.Format, j.Status, j.ProgressPercent, j.RowCount, j.FileName, j.Length, j.Error, j.CreatedAt,
                j.FinishedAt))
            .SingleOrDefaultAsync(cancellationToken);
        return job is null ? Fail.NotFound("There is no such export.") : job;
    }

    /// <summary>Words for an export kind and format, as pages show them.</summary>
    public static string Describe(ExportKind kind) => ExportBuilder.Title(kind);

    public static string Describe(ExportFormat format) => format == ExportFormat.Csv ? "CSV" : "Excel (XLSX)";
}
