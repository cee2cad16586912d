using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Application.Findings;
using VendorRisk.Application.Gates;
using VendorRisk.Domain.Common;
using VendorRisk.Application.Reviews;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Committee;

/// <summary>
/// A committee member's vote as the form posts it: approve, approveWithConditions (conditions, owner, due date) or reject (a reason). The
/// owner is <see cref="VendorOwner"/> (the vendor's contacts, in the portal) or the user id of an internal member.
/// </summary>
public sealed record CommitteeVote(string? Vote, string? Conditions, string? ConditionsOwner, DateOnly? ConditionsDueOn, string? Reason)
{
    public const string VendorOwner = "vendor";
}

/// <summary>
/// Voting on a committee approval: one vote per member (see <see cref="ReviewTaskRules.MayVote"/>; never the assessment's requester),
/// through the <see cref="WorkflowRunner"/>, whose step is one transaction; the quorum rule decides the outcome, later votes are refused.
/// </summary>
public sealed class CommitteeOperations(AppDbContext db, TenantContext tenant, Access access, WorkflowRunner runner, TimeProvider clock)
{
    public async Task<Outcome> VoteAsync(Guid taskId, CommitteeVote vote, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(CommitteeQueries.Read) is { } notMember) return notMember;
        var ballot = await db.Set<WorkflowTask>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId && t.Kind == WorkflowRunner.KindVote, cancellationToken);
        if (ballot is null) return Fail.NotFound("There is no such vote.");
        var requester = await db.Set<WorkflowInstance>().AsNoTracking().Where(i => i.Id == ballot.InstanceId).Select(i => i.RequesterUserId).SingleAsync(cancellationToken);
        if (await access.DemandAsync(ReviewTaskAction.Vote, new ReviewTaskResource(ballot, requester, null)) is { } forbidden) return forbidden;

        var errors = new List<FieldError>();
        if (vote.Vote is not ("approve" or "approveWithConditions" or "reject")) errors.Add(new(nameof(vote.Vote), "Choose your vote."));
        if (vote.Conditions is { Length: > WorkflowVote.TextMaxLength }) errors.Add(new(nameof(vote.Conditions), $"Use at most {WorkflowVote.TextMaxLength} characters."));

        if (vote.Reason is { Length: > WorkflowVote.TextMaxLength }) errors.Add(new(nameof(vote.Reason), $"Use at most {WorkflowVote.TextMaxLength} characters."));
        if (vote.Vote == "approveWithConditions")
        {
            if (string.IsNullOrWhiteSpace(vote.Conditions)) errors.Add(new(nameof(vote.Conditions), "Describe the conditions."));
            if (string.IsNullOrWhiteSpace(vote.ConditionsOwner)) errors.Add(new(nameof(vote.ConditionsOwner), "Choose who owns the conditions."));
            else if (vote.ConditionsOwner != CommitteeVote.VendorOwner
                && !(Guid.TryParse(vote.ConditionsOwner, out var owner) && (await FindingRows.OwnersAsync(db, cancellationToken)).Any(o => o.Id == owner)))
                errors.Add(new(nameof(vote.ConditionsOwner), "Choose the vendor or a person of this organisation."));
            var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            if (vote.ConditionsDueOn is not { } due) errors.Add(new(nameof(vote.ConditionsDueOn), "Give the date the conditions are due."));
            else if (!BusinessDates.InRange(due)) errors.Add(new(nameof(vote.ConditionsDueOn), BusinessDates.OutOfRangeMessage("The due date")));
            else if (due < today) errors.Add(new(nameof(vote.ConditionsDueOn), "The due date cannot be in the past."));
        }
        // The decision gate (ADR-027): the committee approves nothing while findings at the gate's severity stand.
        if (errors.Count == 0 && vote.Vote is "approve" or "approveWithConditions"
            && await DecisionGates.ApprovalBlockedAsync(db, ballot.AssessmentId, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), cancellationToken) is { } blocked)
            errors.Add(new(nameof(vote.Vote), blocked));
        if (vote.Vote == "reject" && string.IsNullOrWhiteSpace(vote.Reason)) errors.Add(new(nameof(vote.Reason), "Give the reason for rejecting."));
        if (errors.Count > 0) return Fail.Invalid(errors);

        var choice = vote.Vote switch
        {
            "approve" => VoteChoice.Approve,
            "approveWithConditions" => VoteChoice.ApproveWithConditions,
            _ => VoteChoice.Reject,
        };
        var withConditions = choice == VoteChoice.ApproveWithConditions;
        var details = new VoteDetails(withConditions ? vote.Conditions!.Trim() : null, withConditions ? vote.ConditionsOwner!.Trim() : null,
            withConditions ? vote.ConditionsDueOn : null, choice == VoteChoice.Reject ? vote.Reason!.Trim() : null);
        var me = tenant.UserId!.Value;
        var result = await runner.HandleAsync(ballot.InstanceId, new VoteCast(ballot.TaskId, me.ToString(), choice, details.Reason ?? details.Conditions), me,
            details, cancellationToken: cancellationToken);
        return result.Applied ? Outcome.Ok() : Fail.Conflict("Your vote was not accepted: " + result.Message + ".");
    }
}
