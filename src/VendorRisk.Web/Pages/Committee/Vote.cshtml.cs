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

namespace VendorRisk.Web.Pages.Committee;

/// <summary>
/// A committee vote: the summary (tier, score, findings, reviewers' recommendations) and one vote per member. The
/// outcome shows once the quorum rule decided it; later votes are refused.
/// </summary>
[Authorize(Policy = Policies.Committee)]
public sealed class VoteModel(AppDbContext db, TenantContext tenant, WorkflowCatalog catalog, WorkflowRunner runner) : PageModel
{
    public sealed record Recommendation(string Activity, string Outcome, string? By, string? Comment, DateTimeOffset? At);
    public sealed record CastRow(string Voter, string Vote, string? Conditions, string? Reason);

    public WorkflowTask Ballot { get; private set; } = null!;
    public ReviewSummary Summary { get; private set; } = null!;
    public IReadOnlyList<Recommendation> Recommendations { get; private set; } = [];
    public IReadOnlyList<CastRow> Cast { get; private set; } = [];
    public string Rule { get; private set; } = "";
    public bool AlreadyVoted { get; private set; }
    public bool IsRequester { get; private set; }
    public string Slug => tenant.Slug!;

    [BindProperty] public VoteInput Input { get; set; } = new();

    public sealed class VoteInput
    {
        [Required(ErrorMessage = "Choose your vote.")]
        [RegularExpression("^(?:approve|approveWithConditions|reject)$", ErrorMessage = "Choose your vote.")]
        public string? Vote { get; set; }
        [StringLength(WorkflowVote.TextMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string? Conditions { get; set; }
        [StringLength(200, ErrorMessage = "Use at most {1} characters.")]
        public string? ConditionsOwner { get; set; }
        public DateOnly? ConditionsDueOn { get; set; }
        [StringLength(WorkflowVote.TextMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string? Reason { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid taskId, CancellationToken cancellationToken) =>
        await LoadAsync(taskId, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(Guid taskId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(taskId, cancellationToken) is { } problem) return problem;
        if (IsRequester) return StatusCode(StatusCodes.Status403Forbidden);
        if (Input.Vote == "approveWithConditions")
        {
            if (string.IsNullOrWhiteSpace(Input.Conditions)) ModelState.AddModelError("Input.Conditions", "Describe the conditions.");
            if (string.IsNullOrWhiteSpace(Input.ConditionsOwner)) ModelState.AddModelError("Input.ConditionsOwner", "Name who owns the conditions.");
            if (Input.ConditionsDueOn is null) ModelState.AddModelError("Input.ConditionsDueOn", "Give the date the conditions are due.");
        }
        if (Input.Vote == "reject" && string.IsNullOrWhiteSpace(Input.Reason)) ModelState.AddModelError("Input.Reason", "Give the reason for rejecting.");
        if (!ModelState.IsValid) return Page();

        var choice = Input.Vote switch
        {
            "approve" => VoteChoice.Approve,
            "approveWithConditions" => VoteChoice.ApproveWithConditions,
            _ => VoteChoice.Reject,
        };
        var withConditions = choice == VoteChoice.ApproveWithConditions;
        var details = new VoteDetails(withConditions ? Input.Conditions!.Trim() : null, withConditions ? Input.ConditionsOwner!.Trim() : null,
            withConditions ? Input.ConditionsDueOn : null, choice == VoteChoice.Reject ? Input.Reason!.Trim() : null);
        var me = tenant.UserId!.Value;
        var result = await runner.HandleAsync(Ballot.InstanceId, new VoteCast(Ballot.TaskId, me.ToString(), choice, details.Reason ?? details.Conditions), me,
            details, cancellationToken: cancellationToken);
        if (result.Applied)
        {
            TempData["Status"] = "Your vote was recorded.";
            return Redirect($"/t/{Slug}/committee/vote/{Ballot.Id}");
        }
        await LoadAsync(taskId, cancellationToken);
        ModelState.AddModelError("", "Your vote was not accepted: " + result.Message + ".");
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(Guid taskId, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var ballot = await db.Set<WorkflowTask>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId && t.Kind == WorkflowRunner.KindVote, cancellationToken);
        if (ballot is null) return NotFound();
        var instance = await db.Set<WorkflowInstance>().AsNoTracking().SingleAsync(i => i.Id == ballot.InstanceId, cancellationToken);
        var me = tenant.UserId!.Value;
        Ballot = ballot;
        IsRequester = instance.RequesterUserId == me;
        Summary = (await ReviewSummaryReader.LoadAsync(db, ballot.AssessmentId, cancellationToken))!;
        if (catalog.Find(instance.DefinitionId, instance.DefinitionVersion)?.Activity(ballot.ActivityId) is CommitteeApprovalActivity c)
            Rule = $"at least {c.Quorum.MinVotes} votes, {c.Quorum.Rule.ToString().ToLowerInvariant()} of approvals";

        var users = db.Users.AsNoTracking();
        Recommendations = await (from t in db.Set<WorkflowTask>().AsNoTracking()
                                 where t.InstanceId == instance.Id && t.Kind == WorkflowRunner.KindHumanTask && t.Outcome != null
                                 orderby t.DecidedAt
                                 select new Recommendation(t.Title, t.Outcome!, users.Where(u => u.Id == t.DecidedByUserId).Select(u => u.DisplayName).FirstOrDefault(),
                                     t.Comment, t.DecidedAt)).ToListAsync(cancellationToken);
        var votes = await db.Set<WorkflowVote>().AsNoTracking().Where(v => v.WorkflowTaskId == ballot.Id).OrderBy(v => v.At)
            .Select(v => new { v.VoterUserId, v.Vote, v.Conditions, v.ConditionsOwner, v.ConditionsDueOn, v.Reason,
                Name = users.Where(u => u.Id == v.VoterUserId).Select(u => u.DisplayName).FirstOrDefault() }).ToListAsync(cancellationToken);
        AlreadyVoted = votes.Any(v => v.VoterUserId == me);
        Cast = [.. votes.Select(v => new CastRow(v.Name ?? "member", v.Vote,
            v.Conditions is null ? null : $"{v.Conditions} (owner {v.ConditionsOwner}, due {v.ConditionsDueOn:yyyy-MM-dd})", v.Reason))];
        // The requester may read the vote (the page says they do not vote); the POST refuses them.
        return IsRequester || ReviewTaskRules.MayVote(tenant, ballot, instance.RequesterUserId) ? null : StatusCode(StatusCodes.Status403Forbidden);
    }
}
