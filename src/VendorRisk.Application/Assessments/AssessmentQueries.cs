using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Infrastructure.Reports;

namespace VendorRisk.Application.Assessments;

/// <summary>An assessment in the tenant's list (the assessments page).</summary>
public sealed record AssessmentRow(Guid Id, string Title, Guid VendorId, string VendorName, string TemplateKey, string TemplateVersion,
    AssessmentStatus Status, DateOnly DueOn, decimal? Score);

public sealed record VendorOption(Guid Id, string Name);

/// <summary>Filters of the assessment list; <see cref="OverdueOnly"/> keeps those still with the vendor after their due date.</summary>
public sealed record AssessmentFilter(AssessmentStatus? Status = null, Guid? VendorId = null, bool OverdueOnly = false);

public sealed record AssessmentList(IReadOnlyList<AssessmentRow> Rows, IReadOnlyList<VendorOption> Vendors, DateOnly Today);

public sealed record AssessmentHeader(Guid Id, string Title, AssessmentStatus Status, DateOnly DueOn, Guid VendorId, string VendorName,
    string TemplateKey, string TemplateVersion, string ContentHash, Guid TemplateId, DateTimeOffset? SentAt, DateTimeOffset? SubmittedAt,
    string? DecisionNote, Guid? PreviousAssessmentId, int Version, string ReopenedItemIdsJson);

public sealed record AnswerRow(string ItemId, string? ValueJson, bool CarriedOver, DateTimeOffset UpdatedAt)
{
    /// <summary>The vendor's reason for "not applicable" (ADR-026), and whether a reviewer accepted it.</summary>
    public string? NotApplicableReason { get; init; }

    public bool NotApplicableAccepted { get; init; }
}

public sealed record EvidenceRow(Guid Id, string ItemId, string FileName, long Length, DateTimeOffset UploadedAt);

public sealed record CommentRow(Guid Id, string ItemId, string Author, string Body, bool VisibleToVendor, DateTimeOffset CreatedAt);

/// <summary>
/// One assessment as the tenant sees it: the live evaluation of its stored answers against the pinned questionnaire, every answer,
/// evidence file and comment, and what the reader may do with it (<see cref="ActiveReviewId"/>: a review workflow runs it).
/// </summary>
public sealed record AssessmentDetails(AssessmentHeader Header, QuestionnaireDefinition? Definition, QuestionnaireEvaluation? Evaluation,
    string? DefinitionProblem, IReadOnlyDictionary<string, AnswerRow> Answers, ILookup<string, EvidenceRow> Evidence,
    ILookup<string, CommentRow> Comments, IReadOnlyList<string> Contacts, IReadOnlySet<string> Reopened, Guid? ActiveReviewId,
    bool CanReview, bool CanManage, bool CanComment, bool CanReadFindings, DateOnly Today)
{
    /// <summary>Claimed and verified score and the rating (ADR-026); null when the answers cannot be scored.</summary>
    public Domain.Evidence.AssuranceVerdict? Verdict { get; init; }
}

public sealed record TemplateOption(Guid Id, string Key, string Version, string Title);

public sealed record ContactOption(string Email, string Label);

/// <summary>What the form that sends a questionnaire to a vendor offers.</summary>
public sealed record SendAssessmentForm(string VendorName, IReadOnlyList<TemplateOption> Templates, IReadOnlyList<ContactOption> KnownContacts, DateOnly Today);

/// <summary>An assessment in an API list.</summary>
public sealed record AssessmentSummaryDto(Guid Id, Guid VendorId, string VendorName, string Title, AssessmentStatus Status, DateOnly DueOn,
    DateTimeOffset CreatedAt, DateTimeOffset? SentAt, DateTimeOffset? SubmittedAt, DateTimeOffset? DecidedAt, decimal? SubmittedScore);

public sealed record FindingDto(string ItemId, FindingSeverity Severity, string Title, IReadOnlyList<string> Controls);

public sealed record ResultCountsDto(int Compliant, int PartiallyCompliant, int NonCompliant, int NotApplicable, int Unanswered);

