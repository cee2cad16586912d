using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Workflows;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Application.Reviews;
using VendorRisk.Web.Authorization;

namespace VendorRisk.Web.Pages.Reviews;

/// <summary>
/// Extends an open review task's deadline by the SLA's period, with a reason, at most the definition's
/// <c>maxExtensions</c> times. The assignee (or whoever may decide the task) and members of the SLA's escalation role
/// may extend; never the requester. Old timers are cancelled and new ones scheduled in the same step.
/// </summary>
[Authorize(Policy = Policies.Internal)]
public sealed class ExtendModel(AppDbContext db, TenantContext tenant, WorkflowCatalog catalog, WorkflowRunner runner, TimeProvider clock) : PageModel
{
    public WorkflowTask Current { get; private set; } = null!;
    public string AssessmentTitle { get; private set; } = "";
    public SlaPolicy? Sla { get; private set; }
    public int ExtensionsUsed { get; private set; }
    public DateTimeOffset Now => clock.GetUtcNow();
    public string Slug => tenant.Slug!;
    public bool CanExtend => Current.IsOpen && Sla is not null && ExtensionsUsed < Sla.MaxExtensions;
    public DateTimeOffset? NewDueAt => Sla is null ? null : (Current.DueAt ?? Now).AddHours(Sla.DueInHours);

    [BindProperty] public ExtendInput Input { get; set; } = new();

    public sealed class ExtendInput
    {
        [Required(ErrorMessage = "Give a reason for the extension.")]
        [StringLength(500, ErrorMessage = "Use at most {1} characters.")]
        public string Reason { get; set; } = "";

        /// <summary>How many extensions the person saw: a resubmitted form does not extend twice.</summary>
        public int ExtensionsSeen { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid taskId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(taskId, cancellationToken) is { } problem) return problem;
        Input = new ExtendInput { ExtensionsSeen = ExtensionsUsed };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid taskId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(taskId, cancellationToken) is { } problem) return problem;
        if (!Current.IsOpen)
        {
            ModelState.AddModelError("", $"This task was already decided ({Current.Outcome}); its deadline no longer applies.");
            return Page();
        }

        if (Sla is null)
        {
            ModelState.AddModelError("", "This task has no deadline to extend.");
            return Page();
        }

        if (!ModelState.IsValid) return Page();
        var me = tenant.UserId!.Value;
        var result = await runner.HandleAsync(Current.InstanceId,
            new DeadlineExtended(Current.TaskId, me.ToString(), Input.Reason.Trim(), Input.ExtensionsSeen), me, cancellationToken: cancellationToken);
        switch (result.Status)
        {
            case StepStatus.Applied:
                var due = await db.Set<WorkflowTask>().AsNoTracking().Where(t => t.Id == Current.Id).Select(t => t.DueAt).SingleAsync(cancellationToken);
                TempData["Status"] = string.Create(CultureInfo.InvariantCulture, $"The deadline of \"{Current.Title}\" moved to {due:d MMM yyyy HH:mm} UTC.");
                return Redirect($"/t/{Slug}/reviews/instance/{Current.InstanceId}");
            case StepStatus.AlreadyDecided:
                TempData["Status"] = "Nothing changed: " + result.Message + ".";
                return Redirect($"/t/{Slug}/reviews/instance/{Current.InstanceId}");
            default:
                ModelState.AddModelError("", "The deadline was not extended: " + result.Message + ".");
                return Page();
        }
    }

    private async Task<IActionResult?> LoadAsync(Guid taskId, CancellationToken cancellationToken)
    {
        var task = await db.Set<WorkflowTask>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null || task.Kind != WorkflowRunner.KindHumanTask) return NotFound();
        var instance = await db.Set<WorkflowInstance>().AsNoTracking().SingleAsync(i => i.Id == task.InstanceId, cancellationToken);
        var definition = catalog.Find(instance.DefinitionId, instance.DefinitionVersion);
        Sla = (definition?.Activities.FirstOrDefault(a => a.Id == task.ActivityId) as AwaitDecisionActivity)?.Sla;
        var profile = await ReviewAccess.LoadProfileAsync(db, tenant, cancellationToken);
        if (!ReviewAccess.MayExtend(tenant, profile, task, instance.RequesterUserId, Sla)) return StatusCode(StatusCodes.Status403Forbidden);
        Current = task;
        ExtensionsUsed = WorkflowStateJson.Deserialize(instance.StateJson).Bookmarks.FirstOrDefault(b => b.Id == task.TaskId)?.Extensions ?? 0;
        AssessmentTitle = await db.Assessments.Where(a => a.Id == task.AssessmentId).Select(a => a.Title).SingleAsync(cancellationToken);
        return null;
    }
}
