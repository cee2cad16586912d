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
/// One review task: the assessment's summary and the decisions the current activity allows (<see cref="ReviewOperations.DecideAsync"/>).
/// A submission carries an idempotency key made on GET, so a double submit is answered "already decided" instead of acting twice.
/// </summary>
[Authorize(Policy = Policies.Internal)]
public sealed class TaskModel(ReviewQueries reviews, ReviewOperations operations, TenantContext tenant, TimeProvider clock) : PageModel
{
    public const string ClarificationOutcome = ReviewDecision.ClarificationOutcome;

    public ReviewTaskInfo Current { get; private set; } = null!;
    public ReviewSummary Summary { get; private set; } = null!;
    public IReadOnlyList<string> Outcomes { get; private set; } = [];
    public string? Note { get; private set; }
    /// <summary>Outcomes after which the residual risk is set from the reviewer's rating.</summary>
    public IReadOnlySet<string> ResidualOutcomes { get; private set; } = new HashSet<string>();
    public string Slug => tenant.Slug!;
    public DateTimeOffset Now => clock.GetUtcNow();
    /// <summary>The findings reviewers raised on this assessment.</summary>
    public IReadOnlyList<FindingRow> RaisedFindings { get; private set; } = [];

    [BindProperty] public DecisionInput Input { get; set; } = new();

    public sealed class DecisionInput
    {
        public string IdempotencyKey { get; set; } = "";
        public string Outcome { get; set; } = "";
        public string? Comment { get; set; }
        public List<string> QuestionIds { get; set; } = [];
        public int? Likelihood { get; set; }
        public int? Impact { get; set; }
        public string? Rationale { get; set; }
        /// <summary>A clarification's own question for some of <see cref="QuestionIds"/>, by item id.</summary>
        public Dictionary<string, string?> QuestionComments { get; set; } = [];

        public ReviewDecision ToDecision() => new(IdempotencyKey, Outcome, Comment, QuestionIds, Likelihood, Impact, Rationale, QuestionComments);
    }

    public async Task<IActionResult> OnGetAsync(Guid taskId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(taskId, cancellationToken) is { } problem) return problem;
        Input = new DecisionInput { IdempotencyKey = Guid.NewGuid().ToString("N") };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid taskId, CancellationToken cancellationToken)
    {
        var decided = await operations.DecideAsync(taskId, Input.ToDecision(), cancellationToken);
        if (decided.Succeeded)
        {
            TempData["Status"] = decided.Value;
            return Redirect($"/t/{Slug}/reviews");
        }
        if (decided.Status is OutcomeStatus.NotFound or OutcomeStatus.Forbidden) return this.Refusal(decided);
        if (await LoadAsync(taskId, cancellationToken) is { } problem) return problem;
        this.Failure(decided);
        Response.StatusCode = decided.Status == OutcomeStatus.Invalid ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid taskId, CancellationToken cancellationToken)
    {
        var view = await reviews.TaskAsync(taskId, cancellationToken);
        if (!view.Succeeded) return this.Refusal(view);
        var v = view.Value!;
        (Current, Summary, Outcomes, ResidualOutcomes, RaisedFindings, Note) = (v.Task, v.Summary, v.Outcomes, v.ResidualOutcomes, v.RaisedFindings, v.Task.Note);
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
