using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Committee;
using VendorRisk.Application.Common;
using VendorRisk.Application.Reviews;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Committee;

/// <summary>
/// A committee vote: the summary (tier, score, findings, reviewers' recommendations) and one vote per member
/// (<see cref="CommitteeOperations.VoteAsync"/>). The outcome shows once the quorum rule decided it; later votes are refused.
/// </summary>
[Authorize(Policy = Policies.Committee)]
public sealed class VoteModel(CommitteeQueries committee, CommitteeOperations operations, TenantContext tenant) : PageModel
{
    public ReviewTaskInfo Ballot { get; private set; } = null!;
    public ReviewSummary Summary { get; private set; } = null!;
    public IReadOnlyList<BallotView.Recommendation> Recommendations { get; private set; } = [];
    public IReadOnlyList<BallotView.CastRow> Cast { get; private set; } = [];
    public string Rule { get; private set; } = "";
    public bool AlreadyVoted { get; private set; }
    public bool IsRequester { get; private set; }
    public string VendorName { get; private set; } = "";
    public IReadOnlyList<VendorRisk.Application.Findings.FindingOwner> Owners { get; private set; } = [];
    /// <summary>Why an approving vote would be refused now (ADR-027), or null.</summary>
    public string? ApprovalBlocked { get; private set; }
    public string Slug => tenant.Slug!;

    [BindProperty] public VoteInput Input { get; set; } = new();

    public sealed class VoteInput
    {
        public string? Vote { get; set; }
        public string? Conditions { get; set; }
        public string? ConditionsOwner { get; set; }
        public DateOnly? ConditionsDueOn { get; set; }
        public string? Reason { get; set; }

        public CommitteeVote ToVote() => new(Vote, Conditions, ConditionsOwner, ConditionsDueOn, Reason);
    }

    public async Task<IActionResult> OnGetAsync(Guid taskId, CancellationToken cancellationToken) =>
        await LoadAsync(taskId, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid taskId, CancellationToken cancellationToken)
    {
        var voted = await operations.VoteAsync(taskId, Input.ToVote(), cancellationToken);
        if (voted.Succeeded)
        {
            TempData["Status"] = "Your vote was recorded.";
            return Redirect($"/t/{Slug}/committee/vote/{taskId}");
        }
        if (voted.Status is OutcomeStatus.NotFound or OutcomeStatus.Forbidden) return this.Refusal(voted);
        if (await LoadAsync(taskId, cancellationToken) is { } problem) return problem;
        this.Failure(voted);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid taskId, CancellationToken cancellationToken)
    {
        var view = await committee.BallotAsync(taskId, cancellationToken);
        if (!view.Succeeded) return this.Refusal(view);
        var v = view.Value!;
        (Ballot, Summary, Rule, Recommendations, Cast, AlreadyVoted, IsRequester) = (v.Ballot, v.Summary, v.Rule, v.Recommendations, v.Cast, v.AlreadyVoted, v.IsRequester);
        (VendorName, Owners, ApprovalBlocked) = (v.VendorName, v.Owners ?? [], v.ApprovalBlocked);
        return null;
    }
}
