using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Application.Incidents;
using VendorRisk.Application.Portal;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Pages.Incidents;

namespace VendorRisk.Web.Pages.Portal;

/// <summary>
/// A vendor contact reports an incident to one organisation, for their own vendor only: the membership in the URL must be the
/// signed-in user's active vendor-contact membership of the route's tenant (404 otherwise), and the AI systems offered are that vendor's.
/// </summary>
[Authorize]
public sealed class ReportIncidentModel(AppDbContext db, TenantContext tenant, PortalQueries portal, IncidentReporting reporting, EmailOutbox outbox, TimeProvider clock) : PageModel
{
    [BindProperty] public IncidentForm Input { get; set; } = new();
    public PortalMembership Membership { get; private set; } = null!;
    public IReadOnlyList<(Guid Id, string Name)> Systems { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid membershipId, CancellationToken cancellationToken) =>
        await EnterAsync(membershipId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid membershipId, CancellationToken cancellationToken)
    {
        if (!await EnterAsync(membershipId, cancellationToken)) return NotFound();
        Input.Check(ModelState, "Input.", clock.GetUtcNow());
        var systems = await reporting.VendorSystemsAsync(Membership.VendorId, Input.AiSystemIds, cancellationToken);
        if (systems is null) ModelState.AddModelError("Input.AiSystemIds", "Choose among your own AI systems.");
        if (!ModelState.IsValid) return Page();
        try
        {
            await reporting.ReportAsync(Membership.VendorId, Input.ToReport(systems!), tenant.UserId!.Value, byVendor: true, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }
        outbox.NudgeDelivery();
        TempData["Status"] = $"Your incident report was sent to {Membership.TenantName}.";
        return Redirect($"/t/{Membership.Slug}/portal/incidents");
    }

    private async Task<bool> EnterAsync(Guid membershipId, CancellationToken cancellationToken)
    {
        if (await portal.CurrentAsync(cancellationToken) is not { } membership || membership.MembershipId != membershipId) return false;
        Membership = membership;
        Systems = (await db.AiSystems.Where(s => s.VendorId == membership.VendorId).OrderBy(s => s.Name)
                .Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken))
            .Select(s => (s.Id, s.Name)).ToList();
        return true;
    }
}
