using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Reviews;
using VendorRisk.Domain.Workflows;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Reviews;

/// <summary>
/// Moves a running review to a newer published version of its definition (tenant admins only, never automatic;
/// <see cref="ReviewOperations.MigrateAsync"/>): the admin maps each activity the review waits in to a compatible waiting activity of
/// the new version (pre-filled where the ids match). A stale form (the review moved on) changes nothing.
/// </summary>
[Authorize(Policy = Policies.TenantAdmin)]
public sealed class MigrateModel(ReviewQueries reviews, ReviewOperations operations, TenantContext tenant) : PageModel
{
    public sealed record WaitingRow(string ActivityId, string Description, IReadOnlyList<WorkflowActivity> Candidates);

    public ReviewInstanceInfo Instance { get; private set; } = null!;
    public string AssessmentTitle { get; private set; } = "";
    public WorkflowDefinition From { get; private set; } = null!;
    public WorkflowDefinition? Target { get; private set; }
    public IReadOnlyList<WorkflowDefinition> Versions { get; private set; } = [];
    public IReadOnlyList<WaitingRow> Waiting { get; private set; } = [];
    public bool IsFinished => ReviewQueries.IsFinished(Instance);
    public string Slug => tenant.Slug!;

    [BindProperty] public MigrateInput Input { get; set; } = new();

    public sealed class MigrateInput
    {
        public int TargetVersion { get; set; }
        /// <summary>The instance version the admin saw (concurrency check).</summary>
        public int InstanceVersion { get; set; }
        /// <summary>Waiting activity id of the current version to activity id of the target version.</summary>
        public Dictionary<string, string> Mapping { get; set; } = new(StringComparer.Ordinal);
    }

    public static string MappingField(string activityId) => "Input." + ReviewOperations.MappingField(activityId);

    public async Task<IActionResult> OnGetAsync(Guid id, int? version, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, version, cancellationToken) is { } problem) return problem;
        Input = new MigrateInput
        {
            TargetVersion = Target?.Version ?? 0,
            InstanceVersion = Instance.Version,
            Mapping = Target is null ? new(StringComparer.Ordinal)
                : new(WorkflowMigration.SuggestedMapping(From, Target, WorkflowStateJson.Deserialize(Instance.StateJson)), StringComparer.Ordinal),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, Input.TargetVersion, cancellationToken) is { } missing) return missing;
        var target = Target;
        var moved = await operations.MigrateAsync(id, Input.TargetVersion, Input.Mapping, Input.InstanceVersion, cancellationToken);
        if (moved.Succeeded)
        {
            TempData["Status"] = $"The review now follows {target!.Name} v{target.Version}.";
            return Redirect($"/t/{Slug}/reviews/instance/{id}");
        }
        if (moved.Status is OutcomeStatus.NotFound or OutcomeStatus.Forbidden) return this.Refusal(moved);
        var invalidTarget = moved.Errors.Any(e => e.Field == nameof(MigrateInput.TargetVersion));
        // A bad target: show the form for the latest version beside the message.
        if (await LoadAsync(id, invalidTarget ? null : Input.TargetVersion, cancellationToken) is { } problem) return problem;
        if (moved.Status == OutcomeStatus.Conflict)
        {
            // Show the review as it is now; a new submission is checked against this state.
            ModelState.Remove("Input.InstanceVersion");
            Input.InstanceVersion = Instance.Version;
            Response.StatusCode = StatusCodes.Status409Conflict;
        }
        this.Failure(moved);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid id, int? version, CancellationToken cancellationToken)
    {
        var view = await reviews.MigrationAsync(id, version, cancellationToken);
        if (!view.Succeeded) return this.Refusal(view);
        var v = view.Value!;
        (Instance, AssessmentTitle, From, Target, Versions) = (v.Instance, v.AssessmentTitle, v.From, v.Target, v.Versions);
        Waiting = [.. v.Waiting.Select(w => new WaitingRow(w.ActivityId, InstanceModel.Describe(w.Activity), w.Candidates))];
        return null;
    }
}