public sealed record AssessmentDto(Guid Id, Guid VendorId, string VendorName, string Title, AssessmentStatus Status, DateOnly DueOn,
    string TemplateKey, string TemplateVersion, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, DateTimeOffset? SubmittedAt,
    DateTimeOffset? DecidedAt, string? DecisionNote, int ClarificationRounds,
    [property: System.ComponentModel.Description("The score stored when the vendor submitted (0-100).")] decimal? SubmittedScore,
    [property: System.ComponentModel.Description("The questionnaire engine's score over the current answers (0-100), null when nothing is scorable.")] decimal? Score,
    [property: System.ComponentModel.Description("Why the answers could not be scored, when the pinned questionnaire is unavailable.")] string? ScoringProblem,
    ResultCountsDto? ResultCounts, IReadOnlyList<FindingDto> Findings,
    [property: System.ComponentModel.Description("Claimed and verified score and the rating (ADR-026); null when the answers cannot be scored.")] AssuranceDto? Assurance = null);

/// <summary>What an assessment's answers claim and what of it is verified (ADR-026); pages, the PDF report and the exports show the same.</summary>
public sealed record AssuranceDto(
    [property: System.ComponentModel.Description("The questionnaire engine's score with every answer taken at the vendor's word (0-100, two decimals); null when nothing is scorable.")] decimal? ClaimedScore,
    [property: System.ComponentModel.Description("The same weighted score where only answers backed by accepted evidence or an independent check earn credit, and an unaccepted \"not applicable\" counts as unanswered (0-100, two decimals).")] decimal? VerifiedScore,
    [property: System.ComponentModel.Description("Strong, Moderate or Weak: the verified score's band (80 and above, 50 and above, below 50), capped at Weak by an open critical finding and at Moderate by an open high one; null when nothing is scorable.")] string? Rating,
    [property: System.ComponentModel.Description("True when an answer the claimed score counts is not verified (the two scores differ for that reason).")] bool Unverified,
    [property: System.ComponentModel.Description("Scored answers that earn credit on the vendor's word.")] int CreditAnswers,
    [property: System.ComponentModel.Description("Of those, the answers backed by accepted evidence or an independent check.")] int VerifiedAnswers,
    [property: System.ComponentModel.Description("Of the unverified ones, the answers with evidence no reviewer accepted yet.")] int AwaitingReview,
    [property: System.ComponentModel.Description("Questions answered \"not applicable\" whose reason no reviewer accepted yet.")] int NotApplicablePending,
    [property: System.ComponentModel.Description("Why the rating is below the verified score's band, one sentence each.")] IReadOnlyList<string> Caps,
    [property: System.ComponentModel.Description("The unverified part in words, as the review page and the PDF report show it.")] string Summary)
{
    public static AssuranceDto? From(Domain.Evidence.AssuranceVerdict? verdict) => verdict is null ? null
        : new AssuranceDto(verdict.ClaimedScore, verdict.VerifiedScore, verdict.Rating is { } r ? Domain.Evidence.AssuranceScoring.Label(r) : null,
            verdict.HasUnverified, verdict.CreditAnswers, verdict.VerifiedAnswers, verdict.AwaitingReview, verdict.NotApplicablePending,
            verdict.Caps, verdict.UnverifiedText);
}

public sealed record WorkflowOutcomeDto(Guid InstanceId, string DefinitionId, int DefinitionVersion, string Status, string? Result,
    [property: System.ComponentModel.Description("low, medium, high or critical, as set by the review workflow.")] string? ResidualRisk,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);

public sealed record ConditionDto(string Conditions, string? Owner, DateOnly? DueOn,
    [property: System.ComponentModel.Description("The committee member who set the condition with their vote.")] string SetBy, DateTimeOffset At,
    [property: System.ComponentModel.Description("Open, Closure submitted, Closed or Overdue (Not tracked for a condition set before conditions were tracked).")] string State = "",
    [property: System.ComponentModel.Description("The tracked condition's id; null when not tracked.")] Guid? Id = null);

public sealed record ResidualRatingDto(
    [property: System.ComponentModel.Description("1 (rare) to 5 (almost certain).")] int Likelihood,
    [property: System.ComponentModel.Description("1 (negligible) to 5 (severe).")] int Impact,
    [property: System.ComponentModel.Description("low, medium, high or critical, from likelihood x impact.")] string Level,
    DateTimeOffset? RatedAt);

