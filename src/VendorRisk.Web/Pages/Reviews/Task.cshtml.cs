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
/// One review task: the assessment's summary (score, findings, documents to review), the decision panel the current activity allows
/// (<see cref="ReviewOperations.DecideAsync"/>) and the answers by section. The page is three regions, each a partial
/// (<c>_TaskSummary</c>, <c>_TaskDecision</c>, <c>_TaskAnswers</c>), so a further block is one line in one of them.
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
        (Current, Summary, ResidualOutcomes, RaisedFindings, Note) = (v.Task, v.Summary, v.ResidualOutcomes, v.RaisedFindings, v.Task.Note);
        Outcomes = [.. v.Outcomes.OrderBy(Rank)];
        return null;
    }

    /// <summary>An outcome as its button reads: "Approve", "Request clarification", "Reject".</summary>
    public static string Label(string outcome) => ReviewWords.Offer(outcome);

    /// <summary>The buttons in a steady order whatever the workflow's: approvals first, rejection last, away from approval.</summary>
    private static int Rank(string outcome) => outcome switch
    {
        "approve" => 0,
        "approveWithConditions" => 1,
        ClarificationOutcome => 3,
        "reject" => 4,
        _ => 2,
    };

    /// <summary>Approval looks like the main action, rejection like a warning, anything else neutral.</summary>
    public static string ButtonClass(string outcome) => outcome switch
    {
        "approve" => "btn-success",
        "reject" => "btn-outline-danger",
        _ => "btn-outline-primary",
    };

    /// <summary>Where a reviewer downloads a document (the download is audited).</summary>
    public string EvidenceUrl(ReviewEvidence file) => $"/t/{Slug}/assessments/evidence/{file.Id}";

    /// <summary>The anchor of a section in the answers.</summary>
    public static string SectionAnchor(string sectionId) => "section-" + sectionId;

    /// <summary>
    /// Sections the reviewer starts with are open: those with findings or reopened questions, and those holding a question chosen to
    /// reopen (the form came back with a message).
    /// </summary>
    public bool IsOpen(ReviewSection section) =>
        section.NeedsAttention || section.Answers.Any(a => Input.QuestionIds.Contains(a.ItemId));
}
