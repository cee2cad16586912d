using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;

namespace VendorRisk.Web.Pages.Vendors;

[Authorize(Policy = Policies.ManageVendors)]
public sealed class CreateModel(AppDbContext db, AuditLog audit, TimeProvider clock, TenantContext tenant) : PageModel
{
    [BindProperty]
    public VendorInput Input { get; set; } = new();

    public IReadOnlyList<IndexModel.Owner> Owners { get; private set; } = [];

    public async Task OnGetAsync() => Owners = await VendorOwners.ListAsync(db);

    public async Task<IActionResult> OnPostAsync()
    {
        Owners = await VendorOwners.ListAsync(db);
        if (Input.BusinessOwnerUserId is { } owner && Owners.All(o => o.Id != owner))
            ModelState.AddModelError("Input.BusinessOwnerUserId", "Choose an owner from this organisation.");
        if (!ModelState.IsValid) return Page();
        if (await db.Vendors.AnyAsync(v => v.LegalName == Input.LegalName.Trim()))
        {
            ModelState.AddModelError("Input.LegalName", "A vendor with this legal name already exists.");
            return Page();
        }

        Vendor vendor;
        try
        {
            vendor = Vendor.Create(Input.LegalName, Input.Website, Input.CountryCode, Input.Description, clock.GetUtcNow());
            vendor.AssignOwnership(Input.BusinessOwnerUserId, Input.Criticality);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }
        db.Vendors.Add(vendor);
        audit.Record("vendor.created", nameof(Vendor), vendor.Id, new { vendor.LegalName, vendor.Country, vendor.Criticality });
        await db.SaveChangesAsync();
        TempData["Status"] = $"{vendor.LegalName} was added.";
        return Redirect($"/t/{tenant.Slug}/vendors/details/{vendor.Id}");
    }
}
