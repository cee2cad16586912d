using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Reviews;
using VendorRisk.Application.Assessments;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Infrastructure.Reports;

namespace VendorRisk.Application.Reports;

/// <summary>
/// Reads one assessment of the current tenant (query filters; another tenant's id is simply not found) with its
/// answers evaluated against the pinned questionnaire version, evidence, review workflow, committee votes and the
/// audit events about it, and verifies the tenant's audit chain.
/// </summary>
public sealed class AssessmentReportLoader(AppDbContext db, TenantContext tenant, AuditVerifier verifier, TimeProvider clock)
{
    public async Task<AssessmentReport?> LoadAsync(Guid assessmentId, string generatedBy, CancellationToken cancellationToken = default)
    {
        var assessment = await db.Assessments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == assessmentId, cancellationToken);
        if (assessment is null) return null;
        var vendor = await db.Vendors.AsNoTracking().Where(v => v.Id == assessment.VendorId)
            .Select(v => new { v.LegalName, v.InherentTier }).SingleAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        var evidenceRows = await db.EvidenceFiles.AsNoTracking().Where(e => e.AssessmentId == assessmentId).OrderBy(e => e.UploadedAt)
            .Select(e => new
            {
                e.Id, e.FileName, e.Length, e.ItemId, e.UploadedAt,
                By = db.Users.Where(u => u.Id == e.UploadedByUserId).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var evidence = evidenceRows.Select(e => new ReportEvidence(e.FileName, e.Length, e.ItemId, e.By ?? "Unknown", e.UploadedAt)).ToList();

        var sections = new List<ReportSection>();
        var findings = new List<ReportFinding>();
        decimal? score = assessment.Score;
        ResultCounts? counts = null;
        string? problem = null;
        Domain.Evidence.AssuranceVerdict? verdict = null;
        var questionnaireTitle = assessment.TemplateKey;
        var (compiled, loadProblem) = await PinnedQuestionnaire.LoadAsync(db, assessment, cancellationToken);
        if (compiled is null)
        {
            problem = loadProblem;
        }
        else
        {
            questionnaireTitle = compiled.Definition.Title;
            var answers = await AssessmentAnswers.LoadAsync(db, assessmentId, cancellationToken);
            var attachments = await EvidenceAttachments.LoadAsync(db, assessmentId, cancellationToken);
            var evaluation = new QuestionnaireEngine().Evaluate(compiled, answers, attachments, today);
            // The score recorded at submission is the assessment's score; the evaluation fills in for one never recorded.
            score ??= evaluation.OverallScore;
            counts = evaluation.ResultCounts;
            verdict = await AssessmentVerdicts.JudgeAsync(db, assessmentId, compiled, evaluation, cancellationToken);
            findings.AddRange(evaluation.Findings.OrderByDescending(f => f.Severity)
                .Select(f => new ReportFinding(f.ItemId, f.Severity, f.Title, string.Join(", ", f.Controls))));
            AddSections(compiled.Definition.Sections, 0, sections, answers, evaluation);
        }

        var instance = await db.Set<WorkflowInstance>().AsNoTracking().Where(i => i.AssessmentId == assessmentId)
            .OrderByDescending(i => i.StartedAt)
            .Select(i => new { i.Id, i.Status, i.Result }).FirstOrDefaultAsync(cancellationToken);
        // The residual rating, votes, reviewers' decisions and findings as the API and the exports read them.
        var facts = (await DecisionRecords.LoadAsync(db, [assessmentId], today, cancellationToken))[assessmentId];
        var votes = facts.Votes.Select(v => new ReportVote(v.Voter, v.Vote, v.At, v.Conditions, v.ConditionsOwner, v.ConditionsDueOn, v.Reason)).ToList();
        var reviewers = facts.ReviewerDecisions
            .Select(d => new ReportReviewerDecision(d.Reviewer, d.Task, DecisionRecords.OutcomeLabel(d.Outcome), d.At, d.Comment)).ToList();
        var reviewFindings = facts.Findings.Select(f => new ReportReviewFinding(f.Severity, f.Title, DecisionRecords.StatusLabel(f.Status),
            f.Treatment.ToString(), f.DueOn, f.IsOpen)).ToList();

        var entityIds = new List<string> { assessmentId.ToString() };
        if (instance is not null) entityIds.Add(instance.Id.ToString());
        entityIds.AddRange(evidenceRows.Select(e => e.Id.ToString()));
        var auditEvents = await db.AuditEvents.AsNoTracking()
            .Where(e => e.EntityId != null && entityIds.Contains(e.EntityId))
            .OrderBy(e => e.Sequence)
            .Select(e => new ReportAuditEvent(e.Sequence, e.OccurredAt, e.ActorName ?? "system", e.Action, e.EntityType ?? ""))
            .ToListAsync(cancellationToken);
        var chain = await verifier.VerifyCurrentChainAsync(cancellationToken);

        var decision = assessment.Status is AssessmentStatus.Approved or AssessmentStatus.ApprovedWithConditions or AssessmentStatus.Rejected
            ? DecisionRecords.DecisionLabel(assessment.Status)
            : null;
        return new AssessmentReport(tenant.TenantName ?? "", vendor.LegalName, vendor.InherentTier?.ToString(), assessment.Title, questionnaireTitle,
            assessment.TemplateKey, assessment.TemplateVersion, assessment.ContentHash, Assessment.Describe(assessment.Status), assessment.DueOn,
            assessment.SentAt, assessment.SubmittedAt, assessment.DecidedAt, score, counts, decision, assessment.DecisionNote, problem, sections,
            evidence, findings, DecisionRecords.ResidualText(facts), instance?.Status, instance?.Result, votes, reviewers, reviewFindings, auditEvents, chain, now, generatedBy,
            [.. facts.Conditions.Select(DecisionRecords.ConditionLine)], [.. facts.AcceptedRisks.Select(DecisionRecords.AcceptedRiskLine)]) { Assurance = verdict };
    }

    private static void AddSections(IEnumerable<QuestionnaireSection> sections, int depth, List<ReportSection> into,
        IReadOnlyDictionary<string, AnswerValue> answers, QuestionnaireEvaluation evaluation)
    {
        foreach (var section in sections)
        {
            var rows = section.Items.Where(i => i.IsAnswerable && evaluation.Item(i.Id).Visible)
                .Select(i => new ReportAnswer(i.Id, i.Text, AnswerText.Display(i, answers.GetValueOrDefault(i.Id))))
                .ToList();
            into.Add(new ReportSection(section.Title, depth, rows));
            AddSections(section.Sections, depth + 1, into, answers, evaluation);
        }
    }
}
