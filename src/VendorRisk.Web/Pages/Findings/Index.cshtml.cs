using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;

namespace VendorRisk.Web.Pages.Findings;

/// <summary>An assessment's findings with their treatments, owners, due dates and the vendor's remediation answers.
/// Reviewers and auditors read; only a reviewer who may act on the review gets the add and edit links.</summary>
[Authorize(Policy = Policies.Internal)]
public sealed class IndexModel(AppDbContext db, TenantContext tenant, TimeProvider clock) : PageModel
{
    public FindingScope Scope { get; private set; } = null!;
    public IReadOnlyList<FindingRow> Findings { get; private set; } = [];
    public IReadOnlyDictionary<string, string> Questions { get; private set; } = new Dictionary<string, string>();
    public string Slug => tenant.Slug!;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<IActionResult> OnGetAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        if (!FindingAccess.MayRead(tenant)) return StatusCode(StatusCodes.Status403Forbidden);
        if (await FindingAccess.LoadAsync(db, tenant, assessmentId, cancellationToken) is not { } scope) return NotFound();
        Scope = scope;
        Findings = await FindingRows.ForAssessmentAsync(db, assessmentId, scope.VendorName, cancellationToken: cancellationToken);
        Questions = (await FindingAccess.QuestionsAsync(db, tenant, scope, cancellationToken)).ToDictionary(q => q.Id, q => q.Text, StringComparer.Ordinal);
        return Page();
    }
}