public sealed record DecisionDto(Guid AssessmentId, Guid VendorId, string VendorName, string Title, AssessmentDecision Decision,
    DateTimeOffset? DecidedAt, string? DecisionNote, decimal? SubmittedScore, WorkflowOutcomeDto? Workflow,
    [property: System.ComponentModel.Description("The residual risk rated by the reviewers, null when none was rated.")] ResidualRatingDto? Residual = null,
    [property: System.ComponentModel.Description("The conditions of the approval (set by committee votes), oldest first, with owner, due date and state.")] IReadOnlyList<ConditionDto>? Conditions = null,
    [property: System.ComponentModel.Description("low, medium, high or critical: the residual rating's level, or the review workflow's when none was rated; the PDF report and the exports show the same.")] string? ResidualLevel = null,
    [property: System.ComponentModel.Description("Each reviewer's decision in the review workflow, oldest first.")] IReadOnlyList<ReviewerDecisionDto>? ReviewerDecisions = null,
    [property: System.ComponentModel.Description("Each committee vote, oldest first.")] IReadOnlyList<VoteDto>? Votes = null,
    [property: System.ComponentModel.Description("The findings reviewers raised, open first.")] IReadOnlyList<ReviewFindingDto>? ReviewFindings = null,
    [property: System.ComponentModel.Description("Claimed and verified score and the rating (ADR-026); null when the answers cannot be scored.")] AssuranceDto? Assurance = null,
    [property: System.ComponentModel.Description("The findings whose risk was accepted: until when, why, by whom, and whether the acceptance still holds.")] IReadOnlyList<AcceptedRiskDto>? AcceptedRisks = null);

/// <summary>What the tenant's internal members read about its assessments and decisions: the pages and the REST API.</summary>
public sealed class AssessmentQueries(AppDbContext db, Access access, TenantContext tenant, TimeProvider clock)
{
    public static readonly RolePermission Read = new("assessments.read", TenantRolesExtensions.Internal);

    /// <summary>Who may start a review, reopen questions and comment.</summary>
    public const TenantRoles ReviewRoles = TenantRoles.TenantAdmin | TenantRoles.VendorManager | TenantRoles.Reviewer;
    /// <summary>Who may send, cancel and decide an assessment outside a workflow.</summary>
    public const TenantRoles ManageRoles = TenantRoles.TenantAdmin | TenantRoles.VendorManager;
    /// <summary>Who may read an assessment's findings (the findings pages).</summary>
    public const TenantRoles FindingReaders = TenantRoles.Reviewer | TenantRoles.Auditor;

    private static readonly AssessmentStatus[] Decided =
        [AssessmentStatus.Approved, AssessmentStatus.ApprovedWithConditions, AssessmentStatus.Rejected];

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    /// <summary>Still with the vendor after its due date.</summary>
    public static bool IsOverdue(AssessmentStatus status, DateOnly dueOn, DateOnly today) =>
        dueOn < today && status is AssessmentStatus.Sent or AssessmentStatus.InProgress or AssessmentStatus.ClarificationRequested;

    /// <summary>The tenant's assessments by due date (at most 500), with the vendors to filter by.</summary>
    public async Task<Outcome<AssessmentList>> ListAsync(AssessmentFilter filter, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var today = Today;
        var query = db.Assessments.AsNoTracking();
        if (filter.Status is { } status) query = query.Where(a => a.Status == status);
        if (filter.VendorId is { } vendorId) query = query.Where(a => a.VendorId == vendorId);
        if (filter.OverdueOnly)
        {
            query = query.Where(a => a.DueOn < today
                && (a.Status == AssessmentStatus.Sent || a.Status == AssessmentStatus.InProgress || a.Status == AssessmentStatus.ClarificationRequested));
        }
        var rows = await query
            .Join(db.Vendors, a => a.VendorId, v => v.Id, (a, v) => new { a, v.LegalName })
            .OrderBy(x => x.a.DueOn).ThenBy(x => x.a.Title)
            .Select(x => new AssessmentRow(x.a.Id, x.a.Title, x.a.VendorId, x.LegalName, x.a.TemplateKey, x.a.TemplateVersion, x.a.Status, x.a.DueOn, x.a.Score))
            .Take(500)
            .ToListAsync(cancellationToken);
        var vendors = await db.Vendors.AsNoTracking().OrderBy(v => v.LegalName).Select(v => new VendorOption(v.Id, v.LegalName)).ToListAsync(cancellationToken);
        return new AssessmentList(rows, vendors, today);
    }

