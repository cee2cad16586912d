using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Application.Findings;

namespace VendorRisk.Web.Pages.Dashboard;

/// <summary>
/// The review findings still open (open or remediation proposed) after their treatment due date, across the portfolio, oldest
/// due first; the dashboard's overdue-findings count links here. Readable by whoever may read findings (reviewers, auditors).
/// </summary>
public sealed class OverdueFindingsModel(AppDbContext db, TenantContext tenant, TimeProvider clock) : PageModel
{
    public const int Shown = 200;

    public sealed record Row(Guid Id, Guid AssessmentId, string AssessmentTitle, Guid VendorId, string VendorName, FindingSeverity Severity,
        string Title, FindingStatus Status, FindingOwnerKind OwnerKind, DateOnly DueOn);

    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public DateOnly Today { get; private set; }
    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!ReadFindings.Allows(tenant)) return StatusCode(StatusCodes.Status403Forbidden);
        var today = Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var overdue =
            from f in db.ReviewFindings
            where (f.Status == FindingStatus.Open || f.Status == FindingStatus.RemediationProposed) && f.DueOn < today
            join a in db.Assessments on f.AssessmentId equals a.Id
            join v in db.Vendors on a.VendorId equals v.Id
            select new { f, a, v };
        Total = await overdue.CountAsync(cancellationToken);
        Rows = await overdue
            .OrderBy(x => x.f.DueOn).ThenByDescending(x => x.f.Severity).ThenBy(x => x.v.LegalName)
            .Take(Shown)
            .Select(x => new Row(x.f.Id, x.a.Id, x.a.Title, x.v.Id, x.v.LegalName, x.f.Severity, x.f.Title, x.f.Status, x.f.OwnerKind, x.f.DueOn))
            .ToListAsync(cancellationToken);
        return Page();
    }
}
