using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Findings;
using VendorRisk.Application.Reviews;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Findings;

/// <summary>An assessment's findings with their treatments, owners, due dates and the vendor's remediation answers.
/// Reviewers and auditors read; only a reviewer who may act on the review gets the add and edit links.</summary>
[Authorize(Policy = Policies.Internal)]
public sealed class IndexModel(FindingQueries findings, TenantContext tenant, TimeProvider clock) : PageModel
{
    public FindingScope Scope { get; private set; } = null!;
    public IReadOnlyList<FindingRow> Findings { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Questions { get; private set; } = new Dictionary<string, string>();
    public string Slug => tenant.Slug!;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<IActionResult> OnGetAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        var list = await findings.ListAsync(assessmentId, cancellationToken);
        if (!list.Succeeded) return this.Refusal(list);
        (Scope, Findings, Questions) = (list.Value!.Scope, list.Value.Findings, list.Value.Questions);
        return Page();
    }
}
