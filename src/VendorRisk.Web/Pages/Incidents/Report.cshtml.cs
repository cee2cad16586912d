using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Application.Incidents;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Incidents;

/// <summary>An internal user reports an incident at one of the tenant's vendors. Auditors read only.</summary>
public sealed class ReportModel(AppDbContext db, TenantContext tenant, IncidentReporting reporting, EmailOutbox outbox, TimeProvider clock) : PageModel
{
    public const TenantRoles ReportRoles = TenantRoles.TenantAdmin | TenantRoles.VendorManager | TenantRoles.Reviewer | TenantRoles.CommitteeMember;

    [BindProperty(SupportsGet = true)] public Guid VendorId { get; set; }
    [BindProperty] public IncidentForm Input { get; set; } = new();
    public string VendorName { get; private set; } = "";
    public IReadOnlyList<(Guid Id, string Name)> Systems { get; private set; } = [];
    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync()
    {
        if (!await LoadAsync()) return NotFound();
        return tenant.HasAnyRole(ReportRoles) ? Page() : Forbid();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync()) return NotFound();
        if (!tenant.HasAnyRole(ReportRoles)) return Forbid();
        var now = clock.GetUtcNow();
        Input.Check(ModelState, "Input.", now);
        var systems = await reporting.VendorSystemsAsync(VendorId, Input.AiSystemIds, cancellationToken);
        if (systems is null) ModelState.AddModelError("Input.AiSystemIds", "Choose among this vendor's AI systems.");
        if (!ModelState.IsValid) return Page();

        Domain.Incidents.Incident incident;
        try
        {
            incident = await reporting.ReportAsync(VendorId, Input.ToReport(systems!), tenant.UserId!.Value, byVendor: false, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }
        outbox.NudgeDelivery();
        TempData["Status"] = "The incident was recorded; the vendor's owner and the tenant admins were notified.";
        return Redirect($"/t/{Slug}/incidents/details/{incident.Id}");
    }

    private async Task<bool> LoadAsync()
    {
        VendorName = await db.Vendors.Where(v => v.Id == VendorId).Select(v => v.LegalName).SingleOrDefaultAsync() ?? "";
        if (VendorName.Length == 0) return false;
        Systems = (await db.AiSystems.Where(s => s.VendorId == VendorId).OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync())
            .Select(s => (s.Id, s.Name)).ToList();
        return true;
    }
}
