using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Contracts;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Obligations;

/// <summary>
/// The signed-in member's calendar feed address: create (or rotate, which revokes the old address) and revoke. The
/// address is shown once, right after it is made; only the token's hash is kept.
/// </summary>
public sealed class CalendarModel(ObligationOperations operations, ObligationQueries obligations, TenantContext tenant) : PageModel
{
    private const string SecretKey = "CalendarFeedUrl";

    public DateTimeOffset? ActiveSince { get; private set; }
    /// <summary>The new address, only on the page view right after creating it.</summary>
    public string? NewUrl { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        NewUrl = TempData[SecretKey] as string;
        ActiveSince = await obligations.CalendarFeedSinceAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var created = await operations.CreateCalendarFeedAsync(cancellationToken);
        if (!created.Succeeded) return this.Failure(created) ?? Forbid();
        TempData[SecretKey] = created.Value.Url;
        TempData["Status"] = created.Value.Rotated ? "A new address was made; the old one no longer works." : "Your calendar address was made.";
        return Redirect($"/t/{tenant.Slug}/obligations/calendar");
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken cancellationToken)
    {
        var revoked = await operations.RevokeCalendarFeedAsync(cancellationToken);
        if (!revoked.Succeeded) return this.Failure(revoked) ?? Forbid();
        TempData["Status"] = revoked.Value > 0 ? "Your calendar address was revoked; calendars that use it stop updating." : "You had no calendar address.";
        return Redirect($"/t/{tenant.Slug}/obligations/calendar");
    }
}
