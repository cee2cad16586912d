using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Web.Pages.Vendors;

public sealed class IndexModel(AppDbContext db) : PageModel
{
    public sealed record Row(Guid Id, string LegalName, string? Country, VendorStatus Status, string? Description);

    public IReadOnlyList<Row> Vendors { get; private set; } = [];

    public async Task OnGetAsync() =>
        Vendors = await db.Vendors.OrderBy(v => v.LegalName)
            .Select(v => new Row(v.Id, v.LegalName, v.Country, v.Status, v.Description))
            .ToListAsync();
}
