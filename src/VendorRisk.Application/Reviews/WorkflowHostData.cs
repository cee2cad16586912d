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
/// The answers to the interpreter's synchronous questions for one assessment, read from the database in the step's unit of
/// work, so the step itself stays synchronous and deterministic. Read on demand (ADR-046): <see cref="RunAsync"/> runs the
/// interpreter once with what is already known; when it asked for something not yet read (the score, the members, their
/// open load, the round-robin cursor), exactly that is read and the pure interpreter runs again from the same input. A
/// decision that only closes a task and ends the review so reads none of it.
/// </summary>
/// <remarks>
/// Specialisms (<c>security</c>, <c>privacy</c>, <c>aiGovernance</c>) name the active members holding the Reviewer role and
/// that specialism. When no such member exists (the requester aside) the pick falls back to any Reviewer and
/// <see cref="FallbackActivities"/> says so, for the journal and the audit trail (see ADR-010).
/// </remarks>
public sealed class WorkflowHostData : IWorkflowHost
{
    private readonly AppDbContext _db;
    private readonly Assessment _assessment;
    private readonly WorkflowDefinition _definition;
    private AutoScoreResult? _score;
    private IReadOnlyList<(Guid UserId, TenantRoles Roles, ReviewerSpecialisms Specialisms)>? _members;
    private Dictionary<Guid, int>? _loadRead;
    private Dictionary<string, Guid>? _lastAssignedRead;
    private readonly HashSet<string> _fallbacks = new(StringComparer.Ordinal);
    private Dictionary<Guid, int> _load = [];
    private Dictionary<string, Guid> _lastAssignedByActivity = new(StringComparer.Ordinal);
    private VendorFacts? _vendor;
    private bool _needsScore;
    private bool _needsMembers;
    private bool _needsAssignment;

    /// <summary>The vendor's inherent tier (null while untiered) and name: read once per step.</summary>
    public sealed record VendorFacts(RiskTier? InherentTier, string LegalName);

    private WorkflowHostData(AppDbContext db, Assessment assessment, WorkflowDefinition definition, AutoScoreResult? knownScore, VendorFacts? vendor)
    {
        _db = db;
        _assessment = assessment;
        _definition = definition;
        _vendor = vendor;
        _score = definition.Activities.Any(a => a is AutoScoreActivity) ? knownScore
            : new AutoScoreResult(assessment.Score ?? 0, RiskTier.Medium, 0, 0);
    }

    /// <summary>A host that reads nothing until asked. <paramref name="knownScore"/>: the questionnaire's evaluation the caller
    /// already made in this request; <paramref name="vendor"/>: the vendor's facts when the caller already read them.</summary>
    public static WorkflowHostData For(AppDbContext db, Assessment assessment, WorkflowDefinition definition, AutoScoreResult? knownScore = null,
        VendorFacts? vendor = null) => new(db, assessment, definition, knownScore, vendor);

    /// <summary>Reads the vendor's tier and name (one query per step, kept).</summary>
    public static Task<VendorFacts?> VendorFactsAsync(AppDbContext db, Guid vendorId, CancellationToken cancellationToken) =>
        db.Vendors.AsNoTracking().Where(v => v.Id == vendorId).Select(v => new VendorFacts(v.InherentTier, v.LegalName)).SingleOrDefaultAsync(cancellationToken);

    /// <summary>The vendor of the assessment (tier and name), read on first use.</summary>
    public async Task<VendorFacts> VendorAsync(CancellationToken cancellationToken) =>
        _vendor ??= await VendorFactsAsync(_db, _assessment.VendorId, cancellationToken)
            ?? throw new InvalidOperationException($"The vendor of assessment {_assessment.Id} is not in this tenant.");

    /// <summary>
    /// Runs <paramref name="interpret"/> (a pure interpreter call) with this host, reading what it asks for that is not yet
    /// read and running it again then. The result is the run that had every answer it asked for.
    /// </summary>
    public async Task<WorkflowStep> RunAsync(Func<IWorkflowHost, WorkflowStep> interpret, CancellationToken cancellationToken)
    {
        for (var run = 1; ; run++)
        {
            BeginRun();
            var step = interpret(this);
            if (!_needsScore && !_needsMembers && !_needsAssignment) return step;
            if (run > 3) throw new InvalidOperationException("The workflow host kept asking for data it had read.");
            await ReadMissingAsync(cancellationToken);
        }
    }

