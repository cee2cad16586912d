using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Reviews;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Reviews;

/// <summary>
/// Cancels a running review with a reason (tenant admins and vendor managers; <see cref="ReviewOperations.CancelAsync"/>): every open
/// task closes, timers are cancelled, the instance ends as cancelled and so does its assessment; one step, journalled and audited.
/// </summary>
[Authorize(Policy = Policies.ManageVendors)]
public sealed class CancelModel(ReviewQueries reviews, ReviewOperations operations, TenantContext tenant) : PageModel
{
    public ReviewInstanceInfo Instance { get; private set; } = null!;
    public string AssessmentTitle { get; private set; } = "";
    public IReadOnlyList<ReviewCancellationView.OpenTask> OpenTasks { get; private set; } = [];
    public bool IsFinished => ReviewQueries.IsFinished(Instance);
    public string Slug => tenant.Slug!;

    [BindProperty] public CancelInput Input { get; set; } = new();

    public sealed class CancelInput
    {
        public string? Reason { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var cancelled = await operations.CancelAsync(id, Input.Reason, cancellationToken);
        if (cancelled.Succeeded)
        {
            TempData["Status"] = "The review was cancelled. Its open tasks are closed and the assessment is cancelled.";
            return Redirect($"/t/{Slug}/reviews/instance/{id}");
        }
        if (cancelled.Status is OutcomeStatus.NotFound or OutcomeStatus.Forbidden) return this.Refusal(cancelled);
        if (await LoadAsync(id, cancellationToken) is { } problem) return problem;
        this.Failure(cancelled);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var view = await reviews.CancellationAsync(id, cancellationToken);
        if (!view.Succeeded) return this.Refusal(view);
        (Instance, AssessmentTitle, OpenTasks) = (view.Value!.Instance, view.Value.AssessmentTitle, view.Value.OpenTasks);
        return null;
    }
}
