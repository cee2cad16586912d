using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Incidents;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Portal;

/// <summary>
/// A vendor contact's incident reports, per organisation, read only through the user's own vendor-contact memberships: the
/// incidents of that membership's vendor in that tenant.
/// </summary>
[Authorize]
public sealed class IncidentsModel(AppDbContext db, TenantContext tenant) : PageModel
{
    public sealed record Row(Guid Id, string Title, IncidentType Type, IncidentStatus Status, DateTimeOffset DetectedAt, DateTimeOffset ReportedAt,
        bool Late, int HoursLate, int WindowHours);

    public sealed record Organisation(Guid MembershipId, string TenantName, string VendorName, IReadOnlyList<Row> Incidents);

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (PortalAccess.UserIdOf(User) is not { } userId) return;
        var groups = new List<Organisation>();
        foreach (var membership in await new PortalAccess(db, tenant).MembershipsAsync(userId, cancellationToken))
        {
            var incidents = await db.Incidents.IgnoreQueryFilters().AsNoTracking()
                .Where(i => i.TenantId == membership.TenantId && i.VendorId == membership.VendorId)
                .OrderByDescending(i => i.ReportedAt).Take(200).ToListAsync(cancellationToken);
            groups.Add(new Organisation(membership.MembershipId, membership.TenantName, membership.VendorName, incidents
                .Select(i => new Row(i.Id, i.Title, i.Type, i.Status, i.DetectedAt, i.ReportedAt, i.ReportedLate, i.HoursLate, i.NotificationWindowHours))
                .ToList()));
        }
        Organisations = groups;
    }
}
