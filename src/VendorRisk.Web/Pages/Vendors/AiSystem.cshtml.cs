using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Vendors;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Vendors;

/// <summary>Adds an AI system to a vendor or records a new revision of one (<see cref="VendorOperations.SaveAiSystemAsync"/>).</summary>
[Authorize(Policy = Policies.ManageVendors)]
public sealed class AiSystemModel(VendorQueries vendors, VendorOperations operations, TenantContext tenant) : PageModel
{
    [BindProperty] public AiSystemForm Input { get; set; } = new();
    [BindProperty] public int Version { get; set; }
    public string VendorName { get; private set; } = "";
    public Guid VendorId { get; private set; }
    public Guid? SystemId { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid vendorId, Guid? id, CancellationToken cancellationToken)
    {
        var form = await vendors.AiSystemFormAsync(vendorId, id, cancellationToken);
        if (!form.Succeeded) return this.Failure(form) ?? NotFound();
        (VendorId, VendorName, SystemId) = (form.Value!.VendorId, form.Value.VendorName, form.Value.SystemId);
        if (form.Value.Form is { } current) (Input, Version) = (current, form.Value.Version);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid vendorId, Guid? id, CancellationToken cancellationToken)
    {
        var form = await vendors.AiSystemFormAsync(vendorId, id, cancellationToken);
        if (!form.Succeeded) return this.Failure(form) ?? NotFound();
        (VendorId, VendorName, SystemId) = (form.Value!.VendorId, form.Value.VendorName, form.Value.SystemId);
        if (!ModelState.IsValid) return Page();
        var saved = await operations.SaveAiSystemAsync(vendorId, id, Input, Version, cancellationToken);
        if (!saved.Succeeded) return this.Failure(saved) ?? Page();
        TempData["Status"] = $"{saved.Value!.Name} was saved (revision {saved.Value.RevisionNumber}).";
        return Redirect($"/t/{tenant.Slug}/vendors/details/{vendorId}");
    }
}
