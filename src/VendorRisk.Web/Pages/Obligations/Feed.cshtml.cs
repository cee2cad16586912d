using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Contracts;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Obligations;

/// <summary>
/// A person's iCalendar feed of the open occurrences of the obligations they own. Calendar apps send no cookie, so
/// the secret in the address is the credential: only its hash is stored, it belongs to one member of this tenant, and
/// an unknown, revoked or foreign token, or a disabled member, is a plain 404.
/// </summary>
[AllowAnonymous]
public sealed class FeedModel(ObligationQueries obligations) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken)
    {
        if (RouteData.Values[Tenancy.TenantResolutionMiddleware.RouteKey] is not string slug) return NotFound();
        var feed = await obligations.CalendarFeedAsync(slug, token, cancellationToken);
        if (!feed.Succeeded) return this.Failure(feed) ?? NotFound();
        Response.Headers.CacheControl = "private, no-store";
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Response.Headers["X-Robots-Tag"] = "noindex";
        return Content(feed.Value!, ICalendarWriter.ContentType);
    }
}
