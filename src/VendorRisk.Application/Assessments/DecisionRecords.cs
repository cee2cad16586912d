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
    DateOnly DueOn, DateTimeOffset RaisedAt)
{
    public bool IsOpen => Status is FindingStatus.Open or FindingStatus.RemediationProposed;
}

/// <summary>
/// What was decided on one assessment and by whom: the residual rating, the reviewers' decisions, the committee's votes with their
/// conditions and the reviewers' findings. The API, the PDF report and the exports all read it here.
/// </summary>
public sealed record DecisionFacts(Guid AssessmentId, ResidualRatingDto? Rating, string? WorkflowResidual,
    IReadOnlyList<ReviewerDecisionDto> ReviewerDecisions, IReadOnlyList<VoteDto> Votes, IReadOnlyList<ReviewFindingDto> Findings)
{
    /// <summary>low, medium, high or critical: the rating's level (likelihood x impact), or the review workflow's when none was rated.</summary>
    public string? ResidualLevel => Rating?.Level ?? WorkflowResidual;

    public IEnumerable<VoteDto> Conditions => Votes.Where(v => !string.IsNullOrWhiteSpace(v.Conditions));
}

/// <summary>The one source of "the decision" on an assessment, and the words every artefact uses for its codes.</summary>
public static class DecisionRecords
{
    public static ResidualRatingDto? Rating(int? likelihood, int? impact, DateTimeOffset? ratedAt) =>
        likelihood is { } l && impact is { } i ? new ResidualRatingDto(l, i, ResidualRisk.Level(l, i), ratedAt) : null;

    /// <summary>The decision facts of these assessments (of the current tenant, through the filters), keyed by assessment id.</summary>
    public static async Task<IReadOnlyDictionary<Guid, DecisionFacts>> LoadAsync(AppDbContext db, IReadOnlyCollection<Guid> assessmentIds,
        CancellationToken cancellationToken = default)
    {
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
                t.AssessmentId, v.Vote, v.At, v.Conditions, v.ConditionsOwner, v.ConditionsDueOn, v.Reason,
                Voter = db.Users.Where(u => u.Id == v.VoterUserId).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var findings = await db.ReviewFindings.AsNoTracking().Where(f => ids.Contains(f.AssessmentId))
            .Select(f => new { f.AssessmentId, f.Id, f.Severity, f.Title, f.Status, f.Treatment, f.DueOn, f.RaisedAt })
            .ToListAsync(cancellationToken);

        return ratings.ToDictionary(a => a.Id, a => new DecisionFacts(a.Id,
            Rating(a.ResidualLikelihood, a.ResidualImpact, a.ResidualRatedAt),
            workflows.GetValueOrDefault(a.Id),
            [.. tasks.Where(t => t.AssessmentId == a.Id).OrderBy(t => t.DecidedAt)
                .Select(t => new ReviewerDecisionDto(t.By ?? "Unknown", t.Title, t.Outcome!, t.DecidedAt!.Value, t.Comment))],
            [.. votes.Where(v => v.AssessmentId == a.Id).OrderBy(v => v.At)
                .Select(v => new VoteDto(v.Voter ?? "Unknown", v.Vote, v.At, v.Conditions, v.ConditionsOwner, v.ConditionsDueOn, v.Reason))],
            [.. findings.Where(f => f.AssessmentId == a.Id)
                .OrderBy(f => f.Status is FindingStatus.Open or FindingStatus.RemediationProposed ? 0 : 1).ThenByDescending(f => f.Severity)
                .ThenBy(f => f.RaisedAt)
                .Select(f => new ReviewFindingDto(f.Id, f.Severity, f.Title, f.Status, f.Treatment, f.DueOn, f.RaisedAt))]));
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

    /// <summary>A condition in one line, with its owner and due date.</summary>
    public static string ConditionLine(VoteDto vote) =>
        vote.Conditions + (vote.ConditionsOwner is null ? "" : $"; owner {vote.ConditionsOwner}")
        + (vote.ConditionsDueOn is { } d ? $"; due {d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : "");

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
