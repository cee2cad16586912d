using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Incidents;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Reassessments;

/// <summary>The vendor page's "Reassessment and incidents" section: next due date, open proposals, recent incidents.</summary>
public sealed class VendorReassessmentViewComponent(AppDbContext db, TenantContext tenant) : ViewComponent
{
    public sealed record ProposalRow(Guid Id, ProposalTrigger Trigger, string Reason, DateTimeOffset CreatedAt);
    public sealed record IncidentRow(Guid Id, string Title, IncidentType Type, IncidentStatus Status, DateTimeOffset ReportedAt);
    public sealed record Model(string Slug, Guid VendorId, ReassessmentSchedule? Schedule, IReadOnlyList<ProposalRow> Proposals,
        IReadOnlyList<IncidentRow> Incidents);

    public async Task<IViewComponentResult> InvokeAsync(Guid vendorId)
    {
        var schedule = await db.ReassessmentSchedules.AsNoTracking().SingleOrDefaultAsync(s => s.VendorId == vendorId);
        var proposals = await db.ReviewProposals.AsNoTracking().Where(p => p.VendorId == vendorId && p.Status == ProposalStatus.Open)
            .OrderBy(p => p.CreatedAt).Select(p => new ProposalRow(p.Id, p.Trigger, p.Reason, p.CreatedAt)).ToListAsync();
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.VendorId == vendorId)
            .OrderByDescending(i => i.ReportedAt).Take(5).Select(i => new IncidentRow(i.Id, i.Title, i.Type, i.Status, i.ReportedAt)).ToListAsync();
        return View("/Pages/Reassessments/_VendorReassessment.cshtml", new Model(tenant.Slug!, vendorId, schedule, proposals, incidents));
    }
}
