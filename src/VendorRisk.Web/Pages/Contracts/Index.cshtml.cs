using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Contracts;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Contracts;

/// <summary>The tenant's contracts, or one vendor's (<c>?vendorId=</c>). Any internal member reads; managers create.</summary>
public sealed class IndexModel(ContractQueries contracts, TenantContext tenant, TimeProvider clock) : PageModel
{
    public IReadOnlyList<ContractRowDto> Contracts { get; private set; } = [];
    public Guid? VendorId { get; private set; }
    public string? VendorName { get; private set; }
    public bool CanManage { get; private set; }
    public string Slug => tenant.Slug!;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<IActionResult> OnGetAsync(Guid? vendorId, CancellationToken cancellationToken)
    {
        var list = await contracts.ListAsync(vendorId, cancellationToken);
        if (!list.Succeeded) return this.Failure(list) ?? NotFound();
        (Contracts, VendorId, VendorName, CanManage) = (list.Value!.Contracts, list.Value.VendorId, list.Value.VendorName, list.Value.CanManage);
        return Page();
    }
}
