using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Web.Pages.Portal;

/// <summary>
/// A vendor contact's home across every organisation that invited them. It reads across tenants, so it
/// selects only through the user's own vendor-contact memberships.
/// </summary>
[Authorize]
public sealed class IndexModel(AppDbContext db) : PageModel
{
    public sealed record Organisation(string Slug, string TenantName, string VendorName);

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var userId = Guid.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        Organisations = await db.Memberships.IgnoreQueryFilters()
            .Where(m => m.UserId == userId && !m.IsDisabled && m.Roles == TenantRoles.VendorContact)
            .Join(db.Tenants, m => m.TenantId, t => t.Id, (m, t) => new { m, t })
            .Join(db.Vendors.IgnoreQueryFilters(), x => x.m.VendorId, v => v.Id,
                (x, v) => new { x.t.Slug, x.t.Name, v.LegalName })
            .OrderBy(o => o.Name)
            .Select(o => new Organisation(o.Slug, o.Name, o.LegalName))
            .ToListAsync();
    }
}
