using VendorRisk.Application.Common;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Reports;

namespace VendorRisk.Application.Reports;

/// <summary>A rendered report, ready to download.</summary>
public sealed record ReportFile(byte[] Content, string FileName, string ContentType);

/// <summary>
/// Reports for internal members of the tenant, auditors included (vendor contacts never). Another tenant's assessment is not
/// found (query filters). Each download is audited: taking a report away is an event of the audit trail.
/// </summary>
public sealed class ReportQueries(AssessmentReportLoader loader, AppDbContext db, AuditLog audit, Access access)
{
    public const string AssessmentDownloadedAction = "report.assessment-downloaded";

    public static readonly RolePermission Read = new("reports.read", TenantRolesExtensions.Internal);

    /// <summary>The assessment report as a PDF, generated for <paramref name="generatedBy"/> (its footer), with the download audited.</summary>
    public async Task<Outcome<ReportFile>> AssessmentPdfAsync(Guid assessmentId, string generatedBy, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var report = await loader.LoadAsync(assessmentId, generatedBy, cancellationToken);
        if (report is null) return Fail.NotFound("There is no such assessment.");
        var pdf = AssessmentPdfRenderer.Render(report);
        var fileName = AssessmentPdfRenderer.FileName(report);
        audit.Record(AssessmentDownloadedAction, nameof(Assessment), assessmentId, new { fileName, bytes = pdf.Length });
        await db.SaveChangesAsync(cancellationToken);
        return new ReportFile(pdf, fileName, "application/pdf");
    }
}