    /// <summary>One assessment with its live evaluation; NotFound for another tenant's id.</summary>
    public async Task<Outcome<AssessmentDetails>> DetailsAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var header = await db.Assessments.AsNoTracking().Where(a => a.Id == id)
            .Join(db.Vendors, a => a.VendorId, v => v.Id, (a, v) => new AssessmentHeader(a.Id, a.Title, a.Status, a.DueOn, a.VendorId, v.LegalName,
                a.TemplateKey, a.TemplateVersion, a.ContentHash, a.TemplateId, a.SentAt, a.SubmittedAt, a.DecisionNote, a.PreviousAssessmentId,
                a.Version, a.ReopenedItemIdsJson))
            .SingleOrDefaultAsync(cancellationToken);
        if (header is null) return Fail.NotFound("There is no such assessment.");
        var reopened = (JsonSerializer.Deserialize<List<string>>(header.ReopenedItemIdsJson) ?? []).ToHashSet(StringComparer.Ordinal);

        var answerRows = await db.AssessmentAnswers.AsNoTracking().Where(a => a.AssessmentId == id)
            .Select(a => new AnswerRow(a.ItemId, a.ValueJson, a.CarriedOver, a.UpdatedAt)
            {
                NotApplicableReason = a.NotApplicableReason, NotApplicableAccepted = a.NotApplicableAcceptedByUserId != null,
            }).ToListAsync(cancellationToken);
        var evidence = await db.EvidenceFiles.AsNoTracking().Where(e => e.AssessmentId == id).OrderBy(e => e.UploadedAt)
            .Select(e => new EvidenceRow(e.Id, e.ItemId, e.FileName, e.Length, e.UploadedAt)).ToListAsync(cancellationToken);
        var comments = await db.AssessmentComments.AsNoTracking().Where(c => c.AssessmentId == id).OrderBy(c => c.CreatedAt)
            .GroupJoin(db.Users, c => c.AuthorUserId, u => u.Id, (c, u) => new { c, u })
            .SelectMany(x => x.u.DefaultIfEmpty(), (x, u) => new CommentRow(x.c.Id, x.c.ItemId, u != null ? u.DisplayName : "Unknown",
                x.c.Body, x.c.VisibleToVendor, x.c.CreatedAt))
            .ToListAsync(cancellationToken);
        var contacts = await ContactsAsync(id, cancellationToken);
        var activeReview = await ActiveReviewAsync(id, cancellationToken);

