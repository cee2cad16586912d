using System.ComponentModel;
using VendorRisk.Application.Assessments;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Assessments;

namespace VendorRisk.Web.Api;

/// <summary>Assessments (status, score, findings from the engine) and decisions (decided assessments with their workflow outcome).</summary>
public static class AssessmentEndpoints
{
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

    private static async Task<IResult> List(HttpContext http, AssessmentQueries assessments,
        [Description("Only this vendor's assessments.")][QueryType(typeof(Guid))] string? vendorId,
        [Description("Draft, Sent, InProgress, Submitted, InReview, ClarificationRequested, Approved, ApprovedWithConditions, Rejected, Cancelled or Expired.")][QueryType(typeof(AssessmentStatus))] string? status,
        [Description("Page number, from 1.")][QueryType(typeof(int))] string? page,
        [Description("Items per page, 1 to 100 (default 25).")][QueryType(typeof(int))] string? pageSize,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, errors);
        var vendor = Paging.ReadGuid(vendorId, "vendorId", errors);
        var statusFilter = Paging.ReadEnum<AssessmentStatus>(status, "status", errors);
        if (errors.Count > 0) return ApiProblems.Validation(http, errors);

        var list = await assessments.PageAsync(vendor, statusFilter, paging.Page, paging.PageSize, cancellationToken);
        return list.Succeeded ? ApiRepresentation.Ok(http, list.Value) : ApiProblems.From(http, list);
    }

    private static async Task<IResult> Get(Guid id, HttpContext http, AssessmentQueries assessments, CancellationToken cancellationToken)
    {
        var assessment = await assessments.FindAsync(id, cancellationToken);
        if (assessment.Status == OutcomeStatus.NotFound) return ApiProblems.NotFound(http, "assessment");
        return assessment.Succeeded ? ApiRepresentation.Ok(http, assessment.Value) : ApiProblems.From(http, assessment);
    }

    private static async Task<IResult> ListDecisions(HttpContext http, AssessmentQueries assessments,
        [Description("Only this vendor's decisions.")][QueryType(typeof(Guid))] string? vendorId,
        [Description("Approved, ApprovedWithConditions or Rejected.")][QueryType(typeof(AssessmentDecision))] string? decision,
        [Description("Page number, from 1.")][QueryType(typeof(int))] string? page,
        [Description("Items per page, 1 to 100 (default 25).")][QueryType(typeof(int))] string? pageSize,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, errors);
        var vendor = Paging.ReadGuid(vendorId, "vendorId", errors);
        var outcome = Paging.ReadEnum<AssessmentDecision>(decision, "decision", errors);
        if (errors.Count > 0) return ApiProblems.Validation(http, errors);

        var list = await assessments.DecisionsAsync(vendor, outcome, paging.Page, paging.PageSize, cancellationToken);
        return list.Succeeded ? ApiRepresentation.Ok(http, list.Value) : ApiProblems.From(http, list);
    }

    private static async Task<IResult> GetDecision(Guid assessmentId, HttpContext http, AssessmentQueries assessments, CancellationToken cancellationToken)
    {
        var row = await assessments.DecisionAsync(assessmentId, cancellationToken);
        if (row.Status == OutcomeStatus.NotFound) return ApiProblems.NotFound(http, "decided assessment");
        return row.Succeeded ? ApiRepresentation.Ok(http, row.Value) : ApiProblems.From(http, row);
    }
}
