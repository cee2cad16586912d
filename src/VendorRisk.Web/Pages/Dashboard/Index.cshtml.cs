using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Dashboard;

public sealed class IndexModel(AppDbContext db, TenantContext tenant) : PageModel
{
    public string TenantName => tenant.TenantName ?? "";
    public string Slug => tenant.Slug ?? "";
    public string RoleNames => string.Join(", ", tenant.Roles.Each().Select(r => r.DisplayName()));
    public int VendorCount { get; private set; }
    public int MemberCount { get; private set; }

    public async Task OnGetAsync()
    {
        VendorCount = await db.Vendors.CountAsync();
        MemberCount = await db.Memberships.CountAsync(m => !m.IsDisabled);
    }
}
