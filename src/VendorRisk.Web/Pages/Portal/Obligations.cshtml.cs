using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Portal;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Portal;

/// <summary>
/// Contract obligations that wait for the vendor's evidence in the organisation of the route. Uploading evidence meets the
/// occurrence and schedules the next one (<see cref="PortalOperations.SendObligationEvidenceAsync"/>). Everything is reached through
/// the contact's own vendor-contact membership of that organisation: another vendor's or organisation's occurrence is "not found".
/// </summary>
[Authorize]
[EvidenceUploadSizeLimit]
public sealed class ObligationsModel(PortalQueries portal, PortalOperations operations, TimeProvider clock) : PageModel
{
    public IReadOnlyList<PortalObligations> Organisations { get; private set; } = [];
    public Dictionary<Guid, string> Errors { get; } = [];
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task OnGetAsync(CancellationToken cancellationToken) => Organisations = await portal.ObligationsAsync(cancellationToken);

    /// <summary>Multipart: occurrenceId (query), file.</summary>
    public async Task<IActionResult> OnPostUploadAsync(Guid occurrenceId, IFormFile? file, CancellationToken cancellationToken)
    {
        var sent = await operations.SendObligationEvidenceAsync(occurrenceId, file, cancellationToken);
        if (sent.Status == OutcomeStatus.NotFound) return NotFound();
        if (!sent.Succeeded)
        {
            Errors[occurrenceId] = sent.Message!;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            Organisations = await portal.ObligationsAsync(cancellationToken);
            return Page();
        }
        TempData["Status"] = $"Thank you: {sent.Value!.What} was sent to {sent.Value.TenantName}.";
        return Redirect($"/t/{sent.Value.Slug}/portal/obligations");
    }
}
