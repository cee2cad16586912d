using System.Collections.Immutable;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Tiering;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Workflows;
using VendorRisk.Domain.Workflows.Runtime;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Infrastructure.Workflows;

/// <summary>
/// The answers to the interpreter's synchronous questions for one assessment, read from the database before the
/// step (same unit of work), so the step itself stays synchronous and deterministic.
/// </summary>
/// <remarks>
/// Specialisms (<c>security</c>, <c>privacy</c>, <c>aiGovernance</c>) are not yet a membership setting: they map to
/// every member holding the Reviewer role.
/// </remarks>
internal sealed class WorkflowHostData : IWorkflowHost
{
    private readonly AutoScoreResult _score;
    private readonly IReadOnlyList<(Guid UserId, TenantRoles Roles)> _members;
    private readonly Dictionary<Guid, int> _load;
    private readonly Dictionary<string, Guid> _lastAssignedByActivity;

    private WorkflowHostData(AutoScoreResult score, IReadOnlyList<(Guid, TenantRoles)> members, Dictionary<Guid, int> load,
        Dictionary<string, Guid> lastAssigned)
    {
        _score = score;
        _members = members;
        _load = load;
        _lastAssignedByActivity = lastAssigned;
    }

    public static async Task<WorkflowHostData> LoadAsync(AppDbContext db, Assessment assessment, WorkflowDefinition definition,
        CancellationToken cancellationToken)
    {
        var members = (await db.Memberships.AsNoTracking().Where(m => !m.IsDisabled && m.VendorId == null)
                .Select(m => new { m.UserId, m.Roles }).ToListAsync(cancellationToken))
            .Select(m => (m.UserId, m.Roles)).OrderBy(m => m.UserId).ToList();

        var openTasks = await db.Set<WorkflowTask>().AsNoTracking()
            .Where(t => t.Outcome == null && t.AssigneeUserId != null && t.Kind == WorkflowRunner.KindHumanTask)
            .Select(t => t.AssigneeUserId!.Value).ToListAsync(cancellationToken);
        var load = openTasks.GroupBy(u => u).ToDictionary(g => g.Key, g => g.Count());

        var last = (await db.Set<WorkflowTask>().AsNoTracking().Where(t => t.AssigneeUserId != null && t.Kind == WorkflowRunner.KindHumanTask)
                .Select(t => new { t.ActivityId, t.AssigneeUserId, t.CreatedAt }).ToListAsync(cancellationToken))
            .GroupBy(t => t.ActivityId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(t => t.CreatedAt)!.AssigneeUserId!.Value, StringComparer.Ordinal);

        var score = definition.Activities.Any(a => a is AutoScoreActivity)
            ? await ScoreAsync(db, assessment, cancellationToken)
            : new AutoScoreResult(assessment.Score ?? 0, RiskTier.Medium, 0, 0);
        return new WorkflowHostData(score, members, load, last);
    }

    /// <summary>The questionnaire engine over the assessment's stored answers, with its pinned template.</summary>
    public static async Task<AutoScoreResult> ScoreAsync(AppDbContext db, Assessment assessment, CancellationToken cancellationToken)
    {
        var vendorTier = await db.Vendors.AsNoTracking().Where(v => v.Id == assessment.VendorId).Select(v => v.InherentTier)
            .SingleOrDefaultAsync(cancellationToken) ?? RiskTier.Medium;
        var (compiled, _) = await Assessments.PinnedQuestionnaire.LoadAsync(db, assessment, cancellationToken);
        if (compiled is null) return new AutoScoreResult(assessment.Score ?? 0, vendorTier, 0, 0);

        var answers = await Assessments.AssessmentAnswers.LoadAsync(db, assessment.Id, cancellationToken);
        var evaluation = new Domain.Questionnaires.Evaluation.QuestionnaireEngine().Evaluate(compiled, answers);
        var tier = compiled.Definition.Tiering is null ? vendorTier
            : TierCalculator.Calculate(compiled, answers) is { IsSuccess: true } t ? t.Value.Tier : vendorTier;
        int Count(FindingSeverity s) => evaluation.Findings.Count(f => f.Severity == s);
        return new AutoScoreResult(evaluation.OverallScore ?? assessment.Score ?? 0, tier, Count(FindingSeverity.Critical),
            Count(FindingSeverity.High), Count(FindingSeverity.Medium), Count(FindingSeverity.Low));
    }


    /// <summary>The tenant roles a workflow role names; specialisms fall back to Reviewer.</summary>
    public static TenantRoles RolesFor(string role) => role switch
    {
        WorkflowRoles.TenantAdmin => TenantRoles.TenantAdmin,
        WorkflowRoles.VendorManager => TenantRoles.VendorManager,
        WorkflowRoles.CommitteeMember => TenantRoles.CommitteeMember,
        _ => TenantRoles.Reviewer,
    };

    public AutoScoreResult Score() => _score;

    public string? SelectReviewer(ReviewerRequest request)
    {
        var excluded = request.ExcludedUserIds.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var roles = RolesFor(request.Role);
        var candidates = _members.Where(m => m.Roles.HasAny(roles) && !excluded.Contains(m.UserId.ToString())).Select(m => m.UserId).ToList();
        if (candidates.Count == 0) return null;

        Guid chosen;
        if (request.Strategy == AssignmentStrategy.RoundRobin && _lastAssignedByActivity.TryGetValue(request.ActivityId, out var last))
        {
            chosen = candidates.FirstOrDefault(c => c.CompareTo(last) > 0);
            if (chosen == Guid.Empty) chosen = candidates[0];
        }
        else if (request.Strategy == AssignmentStrategy.RoundRobin)
        {
            chosen = candidates[0];
        }
        else
        {
            chosen = candidates.MinBy(c => _load.GetValueOrDefault(c));
        }

        _load[chosen] = _load.GetValueOrDefault(chosen) + 1;
        _lastAssignedByActivity[request.ActivityId] = chosen;
        return chosen.ToString();
    }

    public IReadOnlyList<string> CommitteeMembers(string role, IReadOnlyCollection<string> excludedUserIds)
    {
        var roles = RolesFor(role);
        var excluded = excludedUserIds.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. _members.Where(m => m.Roles.HasAny(roles) && !excluded.Contains(m.UserId.ToString())).Select(m => m.UserId.ToString())];
    }

    public ImmutableArray<Guid> MembersHolding(string role) =>
        [.. _members.Where(m => m.Roles.HasAny(RolesFor(role))).Select(m => m.UserId)];
}
