using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Portal;

namespace VendorRisk.Web.Pages.Portal;

/// <summary>
/// A vendor contact's incident reports to the organisation of the route, read through the contact's own vendor-contact membership:
/// the incidents of that membership's vendor in that tenant (<see cref="PortalQueries.IncidentsAsync"/>).
/// </summary>
[Authorize]
public sealed class IncidentsModel(PortalQueries portal) : PageModel
{
    public IReadOnlyList<PortalIncidents> Organisations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Organisations = await portal.IncidentsAsync(cancellationToken);
}
