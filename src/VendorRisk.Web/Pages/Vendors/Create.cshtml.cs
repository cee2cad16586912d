using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Vendors;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Vendors;

[Authorize(Policy = Policies.ManageVendors)]
public sealed class CreateModel(VendorOperations operations, VendorQueries vendors, TenantContext tenant) : PageModel
{
    [BindProperty]
    public VendorInput Input { get; set; } = new();

    public IReadOnlyList<OwnerChoice> Owners { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Owners = await vendors.OwnersAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var onboarded = await operations.OnboardAsync(Input.ToDetails(), cancellationToken);
        if (!onboarded.Succeeded)
        {
            Owners = await vendors.OwnersAsync(cancellationToken);
            return this.Failure(onboarded) ?? Page();
        }
        TempData["Status"] = $"{Input.LegalName?.Trim()} was added.";
        return Redirect($"/t/{tenant.Slug}/vendors/details/{onboarded.Value}");
    }
}
