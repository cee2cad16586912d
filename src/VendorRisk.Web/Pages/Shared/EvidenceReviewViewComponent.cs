using Microsoft.AspNetCore.Mvc;
using VendorRisk.Application.Evidence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Shared;

/// <summary>
/// The evidence documents of one assessment for its reviewers (<c>_EvidenceReview.cshtml</c>): each file a link to its audited download, its
/// kind, dates, issuer, scope, validity and review status, and (for reviewers and tenant admins) accept and reject inline. The forms post to
/// <c>/t/{tenant}/evidence/review/{record}</c> and come back to the page that rendered this.
/// </summary>
public sealed class EvidenceReviewViewComponent(EvidenceQueries evidence, TenantContext tenant) : ViewComponent
{
    /// <param name="ForVendor">The documents of a vendor record (<see cref="EvidenceQueries.ForVendorAsync"/>) rather than of one assessment.</param>
    public sealed record Model(string Slug, AssessmentEvidence Evidence, string ReturnUrl, bool ForVendor = false);

    public async Task<IViewComponentResult> InvokeAsync(Guid assessmentId)
    {
        var found = await evidence.ForAssessmentAsync(assessmentId, HttpContext.RequestAborted);
        if (!found.Succeeded) return Content("");
        return View("/Pages/Shared/_EvidenceReview.cshtml", new Model(tenant.Slug!, found.Value!, HttpContext.Request.Path.Value ?? "/"));
    }
}
