using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Incidents;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Application.Portal;

namespace VendorRisk.Web.Pages.Portal;

/// <summary>
/// A vendor contact's incident reports to the organisation of the route, read through the contact's own vendor-contact membership:
/// the incidents of that membership's vendor in that tenant.
/// </summary>
[Authorize]
public sealed class IncidentsModel(AppDbContext db, PortalQueries portal) : PageModel
{
    public sealed record Row(Guid Id, string Title, IncidentType Type, IncidentStatus Status, DateTimeOffset DetectedAt, DateTimeOffset ReportedAt,
        bool Late, int HoursLate, int WindowHours);

    public sealed record Organisation(Guid MembershipId, string Slug, string TenantName, string VendorName, IReadOnlyList<Row> Incidents);

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var groups = new List<Organisation>();
        if (await portal.CurrentAsync(cancellationToken) is { } membership)
        {
            var incidents = await db.Incidents.AsNoTracking()
                .Where(i => i.VendorId == membership.VendorId)
                .OrderByDescending(i => i.ReportedAt).Take(200).ToListAsync(cancellationToken);
            groups.Add(new Organisation(membership.MembershipId, membership.Slug, membership.TenantName, membership.VendorName, incidents
                .Select(i => new Row(i.Id, i.Title, i.Type, i.Status, i.DetectedAt, i.ReportedAt, i.ReportedLate, i.HoursLate, i.NotificationWindowHours))
                .ToList()));
        }
        Organisations = groups;
    }
}
