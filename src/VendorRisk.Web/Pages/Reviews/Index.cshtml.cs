using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Application.Reviews;
using VendorRisk.Web.Authorization;

namespace VendorRisk.Web.Pages.Reviews;

/// <summary>The reviewer inbox: my open tasks, my role pool's unassigned tasks, and submitted assessments waiting for a review to start.</summary>
[Authorize(Policy = Policies.Review)]
public sealed class IndexModel(AppDbContext db, TenantContext tenant, TimeProvider clock, WorkflowRunner runner) : PageModel
{
    public sealed record TaskRow(Guid Id, Guid InstanceId, string AssessmentTitle, string VendorName, string Title, DateTimeOffset? DueAt,
        bool Mine, bool Escalated);
    public sealed record WaitingRow(Guid AssessmentId, string Title, string VendorName, DateTimeOffset? SubmittedAt);

    public IReadOnlyList<TaskRow> Tasks { get; private set; } = [];
    public IReadOnlyList<WaitingRow> Waiting { get; private set; } = [];
    public DateTimeOffset Now => clock.GetUtcNow();
    public string Slug => tenant.Slug!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var me = tenant.UserId!.Value;
        var open = await (from t in db.Set<WorkflowTask>().AsNoTracking()
                          join i in db.Set<WorkflowInstance>() on t.InstanceId equals i.Id
                          join a in db.Assessments on t.AssessmentId equals a.Id
                          join v in db.Vendors on a.VendorId equals v.Id
                          where t.Outcome == null && t.Kind == WorkflowRunner.KindHumanTask && i.RequesterUserId != me
                          orderby t.DueAt
                          select new { t.Id, t.InstanceId, a.Title, v.LegalName, TaskTitle = t.Title, t.DueAt, t.AssigneeUserId, t.AssigneeRole, t.EscalatedToRole })
            .ToListAsync(cancellationToken);
        var profile = await ReviewAccess.LoadProfileAsync(db, tenant, cancellationToken);
        Tasks = [.. open
            .Where(t => t.AssigneeUserId == me
                || (t.AssigneeUserId is null && ReviewAccess.InPool(tenant, profile, t.AssigneeRole))
                || (t.EscalatedToRole is not null && ReviewAccess.InPool(tenant, profile, t.EscalatedToRole)))
            .Select(t => new TaskRow(t.Id, t.InstanceId, t.Title, t.LegalName, t.TaskTitle, t.DueAt, t.AssigneeUserId == me, t.EscalatedToRole is not null))];

        Waiting = await (from a in db.Assessments.AsNoTracking()
                         join v in db.Vendors on a.VendorId equals v.Id
                         where a.Status == AssessmentStatus.Submitted && !db.Set<WorkflowInstance>().Any(i => i.AssessmentId == a.Id)
                         orderby a.SubmittedAt
                         select new WaitingRow(a.Id, a.Title, v.LegalName, a.SubmittedAt)).ToListAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostStartAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        if (!await db.Assessments.AnyAsync(a => a.Id == assessmentId, cancellationToken)) return NotFound();
        var result = await runner.StartForAssessmentAsync(assessmentId, cancellationToken: cancellationToken);
        TempData["Status"] = result.Status switch
        {
            Domain.Workflows.Runtime.StepStatus.Applied => "The review has started.",
            _ => result.Message ?? "The review could not start.",
        };
        return result.InstanceId is { } id ? Redirect($"/t/{Slug}/reviews/instance/{id}") : Redirect($"/t/{Slug}/reviews");
    }
}
