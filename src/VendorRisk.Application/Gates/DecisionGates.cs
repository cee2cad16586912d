using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Workflows;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Gates;

/// <summary>
/// The decision gates of the current tenant (ADR-027), read where a decision is taken: the single reviewer's approval, a committee
/// member's approving vote and a manager's decision by hand all ask <see cref="ApprovalBlockedAsync"/> before they change anything.
/// </summary>
public static class DecisionGates
{
    public static async Task<DecisionGatePolicy> PolicyAsync(AppDbContext db, CancellationToken cancellationToken = default) =>
        await db.DecisionGatePolicies.AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? DecisionGatePolicy.Defaults();

    /// <summary>
    /// Why the assessment may not be approved on <paramref name="today"/>, or null: findings at or above the gate's severity that are open,
    /// or whose accepted risk has expired. The message names them and says what unblocks them.
    /// </summary>
    public static async Task<string?> ApprovalBlockedAsync(AppDbContext db, Guid assessmentId, DateOnly today, CancellationToken cancellationToken = default)
    {
        var policy = await PolicyAsync(db, cancellationToken);
        var findings = await db.ReviewFindings.AsNoTracking()
            .Where(f => f.AssessmentId == assessmentId && f.Severity >= policy.BlockingSeverity && f.Status != FindingStatus.Closed)
            .ToListAsync(cancellationToken);
        var standing = findings.Where(f => policy.Blocks(f.Severity) && f.StandsOn(today)).OrderByDescending(f => f.Severity).ThenBy(f => f.Title).ToList();
        if (standing.Count == 0) return null;
        var names = string.Join(", ", standing.Take(3).Select(f => $"\"{f.Title}\" ({SeverityWord(f.Severity)}{(f.Status == FindingStatus.RiskAccepted ? ", acceptance expired" : "")})"))
            + (standing.Count > 3 ? $" and {standing.Count - 3} more" : "");
        var what = policy.BlockingSeverity == FindingSeverity.Critical ? "critical" : "high or critical";
        return $"This assessment cannot be approved while {what} findings stand: {names}. Close them, or have their risk accepted " +
            "(with a reason and an expiry) by someone authorised, then decide again.";
    }

    /// <summary>
    /// Whether taking <paramref name="outcome"/> on <paramref name="activityId"/> approves the assessment without another person deciding:
    /// the path runs through activities that do not wait (setting the residual risk, notifying, branching) to an end that approves. A
    /// reviewer's approval that hands over to the committee is not the approval; the committee's vote is.
    /// </summary>
    public static bool Approves(WorkflowDefinition definition, string activityId, string outcome)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>();
        if (definition.Activity(activityId).Outcomes.TryGetValue(outcome, out var first)) pending.Push(first);
        while (pending.TryPop(out var id))
        {
            if (!seen.Add(id)) continue;
            var activity = definition.Activity(id);
            switch (activity)
            {
                case EndActivity end when end.Result is WorkflowResult.Approved or WorkflowResult.ApprovedWithConditions:
                    return true;
                case SetResidualRiskActivity or NotifyActivity or DecisionActivity:
                    foreach (var next in activity.Outcomes.Values) pending.Push(next);
                    break;
            }
        }
        return false;
    }

    /// <summary>Whether the acting member may accept the risk of a finding of <paramref name="severity"/> under <paramref name="policy"/>.</summary>
    public static bool MayAccept(DecisionGatePolicy policy, FindingSeverity severity, TenantRoles memberRoles) =>
        policy.AcceptanceRolesFor(severity) is not { } roles || (memberRoles & roles) != 0;

    /// <summary>"Only committee members may accept the risk of a critical finding."</summary>
    public static string AcceptanceRule(DecisionGatePolicy policy, FindingSeverity severity) =>
        policy.AcceptanceRolesFor(severity) is { } roles
            ? $"Only {RoleList(roles)} may accept the risk of a {SeverityWord(severity)} finding."
            : "The reviewer acting on the review may accept the risk of this finding.";

    public static string RoleList(TenantRoles roles)
    {
        var names = roles.Each().Select(r => r switch
        {
            TenantRoles.TenantAdmin => "tenant admins",
            TenantRoles.VendorManager => "vendor managers",
            TenantRoles.Reviewer => "reviewers",
            TenantRoles.CommitteeMember => "committee members",
            _ => r.DisplayName().ToLowerInvariant(),
        }).ToList();
        return names.Count <= 1 ? names.FirstOrDefault() ?? "nobody" : string.Join(", ", names[..^1]) + " or " + names[^1];
    }

    public static string SeverityWord(FindingSeverity severity) => severity.ToString().ToLowerInvariant();
}
