using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Dashboard;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Dashboard;

/// <summary>
/// The review findings still open (open or remediation proposed) after their treatment due date, across the portfolio, oldest
/// due first; the dashboard's overdue-findings count links here. Readable by whoever may read findings (reviewers, auditors).
/// </summary>
public sealed class OverdueFindingsModel(DashboardQueries dashboard, TenantContext tenant) : PageModel
{
    public const int Shown = DashboardQueries.OverdueFindingsShown;

    public IReadOnlyList<OverdueFindingRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public DateOnly Today { get; private set; }
    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var overdue = await dashboard.OverdueFindingsAsync(cancellationToken);
        // A member who may see the dashboard but not the findings gets a plain 403, as before, not the access-denied redirect.
        if (overdue.Status == OutcomeStatus.Forbidden) return StatusCode(StatusCodes.Status403Forbidden);
        if (!overdue.Succeeded) return this.Failure(overdue) ?? NotFound();
        (Rows, Total, Today) = (overdue.Value!.Rows, overdue.Value.Total, overdue.Value.Today);
        return Page();
    }
}