        var today = Today;
        QuestionnaireDefinition? definition = null;
        QuestionnaireEvaluation? evaluation = null;
        Domain.Evidence.AssuranceVerdict? verdict = null;
        var (compiled, problem) = await PinnedQuestionnaire.LoadAsync(db, tenant.TenantId!.Value, header.TemplateId, header.ContentHash, cancellationToken);
        if (compiled is not null)
        {
            definition = compiled.Definition;
            var values = new Dictionary<string, AnswerValue>(StringComparer.Ordinal);
            foreach (var row in answerRows.Where(r => r.ValueJson is not null)) values[row.ItemId] = AnswerJson.Deserialize(row.ValueJson!);
            evaluation = new QuestionnaireEngine().Evaluate(compiled, values, await EvidenceAttachments.LoadAsync(db, id, cancellationToken), today);
            verdict = await AssessmentVerdicts.JudgeAsync(db, id, compiled, evaluation, cancellationToken);
        }
        var reader = !tenant.HasAnyRole(TenantRoles.VendorContact);
        return new AssessmentDetails(header, definition, evaluation, compiled is null ? problem : null,
            answerRows.ToDictionary(a => a.ItemId, StringComparer.Ordinal), evidence.ToLookup(e => e.ItemId, StringComparer.Ordinal),
            comments.ToLookup(c => c.ItemId, StringComparer.Ordinal), contacts, reopened, activeReview,
            tenant.HasAnyRole(ReviewRoles), tenant.HasAnyRole(ManageRoles), tenant.HasAnyRole(ReviewRoles | TenantRoles.CommitteeMember),
            reader && tenant.HasAnyRole(FindingReaders), today) { Verdict = verdict };
    }

    internal Task<List<string>> ContactsAsync(Guid assessmentId, CancellationToken cancellationToken) =>
        db.AssessmentContacts.Where(c => c.AssessmentId == assessmentId).OrderBy(c => c.Email).Select(c => c.Email).ToListAsync(cancellationToken);

    internal Task<Guid?> ActiveReviewAsync(Guid assessmentId, CancellationToken cancellationToken) =>
        db.Set<WorkflowInstance>().Where(i => i.AssessmentId == assessmentId && (i.Status == "waiting" || i.Status == "running"))
            .Select(i => (Guid?)i.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>What the send form offers for <paramref name="vendorId"/>: published questionnaires and the vendor's known contacts.</summary>
    public async Task<Outcome<SendAssessmentForm>> SendFormAsync(Guid vendorId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(AssessmentOperations.Send) is { } forbidden) return forbidden;
        var vendor = await db.Vendors.Where(v => v.Id == vendorId).Select(v => new { v.LegalName }).SingleOrDefaultAsync(cancellationToken);
        if (vendor is null) return Fail.NotFound("There is no such vendor.");
        var templates = await db.QuestionnaireTemplates.Where(t => t.Status == QuestionnaireStatus.Published)
            .OrderBy(t => t.Title).ThenBy(t => t.TemplateKey).ThenByDescending(t => t.PublishedAt)
            .Select(t => new TemplateOption(t.Id, t.TemplateKey, t.SemanticVersion, t.Title)).ToListAsync(cancellationToken);
        var people = await db.VendorContacts.Where(c => c.VendorId == vendorId).OrderBy(c => c.Name)
            .Select(c => new ContactOption(c.Email, c.Name + " (" + c.Email + ")")).ToListAsync(cancellationToken);
        var portalUsers = await db.Memberships.Where(m => m.VendorId == vendorId && !m.IsDisabled)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new ContactOption(u.Email!, u.DisplayName + " (" + u.Email + ", portal user)"))
            .ToListAsync(cancellationToken);
        var known = people.Concat(portalUsers.Where(p => people.All(c => !string.Equals(c.Email, p.Email, StringComparison.OrdinalIgnoreCase)))).ToList();
        return new SendAssessmentForm(vendor.LegalName, templates, known, Today);
    }

    /// <summary>Assessments newest first (<c>GET /api/v1/assessments</c>).</summary>
    public async Task<Outcome<PageOf<AssessmentSummaryDto>>> PageAsync(Guid? vendorId, AssessmentStatus? status, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var query = db.Assessments.AsNoTracking();
        if (vendorId is { } v) query = query.Where(a => a.VendorId == v);
        if (status is { } s) query = query.Where(a => a.Status == s);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).Skip((page - 1) * pageSize).Take(pageSize)
            .Select(a => new AssessmentSummaryDto(a.Id, a.VendorId, db.Vendors.Where(x => x.Id == a.VendorId).Select(x => x.LegalName).First(),
                a.Title, a.Status, a.DueOn, a.CreatedAt, a.SentAt, a.SubmittedAt, a.DecidedAt, a.Score))
            .ToListAsync(cancellationToken);
        return new PageOf<AssessmentSummaryDto>(items, page, pageSize, total);
    }

    /// <summary>An assessment with the engine's score and findings over its current answers (<c>GET /api/v1/assessments/{id}</c>).</summary>
    public async Task<Outcome<AssessmentDto>> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var assessment = await db.Assessments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (assessment is null) return Fail.NotFound("There is no such assessment.");
        var vendorName = await db.Vendors.Where(v => v.Id == assessment.VendorId).Select(v => v.LegalName).SingleAsync(cancellationToken);

        decimal? score = null;
        ResultCountsDto? counts = null;
        List<FindingDto> findings = [];
        AssuranceDto? assurance = null;
        var (compiled, problem) = await PinnedQuestionnaire.LoadAsync(db, assessment, cancellationToken);
        if (compiled is not null)
        {
            var answers = await AssessmentAnswers.LoadAsync(db, assessment.Id, cancellationToken);
            var evaluation = new QuestionnaireEngine().Evaluate(compiled, answers, await EvidenceAttachments.LoadAsync(db, id, cancellationToken), Today);
            score = evaluation.OverallScore;
            var c = evaluation.ResultCounts;
            counts = new ResultCountsDto(c.Compliant, c.PartiallyCompliant, c.NonCompliant, c.NotApplicable, c.Unanswered);
            findings = [.. evaluation.Findings.Select(f => new FindingDto(f.ItemId, f.Severity, f.Title, f.Controls))];
            assurance = AssuranceDto.From(await AssessmentVerdicts.JudgeAsync(db, assessment.Id, compiled, evaluation, cancellationToken));
        }
        return new AssessmentDto(assessment.Id, assessment.VendorId, vendorName, assessment.Title, assessment.Status,
            assessment.DueOn, assessment.TemplateKey, assessment.TemplateVersion, assessment.CreatedAt, assessment.SentAt, assessment.SubmittedAt,
            assessment.DecidedAt, assessment.DecisionNote, assessment.ClarificationRounds, assessment.Score, score, problem, counts, findings, assurance);
    }

    /// <summary>Decided assessments, newest decision first, with their workflow outcome (<c>GET /api/v1/decisions</c>).</summary>
    public async Task<Outcome<PageOf<DecisionDto>>> DecisionsAsync(Guid? vendorId, AssessmentDecision? decision, int page, int pageSize,
        CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var query = db.Assessments.AsNoTracking();
        if (vendorId is { } v) query = query.Where(a => a.VendorId == v);
        if (decision is { } o)
        {
            var status = o switch
            {
                AssessmentDecision.Approved => AssessmentStatus.Approved,
                AssessmentDecision.ApprovedWithConditions => AssessmentStatus.ApprovedWithConditions,
                _ => AssessmentStatus.Rejected,
            };
            query = query.Where(a => a.Status == status);
        }
        query = query.Where(a => Decided.Contains(a.Status));
        var total = await query.CountAsync(cancellationToken);
        var rows = await DecisionRows(query.OrderByDescending(a => a.DecidedAt).ThenByDescending(a => a.Id).Skip((page - 1) * pageSize).Take(pageSize))
            .ToListAsync(cancellationToken);
        return new PageOf<DecisionDto>(await WithWorkflowsAsync(rows, cancellationToken), page, pageSize, total);
    }

    /// <summary>The decision on one assessment; NotFound while it is undecided.</summary>
    public async Task<Outcome<DecisionDto>> DecisionAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var row = await DecisionRows(db.Assessments.AsNoTracking().Where(a => a.Id == assessmentId)).SingleOrDefaultAsync(cancellationToken);
        if (row is null) return Fail.NotFound("There is no such decided assessment.");
        return (await WithWorkflowsAsync([row], cancellationToken))[0];
    }

    private IQueryable<DecisionDto> DecisionRows(IQueryable<Assessment> assessments) =>
        assessments.Where(a => Decided.Contains(a.Status))
            .Select(a => new DecisionDto(a.Id, a.VendorId, db.Vendors.Where(v => v.Id == a.VendorId).Select(v => v.LegalName).First(), a.Title,
                a.Status == AssessmentStatus.Approved ? AssessmentDecision.Approved
                : a.Status == AssessmentStatus.ApprovedWithConditions ? AssessmentDecision.ApprovedWithConditions
                : AssessmentDecision.Rejected,
                a.DecidedAt, a.DecisionNote, a.Score, null,
                null, null));

    /// <summary>The workflow outcomes and the decision facts (<see cref="DecisionRecords"/>) of these assessments.</summary>
    private async Task<List<DecisionDto>> WithWorkflowsAsync(List<DecisionDto> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.AssessmentId).ToList();
        var facts = await DecisionRecords.LoadAsync(db, ids, Today, cancellationToken);
        var verdicts = await AssessmentVerdicts.LoadManyAsync(db, ids, cancellationToken);
        var instances = (await db.Set<WorkflowInstance>().AsNoTracking().Where(i => ids.Contains(i.AssessmentId))
                .Select(i => new { i.AssessmentId, Outcome = new WorkflowOutcomeDto(i.Id, i.DefinitionId, i.DefinitionVersion, i.Status, i.Result,
                    i.ResidualRisk, i.StartedAt, i.FinishedAt) })
                .ToListAsync(cancellationToken))
            .GroupBy(i => i.AssessmentId)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Outcome).OrderByDescending(o => o.StartedAt).First());
        return [.. rows.Select(r =>
        {
            var f = facts.GetValueOrDefault(r.AssessmentId);
            return r with
            {
                Workflow = instances.GetValueOrDefault(r.AssessmentId),
                Residual = f?.Rating,
                ResidualLevel = f?.ResidualLevel,
                Conditions = f is null ? [] : [.. f.Conditions.Select(c => new ConditionDto(c.Text, c.Owner, c.DueOn, c.SetBy, c.At, c.State, c.Id))],
                AcceptedRisks = f?.AcceptedRisks ?? [],
                ReviewerDecisions = f?.ReviewerDecisions ?? [],
                Votes = f?.Votes ?? [],
                ReviewFindings = f?.Findings ?? [],
                Assurance = AssuranceDto.From(verdicts.GetValueOrDefault(r.AssessmentId)),
            };
        })];
    }

    /// <summary>An answer in words: choice labels instead of values (the same words as the PDF report).</summary>
    public static string Display(QuestionnaireItem item, string? valueJson) =>
        valueJson is null ? "" : AnswerText.Display(item, AnswerJson.Deserialize(valueJson));
}
