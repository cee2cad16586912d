using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Contracts;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Contracts;

/// <summary>The tenant's contracts, or one vendor's (<c>?vendorId=</c>). Any internal member reads; managers create.</summary>
public sealed class IndexModel(AppDbContext db, TenantContext tenant, TimeProvider clock, IAuthorizationService authorization) : PageModel
{
    public sealed record Row(Guid Id, string Title, string? Reference, Guid VendorId, string VendorName, DateOnly StartsOn, DateOnly? EndsOn,
        int? NoticePeriodDays, string? OwnerName, int OpenObligations, DateOnly? NextDue);

    public IReadOnlyList<Row> Contracts { get; private set; } = [];
    public Guid? VendorId { get; private set; }
    public string? VendorName { get; private set; }
    public bool CanManage { get; private set; }
    public string Slug => tenant.Slug!;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<IActionResult> OnGetAsync(Guid? vendorId, CancellationToken cancellationToken)
    {
        if (vendorId is { } id)
        {
            VendorName = await db.Vendors.Where(v => v.Id == id).Select(v => v.LegalName).SingleOrDefaultAsync(cancellationToken);
            if (VendorName is null) return NotFound();
            VendorId = id;
        }
        var open = db.Set<ObligationOccurrence>().Where(o => o.Status == OccurrenceStatus.Open);
        Contracts = await db.Set<Contract>()
            .Where(c => vendorId == null || c.VendorId == vendorId)
            .Join(db.Vendors, c => c.VendorId, v => v.Id, (c, v) => new { c, v.LegalName })
            .OrderBy(x => x.LegalName).ThenBy(x => x.c.StartsOn)
            .Select(x => new Row(x.c.Id, x.c.Title, x.c.Reference, x.c.VendorId, x.LegalName, x.c.StartsOn, x.c.EndsOn, x.c.NoticePeriodDays,
                db.Users.Where(u => u.Id == x.c.OwnerUserId).Select(u => u.DisplayName).FirstOrDefault(),
                db.Set<Obligation>().Count(o => o.ContractId == x.c.Id),
                open.Where(o => db.Set<Obligation>().Any(ob => ob.Id == o.ObligationId && ob.ContractId == x.c.Id))
                    .OrderBy(o => o.DueOn).Select(o => (DateOnly?)o.DueOn).FirstOrDefault()))
            .ToListAsync(cancellationToken);
        CanManage = await ContractAccess.MayManageAsync(authorization, User);
        return Page();
    }
}
