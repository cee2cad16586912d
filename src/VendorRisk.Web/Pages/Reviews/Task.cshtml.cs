using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
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
/// One review task: the assessment's summary and the decisions the current activity allows. Only the assignee (or a
/// pool member while unassigned, or the escalation role) may decide; never the requester. A submission carries an
/// idempotency key made on GET, so a double submit is answered "already decided" instead of acting twice.
/// </summary>
[Authorize(Policy = Policies.Internal)]
public sealed class TaskModel(AppDbContext db, TenantContext tenant, WorkflowCatalog catalog, WorkflowRunner runner, TimeProvider clock) : PageModel
{
    public const string ClarificationOutcome = "requestClarification";

    public WorkflowTask Current { get; private set; } = null!;
    public ReviewSummary Summary { get; private set; } = null!;
    public IReadOnlyList<string> Outcomes { get; private set; } = [];
    public string? Note { get; private set; }
    /// <summary>Outcomes after which the residual risk is set from the reviewer's rating.</summary>
    public IReadOnlySet<string> ResidualOutcomes { get; private set; } = new HashSet<string>();
    public string Slug => tenant.Slug!;
    public DateTimeOffset Now => clock.GetUtcNow();
    /// <summary>The findings reviewers raised on this assessment (Pages/Findings).</summary>
    public IReadOnlyList<VendorRisk.Application.Findings.FindingRow> RaisedFindings { get; private set; } = [];

    [BindProperty] public DecisionInput Input { get; set; } = new();

    public sealed class DecisionInput
    {
        [Required]
        [StringLength(100)]
        public string IdempotencyKey { get; set; } = "";
        [Required(ErrorMessage = "Choose a decision.")]
        [StringLength(60)]
        public string Outcome { get; set; } = "";
        [StringLength(4000, ErrorMessage = "Use at most {1} characters.")]
        public string? Comment { get; set; }
        public List<string> QuestionIds { get; set; } = [];
        [Range(1, 5, ErrorMessage = "Rate the likelihood from 1 to 5.")]
        public int? Likelihood { get; set; }
        [Range(1, 5, ErrorMessage = "Rate the impact from 1 to 5.")]
        public int? Impact { get; set; }
        [StringLength(2000, ErrorMessage = "Use at most {1} characters.")]
        public string? Rationale { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid taskId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(taskId, cancellationToken) is { } problem) return problem;
        Input = new DecisionInput { IdempotencyKey = Guid.NewGuid().ToString("N") };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid taskId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(taskId, cancellationToken) is { } problem) return problem;
        if (!Current.IsOpen)
        {
            TempData["Status"] = $"This task was already decided: {Current.Outcome}.";
            return Redirect($"/t/{Slug}/reviews");
        }
        if (!string.IsNullOrEmpty(Input.Outcome) && !Outcomes.Contains(Input.Outcome))
            ModelState.AddModelError("Input.Outcome", "Choose one of the decisions offered.");
        if (Input.Outcome == ClarificationOutcome)
        {
            var known = Summary.Answers.Select(a => a.ItemId).ToHashSet(StringComparer.Ordinal);
            if (Input.QuestionIds.Count == 0) ModelState.AddModelError("Input.QuestionIds", "Choose at least one question to reopen.");
            else if (Input.QuestionIds.Any(q => !known.Contains(q))) ModelState.AddModelError("Input.QuestionIds", "Choose questions of this assessment.");
            if (string.IsNullOrWhiteSpace(Input.Comment)) ModelState.AddModelError("Input.Comment", "Tell the vendor what to clarify.");
        }
        var residual = ResidualOutcomes.Contains(Input.Outcome);
        if (residual)
        {
            if (Input.Likelihood is null) ModelState.AddModelError("Input.Likelihood", "Rate the likelihood from 1 to 5.");
            if (Input.Impact is null) ModelState.AddModelError("Input.Impact", "Rate the impact from 1 to 5.");
            if (string.IsNullOrWhiteSpace(Input.Rationale)) ModelState.AddModelError("Input.Rationale", "Explain the residual risk rating.");
        }
        if (Input.Outcome == "reject" && string.IsNullOrWhiteSpace(Input.Comment))
            ModelState.AddModelError("Input.Comment", "Give the reason for the rejection.");
        if (!ModelState.IsValid) return Page();

