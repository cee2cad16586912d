using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Committee;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Committee;

/// <summary>The committee queue: open votes (and whether I voted), then the latest closed ones with their outcome.</summary>
[Authorize(Policy = Policies.Committee)]
public sealed class IndexModel(CommitteeQueries committee, TenantContext tenant) : PageModel
{
    public IReadOnlyList<CommitteeVoteRow> Votes { get; private set; } = [];
    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var queue = await committee.QueueAsync(cancellationToken);
        if (!queue.Succeeded) return this.Refusal(queue);
        Votes = queue.Value!;
        return Page();
    }
}