    /// <summary>Reads the members holding tenant roles (for e-mails to a role) when no step run needed them yet.</summary>
    public async Task EnsureMembersAsync(CancellationToken cancellationToken)
    {
        if (_members is not null) return;
        _needsMembers = true;
        await ReadMissingAsync(cancellationToken);
    }

    private void BeginRun()
    {
        _fallbacks.Clear();
        _load = _loadRead is null ? [] : new Dictionary<Guid, int>(_loadRead);
        _lastAssignedByActivity = _lastAssignedRead is null ? new(StringComparer.Ordinal) : new Dictionary<string, Guid>(_lastAssignedRead, StringComparer.Ordinal);
        _needsScore = _needsMembers = _needsAssignment = false;
    }

    private async Task ReadMissingAsync(CancellationToken cancellationToken)
    {
        if (_needsScore && _score is null) _score = await ScoreAsync(_db, _assessment, (await VendorAsync(cancellationToken)).InherentTier, cancellationToken);
        if ((_needsMembers || _needsAssignment) && _members is null)
        {
            _members = (await _db.Memberships.AsNoTracking().Where(m => !m.IsDisabled && m.VendorId == null)
                    .Select(m => new { m.UserId, m.Roles, m.Specialisms }).ToListAsync(cancellationToken))
                .Select(m => (m.UserId, m.Roles, m.Specialisms)).OrderBy(m => m.UserId).ToList();
        }
        if (_needsAssignment && _loadRead is null) await ReadAssignmentStateAsync(cancellationToken);
        _needsScore = _needsMembers = _needsAssignment = false;
    }

    private async Task ReadAssignmentStateAsync(CancellationToken cancellationToken)
    {
        var db = _db;
        var definition = _definition;
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
        _loadRead = load;
        _lastAssignedRead = last;
    }

    /// <summary>The questionnaire engine over the assessment's stored answers, with its pinned template.</summary>
    public static async Task<AutoScoreResult> ScoreAsync(AppDbContext db, Assessment assessment, RiskTier? inherentTier, CancellationToken cancellationToken)
    {
        var vendorTier = inherentTier ?? RiskTier.Medium;
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

    public AutoScoreResult Score()
    {
        if (_score is { } score) return score;
        _needsScore = true;
        return new AutoScoreResult(0, RiskTier.Medium, 0, 0);
    }

    /// <summary>Activities of this step whose specialism nobody eligible held, so a Reviewer without it was picked.</summary>
    public IReadOnlySet<string> FallbackActivities => _fallbacks;

    /// <summary>Members holding a workflow role: for a specialism, Reviewers holding it.</summary>
    private IEnumerable<Guid> Holding(string role, HashSet<string>? excluded = null)
    {
        if (_members is null)
        {
            _needsMembers = true;
            return [];
        }
        var roles = RolesFor(role);
        var specialism = ReviewerSpecialismsExtensions.FromWorkflowRole(role);
        return _members.Where(m => m.Roles.HasAny(roles) && (specialism == ReviewerSpecialisms.None || m.Specialisms.HasFlag(specialism))
                && excluded?.Contains(m.UserId.ToString()) != true)
            .Select(m => m.UserId);
    }

    public string? SelectReviewer(ReviewerRequest request)
    {
        if (_members is null || _loadRead is null)
        {
            _needsAssignment = true;
            return null;
        }
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

    /// <summary>Recipients of a role's e-mail: for a specialism nobody holds, every Reviewer (as the assignment falls back).
    /// Call <see cref="EnsureMembersAsync"/> first.</summary>
    public ImmutableArray<Guid> MembersHolding(string role)
    {
        if (_members is null) throw new InvalidOperationException("The members were not read: call EnsureMembersAsync first.");
        var holders = Holding(role).ToImmutableArray();
        return holders.IsEmpty && ReviewerSpecialismsExtensions.FromWorkflowRole(role) != ReviewerSpecialisms.None
            ? [.. Holding(WorkflowRoles.Reviewer)]
            : holders;
    }
}
