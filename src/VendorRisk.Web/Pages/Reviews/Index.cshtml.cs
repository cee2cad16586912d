using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Reviews;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Reviews;

/// <summary>The reviewer inbox: my open tasks, my role pool's unassigned tasks, and submitted assessments waiting for a review to start.</summary>
[Authorize(Policy = Policies.Review)]
public sealed class IndexModel(ReviewQueries reviews, ReviewOperations operations, TenantContext tenant, TimeProvider clock) : PageModel
{
    public IReadOnlyList<ReviewInbox.TaskRow> Tasks { get; private set; } = [];
    public IReadOnlyList<ReviewInbox.WaitingRow> Waiting { get; private set; } = [];
    public DateTimeOffset Now => clock.GetUtcNow();
    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var inbox = await reviews.InboxAsync(cancellationToken);
        if (!inbox.Succeeded) return this.Refusal(inbox);
        (Tasks, Waiting) = (inbox.Value!.Tasks, inbox.Value.Waiting);
        return Page();
    }

    public async Task<IActionResult> OnPostStartAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        var started = await operations.StartAsync(assessmentId, cancellationToken);
        if (!started.Succeeded) return this.Refusal(started);
        TempData["Status"] = started.Value!.Message;
        return started.Value.InstanceId is { } id ? Redirect($"/t/{Slug}/reviews/instance/{id}") : Redirect($"/t/{Slug}/reviews");
    }
}
