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

    /// <summary>
    /// The verdicts on several assessments of the current tenant, by id (missing: not scorable), the same as <see cref="LoadAsync"/> gives for each,
    /// in a fixed number of queries whatever the number of assessments: the assessments, the pinned questionnaires not compiled yet, the answers,
    /// the linked evidence and the open review findings (the decisions list and the exports read many at once).
    /// </summary>
    public static async Task<Dictionary<Guid, AssuranceVerdict>> LoadManyAsync(AppDbContext db, IReadOnlyCollection<Guid> assessmentIds,
        CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<Guid, AssuranceVerdict>();
        if (assessmentIds.Count == 0) return result;
        var ids = assessmentIds.Distinct().ToList();
        var assessments = await db.Assessments.AsNoTracking().Where(a => ids.Contains(a.Id)).ToListAsync(cancellationToken);
        if (assessments.Count == 0) return result;
        var questionnaires = await PinnedQuestionnaire.LoadManyAsync(db, assessments, cancellationToken);
        var answers = (await db.AssessmentAnswers.AsNoTracking().Where(a => ids.Contains(a.AssessmentId))
                .Select(a => new { a.AssessmentId, a.ItemId, a.ValueJson, Accepted = a.NotApplicableAcceptedByUserId != null }).ToListAsync(cancellationToken))
            .ToLookup(a => a.AssessmentId);
        var documents = (await db.EvidenceFiles.AsNoTracking().Where(f => ids.Contains(f.AssessmentId))
                .Join(db.EvidenceRecords, f => f.RecordId, r => r.Id,
                    (f, r) => new { f.AssessmentId, f.ItemId, f.UploadedAt, r.Kind, r.Review, r.DocumentDate, r.ValidUntil, r.IssuerChecked })
                .ToListAsync(cancellationToken))
            .ToLookup(d => d.AssessmentId,
                d => new AnswerAssurance.LinkedDocument(d.ItemId, d.UploadedAt, d.Kind, d.Review, d.DocumentDate, d.ValidUntil, d.IssuerChecked));
        var open = (await db.ReviewFindings.AsNoTracking()
                .Where(f => ids.Contains(f.AssessmentId) && (f.Status == FindingStatus.Open || f.Status == FindingStatus.RemediationProposed))
                .Select(f => new { f.AssessmentId, f.Severity }).ToListAsync(cancellationToken))
            .ToLookup(f => f.AssessmentId, f => f.Severity);
        var engine = new QuestionnaireEngine();
        foreach (var assessment in assessments)
        {
            if (questionnaires.GetValueOrDefault(assessment.Id) is not { } compiled) continue;
            var mine = answers[assessment.Id].ToList();
            var values = mine.Where(a => a.ValueJson != null).ToDictionary(a => a.ItemId, a => AnswerJson.Deserialize(a.ValueJson!), StringComparer.Ordinal);
            var evaluation = engine.Evaluate(compiled, values);
            var levels = AnswerAssurance.Levels(assessment, compiled, [.. documents[assessment.Id]]);
            var accepted = mine.Where(a => a.Accepted).Select(a => a.ItemId).ToHashSet(StringComparer.Ordinal);
            result[assessment.Id] = AssuranceScoring.Judge(compiled, evaluation, levels, accepted, open[assessment.Id]);
        }
        return result;
    }
}
