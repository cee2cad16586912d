using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Incidents;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Incidents;

/// <summary>The tenant's incidents, newest first, optionally for one vendor; and where to report a new one.</summary>
public sealed class IndexModel(AppDbContext db, TenantContext tenant) : PageModel
{
    public sealed record Row(Guid Id, Guid VendorId, string VendorName, string Title, IncidentType Type, IncidentStatus Status, DateTimeOffset ReportedAt,
        bool Late, int HoursLate, int WindowHours, bool ByVendor);

    [BindProperty(SupportsGet = true)] public Guid? VendorId { get; set; }
    public IReadOnlyList<Row> Incidents { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Vendors { get; private set; } = [];
    public bool CanReport => tenant.HasAnyRole(ReportModel.ReportRoles);
    public string Slug => tenant.Slug!;

    public async Task OnGetAsync()
    {
        Vendors = (await db.Vendors.OrderBy(v => v.LegalName).Select(v => new { v.Id, v.LegalName }).ToListAsync()).Select(v => (v.Id, v.LegalName)).ToList();
        var query = db.Incidents.AsNoTracking();
        if (VendorId is { } vendorId) query = query.Where(i => i.VendorId == vendorId);
        var rows = await query.OrderByDescending(i => i.ReportedAt).Take(500)
            .Join(db.Vendors, i => i.VendorId, v => v.Id, (i, v) => new { i, v.LegalName })
            .ToListAsync();
        Incidents = rows.OrderByDescending(x => x.i.ReportedAt).Select(x => new Row(x.i.Id, x.i.VendorId, x.LegalName, x.i.Title, x.i.Type, x.i.Status, x.i.ReportedAt, x.i.ReportedLate,
            x.i.HoursLate, x.i.NotificationWindowHours, x.i.ReportedByVendor)).ToList();
    }
}
