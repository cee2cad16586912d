using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Assessments;

/// <summary>
/// An assessment's claimed and verified score and its rating (ADR-026): the engine's evaluation, each answer's assurance level
/// (<see cref="AnswerAssurance"/>), the "not applicable" reasons reviewers accepted and the open review findings, judged by
/// <see cref="AssuranceScoring"/>. Every page, report, export and API response that shows a score takes it from here.
/// </summary>
public static class AssessmentVerdicts
{
    /// <summary>The verdict on an evaluation the caller already holds.</summary>
    public static async Task<AssuranceVerdict> JudgeAsync(AppDbContext db, Guid assessmentId, CompiledQuestionnaire compiled,
        QuestionnaireEvaluation evaluation, CancellationToken cancellationToken = default)
    {
        var levels = await AnswerAssurance.LoadAsync(db, assessmentId, cancellationToken);
        var accepted = (await db.AssessmentAnswers.AsNoTracking()
                .Where(a => a.AssessmentId == assessmentId && a.NotApplicableAcceptedByUserId != null)
                .Select(a => a.ItemId).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        var open = await db.ReviewFindings.AsNoTracking()
            .Where(f => f.AssessmentId == assessmentId && (f.Status == FindingStatus.Open || f.Status == FindingStatus.RemediationProposed))
            .Select(f => f.Severity).ToListAsync(cancellationToken);
        return AssuranceScoring.Judge(compiled, evaluation, levels, accepted, open);
    }

    /// <summary>The verdict on an assessment's stored answers; null when its pinned questionnaire is unavailable.</summary>
    public static async Task<AssuranceVerdict?> LoadAsync(AppDbContext db, Assessment assessment, CancellationToken cancellationToken = default)
    {
        var (compiled, _) = await PinnedQuestionnaire.LoadAsync(db, assessment, cancellationToken);
        if (compiled is null) return null;
        var answers = await AssessmentAnswers.LoadAsync(db, assessment.Id, cancellationToken);
        // Evidence validity does not change a score; the evaluation needs only the answers.
        var evaluation = new QuestionnaireEngine().Evaluate(compiled, answers);
        return await JudgeAsync(db, assessment.Id, compiled, evaluation, cancellationToken);
    }

    /// <summary>The verdicts on several assessments of the current tenant, by id (missing: not scorable).</summary>
    public static async Task<Dictionary<Guid, AssuranceVerdict>> LoadManyAsync(AppDbContext db, IReadOnlyCollection<Guid> assessmentIds,
        CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<Guid, AssuranceVerdict>();
        if (assessmentIds.Count == 0) return result;
        var assessments = await db.Assessments.AsNoTracking().Where(a => assessmentIds.Contains(a.Id)).ToListAsync(cancellationToken);
        foreach (var assessment in assessments)
        {
            if (await LoadAsync(db, assessment, cancellationToken) is { } verdict) result[assessment.Id] = verdict;
        }
        return result;
    }
}
