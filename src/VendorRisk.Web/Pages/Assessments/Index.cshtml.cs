using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Assessments;
using VendorRisk.Domain.Assessments;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Assessments;

/// <summary>The tenant's assessments, filterable by status and vendor; overdue ones are marked.</summary>
public sealed class IndexModel(AssessmentQueries assessments, TenantContext tenant) : PageModel
{
    [BindProperty(SupportsGet = true)] public AssessmentStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? VendorId { get; set; }
    /// <summary>Only overdue ones (<see cref="AssessmentQueries.IsOverdue"/>); the dashboard's overdue count links here.</summary>
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }

    public IReadOnlyList<AssessmentRow> Rows { get; private set; } = [];
    public IReadOnlyList<VendorOption> Vendors { get; private set; } = [];
    public string Slug => tenant.Slug!;
    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var list = await assessments.ListAsync(new AssessmentFilter(Status, VendorId, Overdue), cancellationToken);
        if (!list.Succeeded) return this.Failure(list) ?? NotFound();
        (Rows, Vendors, Today) = (list.Value!.Rows, list.Value.Vendors, list.Value.Today);
        return Page();
    }
}
