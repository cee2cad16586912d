using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.AuditTrail;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Ops;

/// <summary>
/// Every audit chain verified for operators (<see cref="AuditChainQueries"/>): the platform chain (sign-ins, resets, operators'
/// actions), each tenant's, and any chain only its checkpoints still know; the first bad event of each, never an event's content.
/// </summary>
public sealed class AuditModel(AuditChainQueries chains) : PageModel
{
    public IReadOnlyList<AuditChainReport> Chains { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var read = await chains.ForOperatorAsync(cancellationToken);
        if (!read.Succeeded) return this.Failure(read) ?? Forbid();
        Chains = read.Value!;
        return Page();
    }
}
