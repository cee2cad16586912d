using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Application.Portal;

namespace VendorRisk.Web.Pages.Portal;

/// <summary>
/// A vendor contact's home across every organisation that invited them. It reads across tenants, so it
/// selects only through the user's own vendor-contact memberships.
/// </summary>
[Authorize]
public sealed class IndexModel(AppDbContext db, TenantContext tenant, TimeProvider clock) : PageModel
{
    public sealed record Row(Guid Id, string Title, DateOnly DueOn, bool Overdue, AssessmentStatus Status, Progress Progress, bool CanAnswer);

    public sealed record Organisation(string Slug, string TenantName, string VendorName, IReadOnlyList<Row> Assessments);

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];
    /// <summary>Per assessment: findings assigned to the vendor that still wait for its remediation plan, and all of them.</summary>
    public Dictionary<Guid, (int Waiting, int Total)> Findings { get; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (PortalAccess.UserIdOf(User) is not { } userId) return;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var groups = new List<Organisation>();
        foreach (var (membership, assessments) in await new PortalAccess(db, tenant).AssessmentsAsync(userId, cancellationToken))
        {
            var ids = assessments.Select(a => a.Id).ToList();
            var answers = (await db.AssessmentAnswers.IgnoreQueryFilters().AsNoTracking()
                    .Where(a => a.TenantId == membership.TenantId && ids.Contains(a.AssessmentId))
                    .Select(a => new { a.AssessmentId, a.ItemId, a.ValueJson })
                    .ToListAsync(cancellationToken))
                .ToLookup(a => a.AssessmentId);
            var vendorFindings = await db.ReviewFindings.IgnoreQueryFilters().AsNoTracking()
                .Where(f => f.TenantId == membership.TenantId && ids.Contains(f.AssessmentId) && f.OwnerKind == Domain.Findings.FindingOwnerKind.Vendor)
                .Select(f => new { f.AssessmentId, f.Status }).ToListAsync(cancellationToken);
            foreach (var g in vendorFindings.GroupBy(f => f.AssessmentId))
                Findings[g.Key] = (g.Count(f => f.Status == Domain.Findings.FindingStatus.Open), g.Count());
            var rows = new List<Row>();
            foreach (var assessment in assessments)
            {
                var compiled = await AnswerSheet.CompileAsync(db, assessment, cancellationToken);
                var evaluation = AnswerSheet.EvaluateValues(compiled, answers[assessment.Id].Select(a => (a.ItemId, a.ValueJson)));
                var progress = AnswerSheet.ProgressOf(evaluation, compiled.Definition.AllItems());
                var open = assessment.Status is AssessmentStatus.Sent or AssessmentStatus.InProgress or AssessmentStatus.ClarificationRequested;
                rows.Add(new Row(assessment.Id, assessment.Title, assessment.DueOn, open && assessment.DueOn < today, assessment.Status, progress, open));
            }
            groups.Add(new Organisation(membership.Slug, membership.TenantName, membership.VendorName, rows));
        }
        Organisations = groups;
    }
}
