using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.RiskProfile;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.RiskProfile;

/// <summary>
/// A vendor's risk on one page (see <see cref="RiskProfileView"/>). Read-only, for internal members (folder policy, auditors
/// included); another tenant's vendor is not found.
/// </summary>
public sealed class IndexModel(RiskProfileQueries profiles) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "timelinePage")]
    public int TimelinePage { get; set; } = 1;

    public RiskProfileView Profile { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        var profile = await profiles.ProfileAsync(id, TimelinePage, cancellationToken);
        if (!profile.Succeeded) return this.Failure(profile) ?? NotFound();
        Profile = profile.Value!;
        return Page();
    }
}
