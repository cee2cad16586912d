using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Reassessments;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Reassessments;

/// <summary>The tenant's open review proposals and the reassessments coming due (any internal member may read).</summary>
public sealed class IndexModel(ReassessmentQueries reassessments, TenantContext tenant, TimeProvider clock) : PageModel
{
    public IReadOnlyList<ProposalRowDto> Proposals { get; private set; } = [];
    public IReadOnlyList<DueRowDto> Upcoming { get; private set; } = [];
    public ReassessmentMode Mode { get; private set; }
    public bool IsAdmin => tenant.HasAnyRole(Domain.Tenancy.TenantRoles.TenantAdmin);
    public string Slug => tenant.Slug!;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var overview = await reassessments.OverviewAsync(cancellationToken);
        if (!overview.Succeeded) return this.Failure(overview) ?? NotFound();
        (Proposals, Upcoming, Mode) = (overview.Value!.Proposals, overview.Value.Upcoming, overview.Value.Mode);
        return Page();
    }
}
