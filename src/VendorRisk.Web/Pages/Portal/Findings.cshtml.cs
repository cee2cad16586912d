using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Portal;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Portal;

/// <summary>
/// The findings a tenant's reviewers assigned to the vendor on one assessment, and the vendor's answer to each: a
/// remediation plan and a target date. Only findings owned by the vendor are shown, only to a contact of that
/// assessment (<see cref="PortalQueries.FindingsAsync"/>); anything else is a 404. An answer
/// (<see cref="PortalOperations.ProposeRemediationAsync"/>) e-mails the finding's internal owner.
/// </summary>
[Authorize]
public sealed class FindingsModel(PortalQueries portal, PortalOperations operations, TimeProvider clock) : PageModel
{
    public PortalGrant Grant { get; private set; } = null!;
    public IReadOnlyList<PortalFindingRow> Findings { get; private set; } = [];
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    [BindProperty] public AnswerInput Input { get; set; } = new();

    public sealed class AnswerInput
    {
        public Guid FindingId { get; set; }
        public string? Plan { get; set; }
        public DateOnly? TargetOn { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid assessmentId, CancellationToken cancellationToken) =>
        await LoadAsync(assessmentId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid) return await LoadAsync(assessmentId, cancellationToken) ? Page() : NotFound();
        var sent = await operations.ProposeRemediationAsync(assessmentId, Input.FindingId, Input.Plan, Input.TargetOn, Input.Version, cancellationToken);
        if (sent.Succeeded)
        {
            TempData["Status"] = $"Your remediation plan for \"{sent.Value!.FindingTitle}\" was sent to {sent.Value.TenantName}.";
            return Redirect($"/t/{sent.Value.Slug}/portal/findings/{assessmentId}");
        }
        if (sent.Status == OutcomeStatus.NotFound || !await LoadAsync(assessmentId, cancellationToken)) return NotFound();
        if (sent.Status == OutcomeStatus.Conflict)
        {
            // The form keeps the text and now carries the finding's current version, so sending it again overwrites knowingly.
            if (Findings.SingleOrDefault(f => f.Id == Input.FindingId) is not { } current) return NotFound();
            ModelState.Remove("Input.Version");
            Input.Version = current.Version;
        }
        return this.Failure(sent) ?? Page();
    }

    private async Task<bool> LoadAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        if (await portal.FindingsAsync(assessmentId, cancellationToken) is not { } findings) return false;
        (Grant, Findings) = (findings.Grant, findings.Rows);
        return true;
    }
}
