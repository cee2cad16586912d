using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Incidents;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Application.Reassessments;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Incidents;

/// <summary>
/// One incident: what was reported and whether on time; its status moves forward (investigating, contained, closed: closing needs
/// the lessons learned); "start a review" proposes a review of the vendor to its owner. Every change is audited.
/// </summary>
public sealed class DetailsModel(AppDbContext db, TenantContext tenant, ReviewProposals proposals, EmailOutbox outbox, AuditLog audit,
    TimeProvider clock) : PageModel
{
    public const TenantRoles UpdateRoles = TenantRoles.TenantAdmin | TenantRoles.VendorManager | TenantRoles.Reviewer;

    public Incident Incident { get; private set; } = null!;
    public string VendorName { get; private set; } = "";
    public string ReportedBy { get; private set; } = "";
    public IReadOnlyList<string> Systems { get; private set; } = [];
    public Guid? ProposalId { get; private set; }
    [BindProperty] public string? LessonsLearned { get; set; }
    [BindProperty] public IncidentStatus? NextStatus { get; set; }
    [BindProperty] public int Version { get; set; }
    public bool CanUpdate => tenant.HasAnyRole(UpdateRoles);
    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id)) return NotFound();
        LessonsLearned = Incident.LessonsLearned;
        Version = Incident.Version;
        return Page();
    }

    public Task<IActionResult> OnPostStatusAsync(Guid id) =>
        ChangeAsync(id, "NextStatus", incident =>
        {
            if (NextStatus is not { } to) throw new DomainException("Choose a status.");
            var from = incident.Status;
            incident.MoveTo(to, clock.GetUtcNow());
            audit.Record("incident.status-changed", nameof(Incident), incident.Id, new { from = from.ToString(), to = to.ToString() });
            return Task.FromResult($"The incident is now {Incident.Describe(to)}.");
        });

    public Task<IActionResult> OnPostLessonsAsync(Guid id) =>
        ChangeAsync(id, "LessonsLearned", incident =>
        {
            incident.RecordLessonsLearned(LessonsLearned, clock.GetUtcNow());
            audit.Record("incident.lessons-recorded", nameof(Incident), incident.Id, new { lessons = incident.LessonsLearned });
            return Task.FromResult("The lessons learned were saved.");
        });

    public Task<IActionResult> OnPostStartReviewAsync(Guid id) =>
        ChangeAsync(id, string.Empty, async incident =>
        {
            var proposal = await proposals.ProposeAsync(incident.VendorId, ProposalTrigger.Incident, $"{incident.Id:N}", incident.Id,
                $"{Incident.Describe(incident.Type)} reported on {incident.ReportedAt:yyyy-MM-dd}: {incident.Title}.", HttpContext.RequestAborted);
            return proposal is null ? "A review was already proposed for this incident." : "A review was proposed to the vendor's owner.";
        });

    private async Task<IActionResult> ChangeAsync(Guid id, string field, Func<Incident, Task<string>> change)
    {
        var incident = await db.Incidents.SingleOrDefaultAsync(i => i.Id == id);
        if (incident is null) return NotFound();
        if (!CanUpdate) return Forbid();
        db.Entry(incident).Property(i => i.Version).OriginalValue = Version;
        string message;
        try
        {
            message = await change(incident);
            await db.SaveChangesAsync();
        }
        catch (DomainException e)
        {
            return await RefuseAsync(id, field, e.Message);
        }
        catch (DbUpdateException)
        {
            return await RefuseAsync(id, string.Empty, "Someone else changed this incident while you were looking at it. The page now shows the current state; please try again.");
        }
        outbox.NudgeDelivery();
        TempData["Status"] = message;
        return Redirect($"/t/{Slug}/incidents/details/{id}");
    }

    private async Task<IActionResult> RefuseAsync(Guid id, string field, string message)
    {
        db.ChangeTracker.Clear();
        var posted = LessonsLearned;
        if (!await LoadAsync(id)) return NotFound();
        LessonsLearned = posted;
        Version = Incident.Version;
        ModelState.AddModelError(field, message);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid id)
    {
        var incident = await db.Incidents.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id);
        if (incident is null) return false;
        Incident = incident;
        VendorName = await db.Vendors.Where(v => v.Id == incident.VendorId).Select(v => v.LegalName).SingleAsync();
        ReportedBy = await db.Users.Where(u => u.Id == incident.ReportedByUserId).Select(u => u.DisplayName + " (" + u.Email + ")").SingleOrDefaultAsync() ?? "Unknown";
        var ids = incident.AiSystemIds.ToList();
        Systems = await db.AiSystems.Where(s => ids.Contains(s.Id)).OrderBy(s => s.Name).Select(s => s.Name).ToListAsync();
        ProposalId = await db.ReviewProposals.Where(p => p.VendorId == incident.VendorId && p.Trigger == ProposalTrigger.Incident && p.SourceId == incident.Id)
            .Select(p => (Guid?)p.Id).FirstOrDefaultAsync();
        return true;
    }
}
