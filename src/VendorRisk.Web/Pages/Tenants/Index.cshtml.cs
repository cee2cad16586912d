using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Web.Shell;
using VendorRisk.Application.Tenancy;

namespace VendorRisk.Web.Pages.Tenants;

/// <summary>The tenant chooser; someone with a single internal membership goes straight to it.</summary>
public sealed class IndexModel(ShellModel shell) : PageModel
{
    public IReadOnlyList<MembershipLink> Memberships { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        Memberships = await shell.MembershipsAsync();
        if (Memberships is [var only])
            return Redirect(only.Roles == TenantRoles.VendorContact ? "/portal" : $"/t/{only.Slug}/dashboard");
        return Page();
    }
}
