using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Application.Findings;
using VendorRisk.Application.Reviews;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Workflows;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Committee;

/// <summary>A vote of the committee queue: whether I voted, and whether I requested the assessment (then I do not vote).</summary>
public sealed record CommitteeVoteRow(Guid Id, string AssessmentTitle, string VendorName, DateTimeOffset? DueAt, string? Outcome, bool Voted, bool Requester);

/// <summary>
/// A committee vote: the summary (tier, score, findings, reviewers' recommendations), the quorum rule, the votes cast so far, and
/// whether I voted or requested the assessment.
/// </summary>
public sealed record BallotView(ReviewTaskInfo Ballot, ReviewSummary Summary, string Rule, IReadOnlyList<BallotView.Recommendation> Recommendations,
    IReadOnlyList<BallotView.CastRow> Cast, bool AlreadyVoted, bool IsRequester, string VendorName = "", IReadOnlyList<FindingOwner>? Owners = null,
    string? ApprovalBlocked = null)
{
    public sealed record Recommendation(string Activity, string Outcome, string? By, string? Comment, DateTimeOffset? At);
    public sealed record CastRow(string Voter, string Vote, string? Conditions, string? Reason);
}

/// <summary>What the committee pages read: committee members; a vote's requester may read it (the page says they do not vote).</summary>
public sealed class CommitteeQueries(AppDbContext db, TenantContext tenant, Access access, WorkflowCatalog catalog, TimeProvider clock)
{
    public static readonly RolePermission Read = new("committee.read", TenantRoles.CommitteeMember);

    /// <summary>Open votes first, then the latest closed ones with their outcome (at most 100).</summary>
    public async Task<Outcome<IReadOnlyList<CommitteeVoteRow>>> QueueAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var me = tenant.UserId!.Value;
        return await (from t in db.Set<WorkflowTask>().AsNoTracking()
                      join i in db.Set<WorkflowInstance>() on t.InstanceId equals i.Id
                      join a in db.Assessments on t.AssessmentId equals a.Id
                      join v in db.Vendors on a.VendorId equals v.Id
                      where t.Kind == WorkflowRunner.KindVote
                      orderby t.Outcome == null descending, t.CreatedAt descending
                      select new CommitteeVoteRow(t.Id, a.Title, v.LegalName, t.DueAt, t.Outcome,
                          db.Set<WorkflowVote>().Any(x => x.WorkflowTaskId == t.Id && x.VoterUserId == me), i.RequesterUserId == me))
            .Take(100).ToListAsync(cancellationToken);
    }

    /// <summary>One vote: not found unless a vote task of this tenant; forbidden unless the member may vote on it or requested it.</summary>
    public async Task<Outcome<BallotView>> BallotAsync(Guid taskId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var ballot = await db.Set<WorkflowTask>().AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId && t.Kind == WorkflowRunner.KindVote, cancellationToken);
        if (ballot is null) return Fail.NotFound("There is no such vote.");
        var instance = await db.Set<WorkflowInstance>().AsNoTracking().SingleAsync(i => i.Id == ballot.InstanceId, cancellationToken);
        var me = tenant.UserId!.Value;
        var isRequester = instance.RequesterUserId == me;
        if (!isRequester && !await access.AllowsAsync(ReviewTaskAction.Vote, new ReviewTaskResource(ballot, instance.RequesterUserId, null)))
            return Fail.Forbidden();
        var summary = (await ReviewSummaryReader.LoadAsync(db, ballot.AssessmentId, cancellationToken))!;
        var rule = catalog.Find(instance.DefinitionId, instance.DefinitionVersion)?.Activity(ballot.ActivityId) is CommitteeApprovalActivity c
            ? $"at least {c.Quorum.MinVotes} votes, {c.Quorum.Rule.ToString().ToLowerInvariant()} of approvals"
            : "";

        var users = db.Users.AsNoTracking();
        var recommendations = await (from t in db.Set<WorkflowTask>().AsNoTracking()
                                     where t.InstanceId == instance.Id && t.Kind == WorkflowRunner.KindHumanTask && t.Outcome != null
                                     orderby t.DecidedAt
                                     select new BallotView.Recommendation(t.Title, t.Outcome!,
                                         users.Where(u => u.Id == t.DecidedByUserId).Select(u => u.DisplayName).FirstOrDefault(), t.Comment, t.DecidedAt))
            .ToListAsync(cancellationToken);
        var votes = await db.Set<WorkflowVote>().AsNoTracking().Where(v => v.WorkflowTaskId == ballot.Id).OrderBy(v => v.At)
            .Select(v => new { v.VoterUserId, v.Vote, v.Conditions, v.ConditionsOwner, v.ConditionsDueOn, v.Reason,
                Name = users.Where(u => u.Id == v.VoterUserId).Select(u => u.DisplayName).FirstOrDefault() }).ToListAsync(cancellationToken);
        var owners = await FindingRows.OwnersAsync(db, cancellationToken);
        var vendorName = await db.Assessments.Where(a => a.Id == ballot.AssessmentId).Join(db.Vendors, a => a.VendorId, v => v.Id, (a, v) => v.LegalName)
            .SingleAsync(cancellationToken);
        string OwnerName(string? owner) => owner == CommitteeVote.VendorOwner ? $"{vendorName} (vendor)"
            : Guid.TryParse(owner, out var id) ? owners.FirstOrDefault(o => o.Id == id)?.Name ?? "a former member" : owner ?? "unassigned";
        List<BallotView.CastRow> cast = [.. votes.Select(v => new BallotView.CastRow(v.Name ?? "member", Assessments.DecisionRecords.OutcomeLabel(v.Vote),
            v.Conditions is null ? null : $"{v.Conditions} (owner {OwnerName(v.ConditionsOwner)}, due {v.ConditionsDueOn:yyyy-MM-dd})", v.Reason))];
        recommendations = [.. recommendations.Select(r => r with { Outcome = Assessments.DecisionRecords.OutcomeLabel(r.Outcome) })];
        var blocked = await Gates.DecisionGates.ApprovalBlockedAsync(db, ballot.AssessmentId, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), cancellationToken);
        return new BallotView(ReviewTaskInfo.Of(ballot), summary, rule, recommendations, cast, votes.Any(v => v.VoterUserId == me), isRequester,
            vendorName, owners, blocked);
    }
}
