using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Vendors;
using VendorRisk.Domain.Vendors;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Vendors;

/// <summary>
/// Concentration: which foundation-model providers and subprocessors our vendors depend on, most shared first,
/// so a single provider behind many vendors stands out.
/// </summary>
public sealed class FourthPartiesModel(VendorQueries vendors) : PageModel
{
    public IReadOnlyList<FourthParty> Providers { get; private set; } = [];
    public IReadOnlyList<FourthParty> Subprocessors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var parties = await vendors.FourthPartiesAsync(cancellationToken);
        if (!parties.Succeeded) return this.Failure(parties) ?? NotFound();
        Providers = parties.Value!.Where(p => p.Kind == DependencyKind.FoundationModelProvider).ToList();
        Subprocessors = parties.Value!.Where(p => p.Kind == DependencyKind.Subprocessor).ToList();
        return Page();
    }
}
