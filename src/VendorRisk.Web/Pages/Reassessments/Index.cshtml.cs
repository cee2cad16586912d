using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Reassessments;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Application.Reassessments;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Reassessments;

/// <summary>The tenant's open review proposals and the reassessments coming due (any internal member may read).</summary>
public sealed class IndexModel(AppDbContext db, TenantContext tenant, TimeProvider clock) : PageModel
{
    public sealed record ProposalRow(Guid Id, Guid VendorId, string VendorName, ProposalTrigger Trigger, string Reason, DateTimeOffset CreatedAt);
    public sealed record DueRow(Guid VendorId, string VendorName, DateOnly DueOn, DateOnly ActsOn, bool ByAcceptance, string Tier);

    public IReadOnlyList<ProposalRow> Proposals { get; private set; } = [];
    public IReadOnlyList<DueRow> Upcoming { get; private set; } = [];
    public ReassessmentMode Mode { get; private set; }
    public bool IsAdmin => tenant.HasAnyRole(Domain.Tenancy.TenantRoles.TenantAdmin);
    public string Slug => tenant.Slug!;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task OnGetAsync()
    {
        var policy = await ReassessmentScheduling.PolicyAsync(db);
        Mode = policy.Mode;
        Proposals = await db.ReviewProposals.AsNoTracking().Where(p => p.Status == ProposalStatus.Open)
            .OrderBy(p => p.CreatedAt).Take(500)
            .Join(db.Vendors, p => p.VendorId, v => v.Id, (p, v) => new ProposalRow(p.Id, v.Id, v.LegalName, p.Trigger, p.Reason, p.CreatedAt))
            .ToListAsync();
        Proposals = Proposals.OrderBy(p => p.CreatedAt).ToList();
        var schedules = await db.ReassessmentSchedules.AsNoTracking()
            .Join(db.Vendors, s => s.VendorId, v => v.Id, (s, v) => new { s.VendorId, v.LegalName, s.DueOn, s.AcceptanceExpiresOn, s.CadenceDueOn, s.Tier })
            .OrderBy(s => s.DueOn).Take(200).ToListAsync();
        Upcoming = schedules.Select(s => new DueRow(s.VendorId, s.LegalName, s.DueOn, policy.ActsOn(s.DueOn),
            s.AcceptanceExpiresOn is { } e && e < s.CadenceDueOn, s.Tier.ToString())).ToList();
    }
}
