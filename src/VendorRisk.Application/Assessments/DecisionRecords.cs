using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reviews;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Assessments;

/// <summary>A reviewer's decision on a review task of the workflow.</summary>
public sealed record ReviewerDecisionDto(string Reviewer, string Task,
    [property: System.ComponentModel.Description("approve, reject, requestClarification, … as the workflow records it.")] string Outcome,
    DateTimeOffset At, string? Comment);

/// <summary>One committee member's vote.</summary>
public sealed record VoteDto(string Voter,
    [property: System.ComponentModel.Description("approve, approveWithConditions or reject.")] string Vote,
    DateTimeOffset At, string? Conditions, string? ConditionsOwner, DateOnly? ConditionsDueOn, string? Reason);

/// <summary>A finding a reviewer raised on the assessment, open or resolved.</summary>
public sealed record ReviewFindingDto(Guid Id, FindingSeverity Severity, string Title, FindingStatus Status, FindingTreatment Treatment,
    DateOnly DueOn, DateTimeOffset RaisedAt,
    [property: System.ComponentModel.Description("For a finding whose risk was accepted: the last day the acceptance holds.")] DateOnly? RiskAcceptedUntil = null)
{
    public bool IsOpen => Status is FindingStatus.Open or FindingStatus.RemediationProposed;
}

/// <summary>
/// A condition of the approval (ADR-027): what must be done, its owner, due date and state in words ("Open", "Closure submitted",
/// "Closed", "Overdue"). A condition set before conditions were tracked has no id and the state "Not tracked".
/// </summary>
public sealed record ConditionFactDto(Guid? Id, string Text, string Owner, DateOnly? DueOn, string State, string SetBy, DateTimeOffset At);

/// <summary>A finding whose risk was accepted: until when, why and by whom; <c>State</c> "Accepted" or "Expired".</summary>
public sealed record AcceptedRiskDto(Guid FindingId, FindingSeverity Severity, string Title, DateOnly? AcceptedUntil, string? Reason, string AcceptedBy,
    string State);

/// <summary>
/// What was decided on one assessment and by whom: the residual rating, the reviewers' decisions, the committee's votes, the conditions
/// of the approval, the accepted risks and the reviewers' findings. The API, the PDF report and the exports all read it here.
/// </summary>
public sealed record DecisionFacts(Guid AssessmentId, ResidualRatingDto? Rating, string? WorkflowResidual,
    IReadOnlyList<ReviewerDecisionDto> ReviewerDecisions, IReadOnlyList<VoteDto> Votes, IReadOnlyList<ReviewFindingDto> Findings,
    IReadOnlyList<ConditionFactDto> Conditions, IReadOnlyList<AcceptedRiskDto> AcceptedRisks)
{
    /// <summary>low, medium, high or critical: the rating's level (likelihood x impact), or the review workflow's when none was rated.</summary>
    public string? ResidualLevel => Rating?.Level ?? WorkflowResidual;
}

/// <summary>The one source of "the decision" on an assessment, and the words every artefact uses for its codes.</summary>
public static class DecisionRecords
{
    public static ResidualRatingDto? Rating(int? likelihood, int? impact, DateTimeOffset? ratedAt) =>
        likelihood is { } l && impact is { } i ? new ResidualRatingDto(l, i, ResidualRisk.Level(l, i), ratedAt) : null;

