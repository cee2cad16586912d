using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Vendors;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Vendors;

[Authorize(Policy = Policies.ManageVendors)]
public sealed class EditModel(VendorOperations operations, VendorQueries vendors, TenantContext tenant) : PageModel
{
    [BindProperty] public VendorInput Input { get; set; } = new();
    /// <summary>The version the person started editing; a newer one in the database means a conflict.</summary>
    [BindProperty] public int Version { get; set; }
    public Guid Id { get; private set; }
    public IReadOnlyList<OwnerChoice> Owners { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var vendor = await vendors.FindAsync(id, cancellationToken);
        if (!vendor.Succeeded) return this.Failure(vendor) ?? NotFound();
        (Id, Version, Input) = (id, vendor.Value!.Version, VendorInput.From(vendor.Value));
        Owners = await vendors.OwnersAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        Id = id;
        var saved = await operations.UpdateAsync(id, Input.ToDetails(), Version, cancellationToken);
        if (saved.Succeeded)
        {
            TempData["Status"] = "The vendor was saved.";
            return Redirect($"/t/{tenant.Slug}/vendors/details/{id}");
        }
        if (saved.Status == OutcomeStatus.Conflict && (await vendors.FindAsync(id, cancellationToken)).Value is { } current)
        {
            // The person's changes stay in the form; the version moves on so that saving again overwrites knowingly.
            Version = current.Version;
            ModelState.Remove(nameof(Version));
            ModelState.AddModelError(string.Empty, saved.Message + " Your changes are still in the form.");
        }
        else if (this.Failure(saved) is { } result)
        {
            return result;
        }
        Owners = await vendors.OwnersAsync(cancellationToken);
        return Page();
    }
}
