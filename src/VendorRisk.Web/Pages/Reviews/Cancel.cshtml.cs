using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Application.Reviews;
using VendorRisk.Web.Authorization;

namespace VendorRisk.Web.Pages.Reviews;

/// <summary>
/// Cancels a running review with a reason (tenant admins and vendor managers): every open task closes, timers are
/// cancelled, the instance ends as cancelled and so does its assessment; one step, journalled and audited. A
/// cancelled review accepts no more input.
/// </summary>
[Authorize(Policy = Policies.ManageVendors)]
public sealed class CancelModel(AppDbContext db, TenantContext tenant, WorkflowRunner runner) : PageModel
{
    public sealed record OpenTask(string Title, string Kind, DateTimeOffset? DueAt);

    public WorkflowInstance Instance { get; private set; } = null!;
    public string AssessmentTitle { get; private set; } = "";
    public IReadOnlyList<OpenTask> OpenTasks { get; private set; } = [];
    public bool IsFinished => Instance.Status is "completed" or "cancelled" or "faulted";
    public string Slug => tenant.Slug!;

    [BindProperty] public CancelInput Input { get; set; } = new();

    public sealed class CancelInput
    {
        [Required(ErrorMessage = "Give a reason for cancelling the review.")]
        [StringLength(500, ErrorMessage = "Use at most {1} characters.")]
        public string Reason { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        if (IsFinished)
        {
            ModelState.AddModelError("", $"This review has already finished ({Instance.Status}); there is nothing to cancel.");
            return Page();
        }

        if (!ModelState.IsValid) return Page();
        var me = tenant.UserId!.Value;
        var result = await runner.HandleAsync(id, new WorkflowCancelled(me.ToString(), Input.Reason.Trim()), me, cancellationToken: cancellationToken);
        if (result.Status != StepStatus.Applied)
        {
            await LoadAsync(id, cancellationToken);
            ModelState.AddModelError("", "The review was not cancelled: " + result.Message + ".");
            return Page();
        }

        TempData["Status"] = "The review was cancelled. Its open tasks are closed and the assessment is cancelled.";
        return Redirect($"/t/{Slug}/reviews/instance/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var instance = await db.Set<WorkflowInstance>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (instance is null) return false;
        Instance = instance;
        AssessmentTitle = await db.Assessments.Where(a => a.Id == instance.AssessmentId).Select(a => a.Title).SingleAsync(cancellationToken);
        OpenTasks = await db.Set<WorkflowTask>().AsNoTracking().Where(t => t.InstanceId == id && t.Outcome == null).OrderBy(t => t.CreatedAt)
            .Select(t => new OpenTask(t.Title, t.Kind, t.DueAt)).ToListAsync(cancellationToken);
        return true;
    }
}