    /// <summary>The decision facts of these assessments (of the current tenant, through the filters), keyed by assessment id.</summary>
    /// <param name="today">The day states are told for ("Overdue", "Expired").</param>
    public static async Task<IReadOnlyDictionary<Guid, DecisionFacts>> LoadAsync(AppDbContext db, IReadOnlyCollection<Guid> assessmentIds, DateOnly today,
        CancellationToken cancellationToken = default)
    {
        var day = today;
        var ids = assessmentIds.Distinct().ToList();
        var ratings = await db.Assessments.AsNoTracking().Where(a => ids.Contains(a.Id))
            .Select(a => new { a.Id, a.ResidualLikelihood, a.ResidualImpact, a.ResidualRatedAt })
            .ToListAsync(cancellationToken);
        var workflows = (await db.Set<WorkflowInstance>().AsNoTracking().Where(i => ids.Contains(i.AssessmentId))
                .Select(i => new { i.AssessmentId, i.ResidualRisk, i.StartedAt }).ToListAsync(cancellationToken))
            .GroupBy(i => i.AssessmentId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(i => i.StartedAt).First().ResidualRisk);
        var tasks = await db.Set<WorkflowTask>().AsNoTracking()
            .Where(t => ids.Contains(t.AssessmentId) && t.Kind == "humanTask" && t.Outcome != null && t.DecidedAt != null)
            .Select(t => new
            {
                t.AssessmentId, t.Title, t.Outcome, t.DecidedAt, t.Comment,
                By = db.Users.Where(u => u.Id == t.DecidedByUserId).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var votes = await db.Set<WorkflowVote>().AsNoTracking()
            .Join(db.Set<WorkflowTask>().Where(t => ids.Contains(t.AssessmentId)), v => v.WorkflowTaskId, t => t.Id, (v, t) => new
            {
                t.AssessmentId, v.Id, v.VoterUserId, v.Vote, v.At, v.Conditions, v.ConditionsOwner, v.ConditionsDueOn, v.Reason,
                Voter = db.Users.Where(u => u.Id == v.VoterUserId).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var findings = await db.ReviewFindings.AsNoTracking().Where(f => ids.Contains(f.AssessmentId))
            .Select(f => new
            {
                f.AssessmentId, f.Id, f.Severity, f.Title, f.Status, f.Treatment, f.DueOn, f.RaisedAt, f.RiskAcceptedUntil, f.ResolutionNote,
                By = db.Users.Where(u => u.Id == f.ResolvedByUserId).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var tracked = await db.DecisionConditions.AsNoTracking().Where(c => ids.Contains(c.AssessmentId))
            .Select(c => new
            {
                c.Id, c.AssessmentId, c.Text, c.OwnerKind, c.DueOn, c.Status, c.CreatedAt, c.SetByUserId,
                Owner = db.Users.Where(u => u.Id == c.OwnerUserId).Select(u => u.DisplayName).FirstOrDefault(),
                Vendor = db.Vendors.Where(v => v.Id == c.VendorId).Select(v => v.LegalName).FirstOrDefault(),
                SetBy = db.Users.Where(u => u.Id == c.SetByUserId).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var ownerIds = votes.Select(v => Guid.TryParse(v.ConditionsOwner, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).Distinct().ToList();
        var ownerNames = await db.Users.AsNoTracking().Where(u => ownerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        string VoteOwner(string? owner) => owner is null ? "unassigned" : owner == "vendor" ? "the vendor"
            : Guid.TryParse(owner, out var g) ? ownerNames.GetValueOrDefault(g) ?? "a former member" : owner;

        // Conditions a deciding vote tracks are created together (one time); they follow the order their members voted in (a vote's
        // id is time-ordered, so it breaks ties between votes recorded at the same instant).
        var voteOrder = votes.GroupBy(v => v.AssessmentId).ToDictionary(g => g.Key, g => g.OrderBy(v => v.At).ThenBy(v => v.Id)
            .Select((v, index) => (v.VoterUserId, index)).GroupBy(x => x.VoterUserId).ToDictionary(x => x.Key, x => x.Min(y => y.index)));
        int VoteOrder(Guid assessmentId, Guid? setBy) =>
            setBy is { } voter && voteOrder.TryGetValue(assessmentId, out var order) && order.TryGetValue(voter, out var index) ? index : int.MaxValue;

        return ratings.ToDictionary(a => a.Id, a => new DecisionFacts(a.Id,
            Rating(a.ResidualLikelihood, a.ResidualImpact, a.ResidualRatedAt),
            workflows.GetValueOrDefault(a.Id),
            [.. tasks.Where(t => t.AssessmentId == a.Id).OrderBy(t => t.DecidedAt)
                .Select(t => new ReviewerDecisionDto(t.By ?? "Unknown", t.Title, t.Outcome!, t.DecidedAt!.Value, t.Comment))],
            [.. votes.Where(v => v.AssessmentId == a.Id).OrderBy(v => v.At).ThenBy(v => v.Id)
                .Select(v => new VoteDto(v.Voter ?? "Unknown", v.Vote, v.At, v.Conditions, v.ConditionsOwner, v.ConditionsDueOn, v.Reason))],
            [.. findings.Where(f => f.AssessmentId == a.Id)
                .OrderBy(f => f.Status is FindingStatus.Open or FindingStatus.RemediationProposed ? 0 : 1).ThenByDescending(f => f.Severity)
                .ThenBy(f => f.RaisedAt)
                .Select(f => new ReviewFindingDto(f.Id, f.Severity, f.Title, f.Status, f.Treatment, f.DueOn, f.RaisedAt,
                    f.Status == FindingStatus.RiskAccepted ? f.RiskAcceptedUntil : null))],
            tracked.Any(c => c.AssessmentId == a.Id)
                ? [.. tracked.Where(c => c.AssessmentId == a.Id).OrderBy(c => c.CreatedAt).ThenBy(c => VoteOrder(a.Id, c.SetByUserId)).ThenBy(c => c.DueOn).ThenBy(c => c.Id)
                    .Select(c => new ConditionFactDto(c.Id, c.Text, c.OwnerKind == ConditionOwnerKind.Vendor ? $"{c.Vendor} (vendor)" : c.Owner ?? "a former member",
                        c.DueOn, DecisionCondition.Label(c.Status, c.DueOn, day), c.SetBy ?? "the decision", c.CreatedAt))]
                : [.. votes.Where(v => v.AssessmentId == a.Id && !string.IsNullOrWhiteSpace(v.Conditions)).OrderBy(v => v.At)
                    .Select(v => new ConditionFactDto(null, v.Conditions!, VoteOwner(v.ConditionsOwner), v.ConditionsDueOn, "Not tracked", v.Voter ?? "Unknown", v.At))],
            [.. findings.Where(f => f.AssessmentId == a.Id && f.Status == FindingStatus.RiskAccepted).OrderByDescending(f => f.Severity).ThenBy(f => f.Title)
                .Select(f => new AcceptedRiskDto(f.Id, f.Severity, f.Title, f.RiskAcceptedUntil, f.ResolutionNote, f.By ?? "a former member",
                    f.RiskAcceptedUntil is { } until && until >= day ? "Accepted" : "Expired"))]));
    }

    /// <summary>The residual rating in words: "High (likelihood 4 x impact 4 = 16)", or the workflow's level alone; "Not assessed" without either.</summary>
    public static string ResidualText(DecisionFacts? facts) => facts switch
    {
        { Rating: { } r } => $"{Capitalise(r.Level)} (likelihood {r.Likelihood} x impact {r.Impact} = {r.Likelihood * r.Impact})",
        { WorkflowResidual: { } level } => Capitalise(level),
        _ => "Not assessed",
    };

    public static string DecisionLabel(AssessmentStatus status) => status switch
    {
        AssessmentStatus.Approved => "Approved",
        AssessmentStatus.ApprovedWithConditions => "Approved with conditions",
        AssessmentStatus.Rejected => "Rejected",
        _ => Capitalise(Assessment.Describe(status)),
    };

    /// <summary>A vote or a reviewer's outcome as people say it.</summary>
    public static string OutcomeLabel(string code) => code switch
    {
        "approve" => "Approve",
        "approveWithConditions" => "Approve with conditions",
        "reject" => "Reject",
        "requestClarification" => "Request clarification",
        "approved" => "Approved",
        "approvedWithConditions" => "Approved with conditions",
        "rejected" => "Rejected",
        _ => SplitWords(code),
    };

    public static string StatusLabel(FindingStatus status) => status switch
    {
        FindingStatus.RemediationProposed => "Remediation proposed",
        FindingStatus.RiskAccepted => "Risk accepted",
        _ => status.ToString(),
    };

    /// <summary>A vote in one line: "Ann Example: Approve with conditions, 2026-12-07 09:00 UTC".</summary>
    public static string VoteLine(VoteDto vote) => $"{vote.Voter}: {OutcomeLabel(vote.Vote)}, {Utc(vote.At)}";

    public static string ReviewerLine(ReviewerDecisionDto decision) => $"{decision.Reviewer}: {OutcomeLabel(decision.Outcome)}, {Utc(decision.At)}";

    /// <summary>A condition in one line, with its owner, due date and state: "Named admin accounts; owner Acme AI (vendor); due 2027-01-31; Open".</summary>
    public static string ConditionLine(ConditionFactDto c) =>
        $"{c.Text}; owner {c.Owner}" + (c.DueOn is { } d ? $"; due {d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : "") + $"; {c.State}";

    /// <summary>An accepted risk in one line: "Critical: No MFA; accepted until 2027-06-30 by Ann Example: compensating VPN; Accepted".</summary>
    public static string AcceptedRiskLine(AcceptedRiskDto a) =>
        $"{a.Severity}: {a.Title}; accepted until {(a.AcceptedUntil is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "no expiry")} by {a.AcceptedBy}"
        + (string.IsNullOrWhiteSpace(a.Reason) ? "" : $": {a.Reason}") + $"; {a.State}";

    public static string FindingLine(ReviewFindingDto f) => $"{f.Severity}: {f.Title} ({StatusLabel(f.Status)}, {f.Treatment.ToString().ToLowerInvariant()})";

    public static string Utc(DateTimeOffset? when) =>
        when is { } w ? w.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "-";

    private static string Capitalise(string value) => value.Length == 0 ? value : char.ToUpperInvariant(value[0]) + value[1..];

    private static string SplitWords(string code)
    {
        var words = new System.Text.StringBuilder();
        foreach (var ch in code)
        {
            if (char.IsUpper(ch) && words.Length > 0) words.Append(' ').Append(char.ToLowerInvariant(ch));
            else words.Append(words.Length == 0 ? char.ToUpperInvariant(ch) : ch);
        }
        return words.ToString();
    }
}
