using Microsoft.AspNetCore.Mvc;
using VendorRisk.Application.Reassessments;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Shared;

/// <summary>The vendor page's "Reassessment and incidents" section: next due date, open proposals, recent incidents.</summary>
public sealed class VendorReassessmentViewComponent(ReassessmentQueries reassessments, TenantContext tenant) : ViewComponent
{
    public sealed record Model(string Slug, Guid VendorId, Domain.Reassessments.ReassessmentSchedule? Schedule, IReadOnlyList<VendorProposalDto> Proposals,
        IReadOnlyList<VendorIncidentDto> Incidents);

    public async Task<IViewComponentResult> InvokeAsync(Guid vendorId)
    {
        var section = await reassessments.VendorSectionAsync(vendorId, HttpContext.RequestAborted);
        var s = section.Value ?? new VendorReassessmentDto(null, [], []);
        return View("/Pages/Shared/_VendorReassessment.cshtml", new Model(tenant.Slug!, vendorId, s.Schedule, s.Proposals, s.Incidents));
    }
}