        var definition = Definition();
        ImmutableDictionary<string, WorkflowValue>? variables = null;
        var comment = Input.Comment?.Trim();
        if (residual && ResidualVariable(definition) is { } name)
        {
            var level = Domain.Reviews.ResidualRisk.Level(Input.Likelihood!.Value, Input.Impact!.Value);
            variables = ImmutableDictionary<string, WorkflowValue>.Empty.Add(name, WorkflowValue.OfString(level));
            comment = $"{comment}{(string.IsNullOrEmpty(comment) ? "" : "\n")}Residual risk {level} (likelihood {Input.Likelihood} x impact {Input.Impact}): {Input.Rationale!.Trim()}";
        }

        var me = tenant.UserId!.Value;
        var result = await runner.HandleAsync(Current.InstanceId, new TaskCompleted(Current.TaskId, Input.Outcome, me.ToString(), Input.IdempotencyKey,
            comment, variables, Input.Outcome == ClarificationOutcome ? [.. Input.QuestionIds] : default,
            residual ? new ResidualRating(Input.Likelihood!.Value, Input.Impact!.Value) : null), me, cancellationToken: cancellationToken);
        switch (result.Status)
        {
            case StepStatus.Applied:
                TempData["Status"] = "Your decision was recorded.";
                return Redirect($"/t/{Slug}/reviews");
            case StepStatus.AlreadyDecided:
                TempData["Status"] = "This task was already decided (" + result.Message + ").";
                return Redirect($"/t/{Slug}/reviews");
            default:
                ModelState.AddModelError("", "The decision was not accepted: " + result.Message);
                return Page();
        }
    }

    private WorkflowDefinition Definition()
    {
        var instance = db.Set<WorkflowInstance>().Local.Single(i => i.Id == Current.InstanceId);
        return catalog.Find(instance.DefinitionId, instance.DefinitionVersion)!;
    }

    private static string? ResidualVariable(WorkflowDefinition definition) =>
        definition.Activities.OfType<SetResidualRiskActivity>().Select(a => a.From).FirstOrDefault(f => f is not null);

    private async Task<IActionResult?> LoadAsync(Guid taskId, CancellationToken cancellationToken)
    {
        var task = await db.Set<WorkflowTask>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null || task.Kind != WorkflowRunner.KindHumanTask) return NotFound();
        var instance = await db.Set<WorkflowInstance>().SingleAsync(i => i.Id == task.InstanceId, cancellationToken);
        var profile = await ReviewAccess.LoadProfileAsync(db, tenant, cancellationToken);
        if (!ReviewAccess.MayDecide(tenant, profile, task, instance.RequesterUserId)) return StatusCode(StatusCodes.Status403Forbidden);
        Current = task;
        Summary = (await ReviewSummaryReader.LoadAsync(db, task.AssessmentId, cancellationToken))!;
        RaisedFindings = await VendorRisk.Application.Findings.FindingRows.ForAssessmentAsync(db, task.AssessmentId, Summary.VendorName, cancellationToken: cancellationToken);
        var definition = catalog.Find(instance.DefinitionId, instance.DefinitionVersion)!;
        var activity = definition.Activity(task.ActivityId);
        Note = task.Note;
        Outcomes = [.. activity.Outcomes.Keys];
        ResidualOutcomes = activity.Outcomes.Where(o => definition.Activity(o.Value) is SetResidualRiskActivity).Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        return null;
    }

    public static string Label(string outcome) => outcome switch
    {
        "approve" => "Approve",
        "reject" => "Reject",
        ClarificationOutcome => "Request clarification",
        _ => outcome,
    };
}
