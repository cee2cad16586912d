using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Assessments;
using VendorRisk.Application.Common;
using VendorRisk.Application.Reviews;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Assessments;

/// <summary>
/// One assessment as the tenant sees it (<see cref="AssessmentQueries.DetailsAsync"/>) and the lifecycle actions the current status
/// and the member's roles allow (<see cref="AssessmentOperations"/>): another tenant's assessment is a 404, a missing role a 403.
/// The manual decision is for assessments outside a workflow.
/// </summary>
public sealed class DetailsModel(AssessmentQueries queries, AssessmentOperations operations, ManualDecisionOperations decisions,
    Application.Conditions.ConditionQueries conditions, TenantContext tenant) : PageModel
{
    private AssessmentDetails _details = null!;

    public AssessmentHeader Assessment => _details.Header;
    public QuestionnaireDefinition? Definition => _details.Definition;
    public QuestionnaireEvaluation? Evaluation => _details.Evaluation;
    /// <summary>Claimed and verified score and the rating (ADR-026).</summary>
    public Domain.Evidence.AssuranceVerdict? Verdict => _details.Verdict;
    public string? DefinitionProblem => _details.DefinitionProblem;
    public IReadOnlyDictionary<string, AnswerRow> Answers => _details.Answers;
    public ILookup<string, EvidenceRow> Evidence => _details.Evidence;
    public ILookup<string, CommentRow> Comments => _details.Comments;
    public IReadOnlyList<string> Contacts => _details.Contacts;
    public IReadOnlySet<string> Reopened => _details.Reopened;
    /// <summary>The review workflow that runs this assessment, if one is waiting: it alone decides, reopens and cancels.</summary>
    public Guid? ActiveReviewId => _details.ActiveReviewId;
    public bool CanReview => _details.CanReview;
    public bool CanManage => _details.CanManage;
    public bool CanComment => _details.CanComment;
    public bool CanReadFindings => _details.CanReadFindings;
    public string Slug => tenant.Slug!;
    public DateOnly Today => _details.Today;
    /// <summary>The internal members who can own the condition of a manual approval with conditions (the vendor is the other choice).</summary>
    public IReadOnlyList<Application.Conditions.OwnerCandidate> ConditionOwners { get; private set; } = [];
    /// <summary>What the decision form posted, shown again with the messages after a refusal.</summary>
    public (AssessmentDecision? Decision, string? Note, string? Conditions, string? Owner, DateOnly? DueOn) Posted { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) => await ShowAsync(id, cancellationToken);

    public async Task<IActionResult> OnPostCommentAsync(Guid id, string? itemId, string? body, bool shared, CancellationToken cancellationToken)
    {
        var added = await operations.CommentAsync(id, itemId, body, shared, cancellationToken);
        if (added.Succeeded)
        {
            TempData["Status"] = shared ? "Your comment was added and is visible to the vendor." : "Your internal comment was added.";
            return Redirect($"/t/{Slug}/assessments/details/{id}#item-{itemId}");
        }
        if (added.Status != OutcomeStatus.Invalid) return this.Failure(added) ?? NotFound();
        if (added.Errors.Any(e => e.Field == "ItemId")) return BadRequest();
        foreach (var error in added.Errors) ModelState.AddModelError($"comment-{itemId}", error.Message);
        return await ShowAsync(id, cancellationToken);
    }

    public async Task<IActionResult> OnPostClarifyAsync(Guid id, int version, List<string>? itemIds, string? comment, Dictionary<string, string?>? comments,
        CancellationToken cancellationToken)
    {
        var reopened = await operations.RequestClarificationAsync(id, version, itemIds, comment, comments, cancellationToken);
        if (reopened.Status == OutcomeStatus.Invalid) Response.StatusCode = StatusCodes.Status400BadRequest;
        else if (reopened.Status == OutcomeStatus.Conflict) Response.StatusCode = StatusCodes.Status409Conflict;
        return await AfterAsync(id, reopened, cancellationToken);
    }

    /// <summary>A reviewer accepts the vendor's reason for "not applicable" on one question (ADR-026).</summary>
    public async Task<IActionResult> OnPostAcceptNotApplicableAsync(Guid id, string? itemId, CancellationToken cancellationToken) =>
        await AfterAsync(id, await operations.AcceptNotApplicableAsync(id, itemId, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostStartReviewAsync(Guid id, int version, CancellationToken cancellationToken) =>
        await AfterAsync(id, await operations.StartReviewAsync(id, version, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostCancelAsync(Guid id, int version, CancellationToken cancellationToken) =>
        await AfterAsync(id, await operations.CancelAsync(id, version, cancellationToken), cancellationToken);

    /// <summary>A manual decision; an approval with conditions sets one tracked condition (owner, due date), as the committee's do (ADR-027).</summary>
    public async Task<IActionResult> OnPostDecideAsync(Guid id, int version, AssessmentDecision decision, string? note, string? conditions,
        string? conditionsOwner, DateOnly? conditionsDueOn, CancellationToken cancellationToken)
    {
        Posted = (decision, note, conditions, conditionsOwner, conditionsDueOn);
        var decided = await decisions.DecideAsync(id, version, decision, note, cancellationToken,
            decision == AssessmentDecision.ApprovedWithConditions ? new ManualCondition(conditions, conditionsOwner, conditionsDueOn) : null);
        if (decided.Status == OutcomeStatus.Invalid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            this.Failure(decided, prefix: "");
            return await ShowAsync(id, cancellationToken);
        }
        return await AfterAsync(id, decided, cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(Guid id, Outcome<string> changed, CancellationToken cancellationToken)
    {
        if (changed.Succeeded)
        {
            TempData["Status"] = changed.Value;
            return Redirect($"/t/{Slug}/assessments/details/{id}");
        }
        return this.Failure(changed) ?? await ShowAsync(id, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken cancellationToken)
    {
        var details = await queries.DetailsAsync(id, cancellationToken);
        if (!details.Succeeded) return this.Failure(details) ?? NotFound();
        _details = details.Value!;
        if (_details.CanManage && (await conditions.OwnersAsync(cancellationToken)) is { Succeeded: true } owners) ConditionOwners = owners.Value!;
        return Page();
    }
}
