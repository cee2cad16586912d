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
public sealed class EditModel(AppDbContext db, AuditLog audit, TenantContext tenant) : PageModel
{
    [BindProperty] public VendorInput Input { get; set; } = new();
    /// <summary>The version the person started editing; a newer one in the database means a conflict.</summary>
    [BindProperty] public int Version { get; set; }
    public Guid Id { get; private set; }
    public IReadOnlyList<IndexModel.Owner> Owners { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        var vendor = await db.Vendors.AsNoTracking().SingleOrDefaultAsync(v => v.Id == id);
        if (vendor is null) return NotFound();
        Id = id;
        Version = vendor.Version;
        Input = new VendorInput
        {
            LegalName = vendor.LegalName, Website = vendor.Website, Country = vendor.Country, Description = vendor.Description,
            BusinessOwnerUserId = vendor.BusinessOwnerUserId, Criticality = vendor.Criticality,
        };
        Owners = await VendorOwners.ListAsync(db);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        Id = id;
        var vendor = await db.Vendors.SingleOrDefaultAsync(v => v.Id == id);
        if (vendor is null) return NotFound();
        Owners = await VendorOwners.ListAsync(db);
        if (Input.BusinessOwnerUserId is { } owner && Owners.All(o => o.Id != owner))
            ModelState.AddModelError("Input.BusinessOwnerUserId", "Choose an owner from this organisation.");
        if (ModelState.IsValid && await db.Vendors.AnyAsync(v => v.Id != id && v.LegalName == Input.LegalName.Trim()))
            ModelState.AddModelError("Input.LegalName", "Another vendor has this legal name.");
        if (!ModelState.IsValid) return Page();

        var before = new { vendor.LegalName, vendor.Website, vendor.Country, vendor.Description, vendor.BusinessOwnerUserId, vendor.Criticality };
        try
        {
            vendor.UpdateDetails(Input.LegalName, Input.Website, Input.CountryCode, Input.Description);
            vendor.AssignOwnership(Input.BusinessOwnerUserId, Input.Criticality);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }
        db.Entry(vendor).Property(v => v.Version).OriginalValue = Version;
        audit.Record("vendor.updated", nameof(Vendor), vendor.Id, new
        {
            before,
            after = new { vendor.LegalName, vendor.Website, vendor.Country, vendor.Description, vendor.BusinessOwnerUserId, vendor.Criticality },
        });
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Vendors.AsNoTracking().SingleAsync(v => v.Id == id);
            Version = current.Version;
            ModelState.Remove(nameof(Version));
            ModelState.AddModelError(string.Empty,
                $"Someone else saved this vendor while you were editing (legal name now \"{current.LegalName}\"). " +
                "Your changes are still in the form: check them against the current details and save again.");
            return Page();
        }
        TempData["Status"] = "The vendor was saved.";
        return Redirect($"/t/{tenant.Slug}/vendors/details/{id}");
    }
}
