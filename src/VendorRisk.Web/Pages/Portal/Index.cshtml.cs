using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Portal;

namespace VendorRisk.Web.Pages.Portal;

/// <summary>
/// A vendor contact's home across every organisation that invited them: the one portal page outside a tenant. It reads each
/// organisation through the contact's own vendor-contact membership (<see cref="PortalQueries.HomeAsync"/>).
/// </summary>
[Authorize]
public sealed class IndexModel(PortalQueries portal) : PageModel
{
    public IReadOnlyList<PortalOrganisation> Organisations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(User.FindFirstValue(ClaimTypes.NameIdentifier), out var userId)) return;
        Organisations = await portal.HomeAsync(userId, cancellationToken);
    }
}
