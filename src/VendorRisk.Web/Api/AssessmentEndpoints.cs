using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Reviews;
using VendorRisk.Application.Assessments;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Application.Common;

namespace VendorRisk.Web.Api;

public sealed record AssessmentSummaryDto(Guid Id, Guid VendorId, string VendorName, string Title, AssessmentStatus Status, DateOnly DueOn,
    DateTimeOffset CreatedAt, DateTimeOffset? SentAt, DateTimeOffset? SubmittedAt, DateTimeOffset? DecidedAt, decimal? SubmittedScore);

public sealed record FindingDto(string ItemId, FindingSeverity Severity, string Title, IReadOnlyList<string> Controls);

public sealed record ResultCountsDto(int Compliant, int PartiallyCompliant, int NonCompliant, int NotApplicable, int Unanswered);

public sealed record AssessmentDto(Guid Id, Guid VendorId, string VendorName, string Title, AssessmentStatus Status, DateOnly DueOn,
    string TemplateKey, string TemplateVersion, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, DateTimeOffset? SubmittedAt,
    DateTimeOffset? DecidedAt, string? DecisionNote, int ClarificationRounds,
    [property: Description("The score stored when the vendor submitted (0-100).")] decimal? SubmittedScore,
    [property: Description("The questionnaire engine's score over the current answers (0-100), null when nothing is scorable.")] decimal? Score,
    [property: Description("Why the answers could not be scored, when the pinned questionnaire is unavailable.")] string? ScoringProblem,
    ResultCountsDto? ResultCounts, IReadOnlyList<FindingDto> Findings);

public sealed record WorkflowOutcomeDto(Guid InstanceId, string DefinitionId, int DefinitionVersion, string Status, string? Result,
    [property: Description("low, medium, high or critical, as set by the review workflow.")] string? ResidualRisk,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);

public sealed record ConditionDto(string Conditions, string? Owner, DateOnly? DueOn,
    [property: Description("The committee member who set the condition with their vote.")] string SetBy, DateTimeOffset At);

public sealed record ResidualRatingDto(
    [property: Description("1 (rare) to 5 (almost certain).")] int Likelihood,
    [property: Description("1 (negligible) to 5 (severe).")] int Impact,
    [property: Description("low, medium, high or critical, from likelihood x impact.")] string Level,
    DateTimeOffset? RatedAt);

public sealed record DecisionDto(Guid AssessmentId, Guid VendorId, string VendorName, string Title, AssessmentDecision Decision,
    DateTimeOffset? DecidedAt, string? DecisionNote, decimal? SubmittedScore, WorkflowOutcomeDto? Workflow,
    [property: Description("The residual risk rated by the reviewers, null when none was rated.")] ResidualRatingDto? Residual = null,
    [property: Description("Conditions set by committee votes, oldest first.")] IReadOnlyList<ConditionDto>? Conditions = null);

/// <summary>Assessments (status, score, findings from the engine) and decisions (decided assessments with their workflow outcome).</summary>
public static class AssessmentEndpoints
{
    private static readonly AssessmentStatus[] Decided =
        [AssessmentStatus.Approved, AssessmentStatus.ApprovedWithConditions, AssessmentStatus.Rejected];

    public static void Map(RouteGroupBuilder api)
    {
        var assessments = api.MapGroup("/assessments").WithTags("Assessments");
        assessments.MapGet("/", List).WithName("ListAssessments").WithSummary("List assessments")
            .WithDescription("Newest first.").Produces<PageOf<AssessmentSummaryDto>>().ProducesValidationProblem();
        assessments.MapGet("/{id:guid}", Get).WithName("GetAssessment").WithSummary("Get an assessment with its score and findings")
            .WithDescription("Score and findings are evaluated by the questionnaire engine over the stored answers and the pinned questionnaire version.")
            .Produces<AssessmentDto>().Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound);

