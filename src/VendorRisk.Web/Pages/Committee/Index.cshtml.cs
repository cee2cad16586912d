using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Reviews;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Application.Reviews;
using VendorRisk.Web.Authorization;

namespace VendorRisk.Web.Pages.Committee;

/// <summary>The committee queue: open votes (and whether I voted), then the latest closed ones with their outcome.</summary>
[Authorize(Policy = Policies.Committee)]
public sealed class IndexModel(AppDbContext db, TenantContext tenant) : PageModel
{
    public sealed record VoteRow(Guid Id, string AssessmentTitle, string VendorName, DateTimeOffset? DueAt, string? Outcome, bool Voted, bool Requester);

    public IReadOnlyList<VoteRow> Votes { get; private set; } = [];
    public string Slug => tenant.Slug!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var me = tenant.UserId!.Value;
        Votes = await (from t in db.Set<WorkflowTask>().AsNoTracking()
                       join i in db.Set<WorkflowInstance>() on t.InstanceId equals i.Id
                       join a in db.Assessments on t.AssessmentId equals a.Id
                       join v in db.Vendors on a.VendorId equals v.Id
                       where t.Kind == WorkflowRunner.KindVote
                       orderby t.Outcome == null descending, t.CreatedAt descending
                       select new VoteRow(t.Id, a.Title, v.LegalName, t.DueAt, t.Outcome,
                           db.Set<WorkflowVote>().Any(x => x.WorkflowTaskId == t.Id && x.VoterUserId == me), i.RequesterUserId == me))
            .Take(100).ToListAsync(cancellationToken);
    }
}
