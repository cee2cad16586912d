using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Incidents;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Incidents;

/// <summary>The tenant's incidents, newest first, optionally for one vendor; and where to report a new one.</summary>
public sealed class IndexModel(IncidentQueries incidents, TenantContext tenant) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid? VendorId { get; set; }
    public IReadOnlyList<IncidentRowDto> Incidents { get; private set; } = [];
    public IReadOnlyList<(Guid Id, string Name)> Vendors { get; private set; } = [];
    public bool CanReport { get; private set; }
    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var list = await incidents.ListAsync(VendorId, cancellationToken);
        if (!list.Succeeded) return this.Failure(list) ?? NotFound();
        (Incidents, Vendors, CanReport) = (list.Value!.Incidents, list.Value.Vendors.Select(v => (v.Id, v.Name)).ToList(), list.Value.CanReport);
        return Page();
    }
}
