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

namespace VendorRisk.Application.Reviews;

/// <summary>
/// The answers to the interpreter's synchronous questions for one assessment, read from the database before the
/// step (same unit of work), so the step itself stays synchronous and deterministic.
/// </summary>
/// <remarks>
/// Specialisms (<c>security</c>, <c>privacy</c>, <c>aiGovernance</c>) name the active members holding the Reviewer role and
/// that specialism. When no such member exists (the requester aside) the pick falls back to any Reviewer and
/// <see cref="FallbackActivities"/> says so, for the journal and the audit trail (see ADR-010).
/// </remarks>
public sealed class WorkflowHostData : IWorkflowHost
{
    private readonly AutoScoreResult _score;
    private readonly IReadOnlyList<(Guid UserId, TenantRoles Roles, ReviewerSpecialisms Specialisms)> _members;
    private readonly HashSet<string> _fallbacks = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, int> _load;
    private readonly Dictionary<string, Guid> _lastAssignedByActivity;

    private WorkflowHostData(AutoScoreResult score, IReadOnlyList<(Guid, TenantRoles, ReviewerSpecialisms)> members, Dictionary<Guid, int> load,
        Dictionary<string, Guid> lastAssigned)
    {
        _score = score;
        _members = members;
        _load = load;
        _lastAssignedByActivity = lastAssigned;
    }

    /// <param name="knownScore">The questionnaire's evaluation the caller already made in this request; evaluated here when null.</param>
    public static async Task<WorkflowHostData> LoadAsync(AppDbContext db, Assessment assessment, WorkflowDefinition definition,
        AutoScoreResult? knownScore, CancellationToken cancellationToken)
    {
        var members = (await db.Memberships.AsNoTracking().Where(m => !m.IsDisabled && m.VendorId == null)
                .Select(m => new { m.UserId, m.Roles, m.Specialisms }).ToListAsync(cancellationToken))
            .Select(m => (m.UserId, m.Roles, m.Specialisms)).OrderBy(m => m.UserId).ToList();

        var assignments = definition.Activities.OfType<AssignReviewerActivity>().ToList();
        var load = new Dictionary<Guid, int>();
        if (assignments.Any(a => a.Strategy == AssignmentStrategy.LeastLoaded))
        {
            // Open tasks only (index TenantId, Outcome, AssigneeUserId): the cost follows the open work, not the history.
            load = await db.Set<WorkflowTask>().AsNoTracking()
                .Where(t => t.Outcome == null && t.AssigneeUserId != null && t.Kind == WorkflowRunner.KindHumanTask)
                .GroupBy(t => t.AssigneeUserId!.Value).Select(g => new { UserId = g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.UserId, g => g.Count, cancellationToken);
        }

        // Round robin continues from the last person an assignment picked in this definition: the newest task of the
        // awaitDecision activities that use the assignment (index TenantId, ActivityId, CreatedAt), one row per assignment.
        var last = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var assign in assignments.Where(a => a.Strategy == AssignmentStrategy.RoundRobin))
        {
            var taskActivities = definition.Activities.OfType<AwaitDecisionActivity>().Where(d => d.Assignee == assign.Assignment)
                .Select(d => d.Id).ToList();
            var previous = await db.Set<WorkflowTask>().AsNoTracking()
                .Where(t => taskActivities.Contains(t.ActivityId) && t.AssigneeUserId != null && t.Kind == WorkflowRunner.KindHumanTask
                    && db.Set<WorkflowInstance>().Any(i => i.Id == t.InstanceId && i.DefinitionId == definition.Id))
                .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Select(t => t.AssigneeUserId).FirstOrDefaultAsync(cancellationToken);
            if (previous is { } userId) last[assign.Id] = userId;
        }

        var score = definition.Activities.Any(a => a is AutoScoreActivity)
            ? knownScore ?? await ScoreAsync(db, assessment, cancellationToken)
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
        return ScoreOf(compiled, answers, evaluation, assessment.Score, vendorTier);
    }

    /// <summary>What the workflow's auto-score activity reads, from an evaluation already made (the submission makes one).</summary>
    public static AutoScoreResult ScoreOf(Domain.Questionnaires.Evaluation.CompiledQuestionnaire compiled, IReadOnlyDictionary<string, AnswerValue> answers,
        Domain.Questionnaires.Evaluation.QuestionnaireEvaluation evaluation, decimal? storedScore, RiskTier vendorTier)
    {
        var tier = compiled.Definition.Tiering is null ? vendorTier
            : TierCalculator.Calculate(compiled, answers) is { IsSuccess: true } t ? t.Value.Tier : vendorTier;
        int Count(FindingSeverity s) => evaluation.Findings.Count(f => f.Severity == s);
        return new AutoScoreResult(evaluation.OverallScore ?? storedScore ?? 0, tier, Count(FindingSeverity.Critical),
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

    /// <summary>Activities of this step whose specialism nobody eligible held, so a Reviewer without it was picked.</summary>
    public IReadOnlySet<string> FallbackActivities => _fallbacks;

    /// <summary>Members holding a workflow role: for a specialism, Reviewers holding it.</summary>
    private IEnumerable<Guid> Holding(string role, HashSet<string>? excluded = null)
    {
        var roles = RolesFor(role);
        var specialism = ReviewerSpecialismsExtensions.FromWorkflowRole(role);
        return _members.Where(m => m.Roles.HasAny(roles) && (specialism == ReviewerSpecialisms.None || m.Specialisms.HasFlag(specialism))
                && excluded?.Contains(m.UserId.ToString()) != true)
            .Select(m => m.UserId);
    }

    public string? SelectReviewer(ReviewerRequest request)
    {
        var excluded = request.ExcludedUserIds.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var candidates = Holding(request.Role, excluded).ToList();
        if (candidates.Count == 0 && ReviewerSpecialismsExtensions.FromWorkflowRole(request.Role) != ReviewerSpecialisms.None)
        {
            candidates = [.. Holding(WorkflowRoles.Reviewer, excluded)];
            if (candidates.Count > 0) _fallbacks.Add(request.ActivityId);
        }

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

    public IReadOnlyList<string> CommitteeMembers(string role, IReadOnlyCollection<string> excludedUserIds) =>
        [.. Holding(role, excludedUserIds.ToHashSet(StringComparer.OrdinalIgnoreCase)).Select(m => m.ToString())];

    /// <summary>Recipients of a role's e-mail: for a specialism nobody holds, every Reviewer (as the assignment falls back).</summary>
    public ImmutableArray<Guid> MembersHolding(string role)
    {
        var holders = Holding(role).ToImmutableArray();
        return holders.IsEmpty && ReviewerSpecialismsExtensions.FromWorkflowRole(role) != ReviewerSpecialisms.None
            ? [.. Holding(WorkflowRoles.Reviewer)]
            : holders;
    }
}
