using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Reviews;
using VendorRisk.Domain.Workflows;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Reviews;

/// <summary>
/// Extends an open review task's deadline by the SLA's period, with a reason (<see cref="ReviewOperations.ExtendAsync"/>). The assignee
/// (or whoever may decide the task) and members of the SLA's escalation role may extend; never the requester.
/// </summary>
[Authorize(Policy = Policies.Internal)]
public sealed class ExtendModel(ReviewQueries reviews, ReviewOperations operations, TenantContext tenant, TimeProvider clock) : PageModel
{
    public ReviewTaskInfo Current { get; private set; } = null!;
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
        public string? Reason { get; set; } = "";

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
        var extended = await operations.ExtendAsync(taskId, Input.Reason, Input.ExtensionsSeen, cancellationToken);
        if (extended.Succeeded)
        {
            TempData["Status"] = extended.Value!.Message;
            return Redirect($"/t/{Slug}/reviews/instance/{extended.Value.InstanceId}");
        }
        if (extended.Status is OutcomeStatus.NotFound or OutcomeStatus.Forbidden) return this.Refusal(extended);
        if (await LoadAsync(taskId, cancellationToken) is { } problem) return problem;
        this.Failure(extended);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid taskId, CancellationToken cancellationToken)
    {
        var view = await reviews.DeadlineAsync(taskId, cancellationToken);
        if (!view.Succeeded) return this.Refusal(view);
        (Current, AssessmentTitle, Sla, ExtensionsUsed) = (view.Value!.Task, view.Value.AssessmentTitle, view.Value.Sla, view.Value.ExtensionsUsed);
        return null;
    }
}