        var decisions = api.MapGroup("/decisions").WithTags("Decisions");
        decisions.MapGet("/", ListDecisions).WithName("ListDecisions").WithSummary("List decided assessments")
            .WithDescription("Approved, approved with conditions or rejected; newest decision first, with the review workflow's outcome and residual risk.")
            .Produces<PageOf<DecisionDto>>().ProducesValidationProblem();
        decisions.MapGet("/{assessmentId:guid}", GetDecision).WithName("GetDecision").WithSummary("Get the decision on an assessment")
            .Produces<DecisionDto>().Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> List(HttpContext http, AppDbContext db,
        [Description("Only this vendor's assessments.")] string? vendorId,
        [Description("Draft, Sent, InProgress, Submitted, InReview, ClarificationRequested, Approved, ApprovedWithConditions, Rejected, Cancelled or Expired.")] string? status,
        [Description("Page number, from 1.")] string? page,
        [Description("Items per page, 1 to 100 (default 25).")] string? pageSize,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, errors);
        var vendor = Paging.ReadGuid(vendorId, "vendorId", errors);
        var statusFilter = Paging.ReadEnum<AssessmentStatus>(status, "status", errors);
        if (errors.Count > 0) return ApiProblems.Validation(http, errors);

        var query = db.Assessments.AsNoTracking();
        if (vendor is { } v) query = query.Where(a => a.VendorId == v);
        if (statusFilter is { } s) query = query.Where(a => a.Status == s);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).Skip(paging.Skip).Take(paging.PageSize)
            .Select(a => new AssessmentSummaryDto(a.Id, a.VendorId, db.Vendors.Where(x => x.Id == a.VendorId).Select(x => x.LegalName).First(),
                a.Title, a.Status, a.DueOn, a.CreatedAt, a.SentAt, a.SubmittedAt, a.DecidedAt, a.Score))
            .ToListAsync(cancellationToken);
        return ApiRepresentation.Ok(http, paging.Of(items, total));
    }

    private static async Task<IResult> Get(Guid id, HttpContext http, AppDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var assessment = await db.Assessments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (assessment is null) return ApiProblems.NotFound(http, "assessment");
        var vendorName = await db.Vendors.Where(v => v.Id == assessment.VendorId).Select(v => v.LegalName).SingleAsync(cancellationToken);

        decimal? score = null;
        ResultCountsDto? counts = null;
        List<FindingDto> findings = [];
        var (compiled, problem) = await PinnedQuestionnaire.LoadAsync(db, assessment, cancellationToken);
        if (compiled is not null)
        {
            var answers = await AssessmentAnswers.LoadAsync(db, assessment.Id, cancellationToken);
            var evidence = await db.EvidenceFiles.AsNoTracking().Where(e => e.AssessmentId == id)
                .Select(e => new { e.Id, e.ItemId, e.UploadedAt }).ToListAsync(cancellationToken);
            var attachments = evidence.GroupBy(e => e.ItemId, StringComparer.Ordinal).ToDictionary(g => g.Key,
                g => (IReadOnlyList<EvidenceAttachment>)[.. g.Select(e => new EvidenceAttachment(e.Id.ToString(), DateOnly.FromDateTime(e.UploadedAt.UtcDateTime)))],
                StringComparer.Ordinal);
            var evaluation = new QuestionnaireEngine().Evaluate(compiled, answers, attachments, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
            score = evaluation.OverallScore;
            var c = evaluation.ResultCounts;
            counts = new ResultCountsDto(c.Compliant, c.PartiallyCompliant, c.NonCompliant, c.NotApplicable, c.Unanswered);
            findings = [.. evaluation.Findings.Select(f => new FindingDto(f.ItemId, f.Severity, f.Title, f.Controls))];
        }
        return ApiRepresentation.Ok(http, new AssessmentDto(assessment.Id, assessment.VendorId, vendorName, assessment.Title, assessment.Status,
            assessment.DueOn, assessment.TemplateKey, assessment.TemplateVersion, assessment.CreatedAt, assessment.SentAt, assessment.SubmittedAt,
            assessment.DecidedAt, assessment.DecisionNote, assessment.ClarificationRounds, assessment.Score, score, problem, counts, findings));
    }

    private static IQueryable<DecisionDto> DecisionRows(AppDbContext db, IQueryable<Assessment> assessments) =>
        assessments.Where(a => Decided.Contains(a.Status))
            .Select(a => new DecisionDto(a.Id, a.VendorId, db.Vendors.Where(v => v.Id == a.VendorId).Select(v => v.LegalName).First(), a.Title,
                a.Status == AssessmentStatus.Approved ? AssessmentDecision.Approved
                : a.Status == AssessmentStatus.ApprovedWithConditions ? AssessmentDecision.ApprovedWithConditions
                : AssessmentDecision.Rejected,
                a.DecidedAt, a.DecisionNote, a.Score, null,
                a.ResidualLikelihood != null && a.ResidualImpact != null
                    ? new ResidualRatingDto(a.ResidualLikelihood.Value, a.ResidualImpact.Value, "", a.ResidualRatedAt)
                    : null,
                null));

    /// <summary>The workflow outcomes and committee conditions of these assessments, two queries for a whole page.</summary>
    private static async Task<List<DecisionDto>> WithWorkflowsAsync(AppDbContext db, List<DecisionDto> rows, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.AssessmentId).ToList();
        var conditions = (await db.Set<WorkflowVote>().AsNoTracking().Where(v => v.Conditions != null)
                .Join(db.Set<WorkflowTask>().Where(t => ids.Contains(t.AssessmentId)), v => v.WorkflowTaskId, t => t.Id, (v, t) => new
                {
                    t.AssessmentId, v.Conditions, v.ConditionsOwner, v.ConditionsDueOn, v.At,
                    SetBy = db.Users.Where(u => u.Id == v.VoterUserId).Select(u => u.DisplayName).FirstOrDefault(),
                })
                .ToListAsync(cancellationToken))
            .OrderBy(c => c.At)
            .ToLookup(c => c.AssessmentId, c => new ConditionDto(c.Conditions!, c.ConditionsOwner, c.ConditionsDueOn, c.SetBy ?? "Unknown", c.At));
        var instances = (await db.Set<WorkflowInstance>().AsNoTracking().Where(i => ids.Contains(i.AssessmentId))
                .Select(i => new { i.AssessmentId, Outcome = new WorkflowOutcomeDto(i.Id, i.DefinitionId, i.DefinitionVersion, i.Status, i.Result,
                    i.ResidualRisk, i.StartedAt, i.FinishedAt) })
                .ToListAsync(cancellationToken))
            .GroupBy(i => i.AssessmentId)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Outcome).OrderByDescending(o => o.StartedAt).First());
        return [.. rows.Select(r => r with
        {
            Workflow = instances.GetValueOrDefault(r.AssessmentId),
            Residual = r.Residual is { } rating ? rating with { Level = Domain.Reviews.ResidualRisk.Level(rating.Likelihood, rating.Impact) } : null,
            Conditions = [.. conditions[r.AssessmentId]],
        })];
    }

    private static async Task<IResult> ListDecisions(HttpContext http, AppDbContext db,
        [Description("Only this vendor's decisions.")] string? vendorId,
        [Description("Approved, ApprovedWithConditions or Rejected.")] string? decision,
        [Description("Page number, from 1.")] string? page,
        [Description("Items per page, 1 to 100 (default 25).")] string? pageSize,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, errors);
        var vendor = Paging.ReadGuid(vendorId, "vendorId", errors);
        var outcome = Paging.ReadEnum<AssessmentDecision>(decision, "decision", errors);
        if (errors.Count > 0) return ApiProblems.Validation(http, errors);

        var query = db.Assessments.AsNoTracking();
        if (vendor is { } v) query = query.Where(a => a.VendorId == v);
        if (outcome is { } o)
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
        var rows = await DecisionRows(db, query.OrderByDescending(a => a.DecidedAt).ThenByDescending(a => a.Id).Skip(paging.Skip).Take(paging.PageSize))
            .ToListAsync(cancellationToken);
        return ApiRepresentation.Ok(http, paging.Of(await WithWorkflowsAsync(db, rows, cancellationToken), total));
    }

    private static async Task<IResult> GetDecision(Guid assessmentId, HttpContext http, AppDbContext db, CancellationToken cancellationToken)
    {
        var row = await DecisionRows(db, db.Assessments.AsNoTracking().Where(a => a.Id == assessmentId)).SingleOrDefaultAsync(cancellationToken);
        if (row is null) return ApiProblems.NotFound(http, "decided assessment");
        return ApiRepresentation.Ok(http, (await WithWorkflowsAsync(db, [row], cancellationToken))[0]);
    }
}
