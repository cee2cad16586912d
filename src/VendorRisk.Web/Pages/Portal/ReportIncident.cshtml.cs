using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Portal;
using VendorRisk.Web.Forms;
using VendorRisk.Web.Pages.Shared;

namespace VendorRisk.Web.Pages.Portal;

/// <summary>
/// A vendor contact reports an incident to one organisation, for their own vendor only: the membership in the URL must be the
/// signed-in user's active vendor-contact membership of the route's tenant (404 otherwise), and the AI systems offered are that vendor's
/// (<see cref="PortalOperations.ReportIncidentAsync"/>).
/// </summary>
[Authorize]
public sealed class ReportIncidentModel(PortalQueries portal, PortalOperations operations, TimeProvider clock) : PageModel
{
    [BindProperty] public IncidentForm Input { get; set; } = new();
    public PortalMembership Membership { get; private set; } = null!;
    public IReadOnlyList<(Guid Id, string Name)> Systems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid membershipId, CancellationToken cancellationToken) =>
        await EnterAsync(membershipId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid membershipId, CancellationToken cancellationToken)
    {
        if (!await EnterAsync(membershipId, cancellationToken)) return NotFound();
        Input.Check(ModelState, "Input.", clock.GetUtcNow());
        // The systems are checked even when the form is not complete, so every message shows at once.
        if (Input.AiSystemIds.Any(id => !Systems.Any(s => s.Id == id)))
            ModelState.AddModelError("Input.AiSystemIds", PortalOperations.OwnSystemsMessage);
        if (!ModelState.IsValid) return Page();
        var reported = await operations.ReportIncidentAsync(membershipId, Input.ToReport, Input.AiSystemIds, cancellationToken);
        if (!reported.Succeeded) return this.Failure(reported) ?? Page();
        TempData["Status"] = $"Your incident report was sent to {reported.Value!.TenantName}.";
        return Redirect($"/t/{reported.Value.Slug}/portal/incidents");
    }

    private async Task<bool> EnterAsync(Guid membershipId, CancellationToken cancellationToken)
    {
        if (await portal.IncidentFormAsync(membershipId, cancellationToken) is not { } form) return false;
        (Membership, Systems) = (form.Membership, form.Systems);
        return true;
    }
}
