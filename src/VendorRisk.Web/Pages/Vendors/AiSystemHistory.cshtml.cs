using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Vendors;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Vendors;

/// <summary>Every revision of one AI system, newest first, with what changed and whether it was material.</summary>
public sealed class AiSystemHistoryModel(VendorQueries vendors) : PageModel
{
    public string SystemName { get; private set; } = "";
    public string VendorName { get; private set; } = "";
    public Guid VendorId { get; private set; }
    public IReadOnlyList<AiSystemRevisionRow> Revisions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid vendorId, Guid id, CancellationToken cancellationToken)
    {
        var history = await vendors.AiSystemHistoryAsync(vendorId, id, cancellationToken);
        if (!history.Succeeded) return this.Failure(history) ?? NotFound();
        (SystemName, VendorName, VendorId, Revisions) = (history.Value!.SystemName, history.Value.VendorName, history.Value.VendorId, history.Value.Revisions);
        return Page();
    }
}
