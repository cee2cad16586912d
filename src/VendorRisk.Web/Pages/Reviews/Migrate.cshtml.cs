using System.Collections.Immutable;
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
/// Moves a running review to a newer published version of its definition (tenant admins only, never automatic): the
/// admin maps each activity the review waits in to a compatible waiting activity of the new version (pre-filled where
/// the ids match). One transaction, journalled and audited; a stale form (the review moved on) changes nothing.
/// </summary>
[Authorize(Policy = Policies.TenantAdmin)]
public sealed class MigrateModel(AppDbContext db, TenantContext tenant, WorkflowCatalog catalog, WorkflowRunner runner) : PageModel
{
    public sealed record WaitingRow(string ActivityId, string Description, IReadOnlyList<WorkflowActivity> Candidates);

    public WorkflowInstance Instance { get; private set; } = null!;
    public string AssessmentTitle { get; private set; } = "";
    public WorkflowDefinition From { get; private set; } = null!;
    public WorkflowDefinition? Target { get; private set; }
    public IReadOnlyList<WorkflowDefinition> Versions { get; private set; } = [];
    public IReadOnlyList<WaitingRow> Waiting { get; private set; } = [];
    public bool IsFinished => Instance.Status is "completed" or "cancelled" or "faulted";
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

    public static string MappingField(string activityId) => $"Input.Mapping[{activityId}]";

    public async Task<IActionResult> OnGetAsync(Guid id, int? version, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, version, cancellationToken)) return NotFound();
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
        if (!await LoadAsync(id, Input.TargetVersion, cancellationToken)) return NotFound();
        if (Target is null || Target.Version != Input.TargetVersion)
        {
            await LoadAsync(id, null, cancellationToken); // show the form for the latest version beside the message
            ModelState.AddModelError("Input.TargetVersion", "Choose one of the newer published versions.");
            return Page();
        }

        var mapping = (Input.Mapping ?? []).Where(m => !string.IsNullOrWhiteSpace(m.Value))
            .ToImmutableDictionary(m => m.Key, m => m.Value.Trim(), StringComparer.Ordinal);
        var problems = WorkflowMigration.Validate(From, Target, WorkflowStateJson.Deserialize(Instance.StateJson), mapping);
        foreach (var problem in problems)
        {
            ModelState.AddModelError(problem.ActivityId is { } activity && Waiting.Any(w => w.ActivityId == activity) ? MappingField(activity) : "",
                char.ToUpperInvariant(problem.Message[0]) + problem.Message[1..] + ".");
        }

        if (!ModelState.IsValid) return Page();
        var result = await runner.MigrateAsync(id, Target.Version, mapping, Input.InstanceVersion, tenant.UserId!.Value, cancellationToken);
        if (result.Status != StepStatus.Applied)
        {
            ModelState.AddModelError("", (result.Message ?? "The review was not moved.").TrimEnd('.') + ".");
            if (result.Status == StepStatus.AlreadyDecided)
            {
                // Show the review as it is now; a new submission is checked against this state.
                await LoadAsync(id, Input.TargetVersion, cancellationToken);
                ModelState.Remove("Input.InstanceVersion");
                Input.InstanceVersion = Instance.Version;
                Response.StatusCode = StatusCodes.Status409Conflict;
            }
            return Page();
        }

        TempData["Status"] = $"The review now follows {Target.Name} v{Target.Version}.";
        return Redirect($"/t/{Slug}/reviews/instance/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, int? version, CancellationToken cancellationToken)
    {
        var instance = await db.Set<WorkflowInstance>().AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (instance is null) return false;
        Instance = instance;
        AssessmentTitle = await db.Assessments.Where(a => a.Id == instance.AssessmentId).Select(a => a.Title).SingleAsync(cancellationToken);
        From = catalog.Find(instance.DefinitionId, instance.DefinitionVersion)
            ?? throw new InvalidOperationException($"Workflow {instance.DefinitionId} v{instance.DefinitionVersion} is not loaded.");
        Versions = [.. catalog.All.Where(d => d.Id == From.Id && d.Version > From.Version && d.Status == WorkflowDefinitionStatus.Published)
            .OrderByDescending(d => d.Version)];
        Target = version is { } v && v != 0 ? Versions.FirstOrDefault(d => d.Version == v) : Versions.Count > 0 ? Versions[0] : null;
        if (IsFinished || Target is null) return true;
        var state = WorkflowStateJson.Deserialize(instance.StateJson);
        Waiting = [.. WorkflowMigration.WaitingActivities(state)
            .Select(a => new WaitingRow(a, InstanceModel.Describe(From.Activity(a)), WorkflowMigration.Candidates(From, Target, a)))];
        return true;
    }
}
