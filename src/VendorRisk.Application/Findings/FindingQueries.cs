using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using FindingRow = VendorRisk.Application.Reviews.FindingRow;
using RaisedFindings = VendorRisk.Application.Reviews.RaisedFindings;
using ReviewSummaryReader = VendorRisk.Application.Reviews.ReviewSummaryReader;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Findings;

/// <summary>An assessment's findings with the question texts they link to.</summary>
public sealed record FindingList(FindingScope Scope, IReadOnlyList<FindingRow> Findings, IReadOnlyDictionary<string, string> Questions);

/// <summary>One finding with the moves its status allows this member (<see cref="FindingMoves"/>; none when the member may not act).</summary>
/// <param name="AcceptanceRule">Who may accept this finding's risk, in a sentence (ADR-027).</param>
/// <param name="LatestAcceptance">The latest expiry an acceptance made today may have.</param>
public sealed record FindingView(FindingScope Scope, FindingRow Finding, IReadOnlyDictionary<string, string> Questions, IReadOnlyList<string> Moves,
    string AcceptanceRule, DateOnly LatestAcceptance);

/// <summary>
/// A finding's fields as a person gives them: severity and treatment by name (any case), the owner as <see cref="FindingFields.VendorOwner"/> or
/// a member's user id, the linked question ids.
/// </summary>
public sealed record FindingFields(string? Severity, string? Title, string? Description, IReadOnlyList<string> ItemIds, string? Treatment,
    string? TreatmentPlan, string? Owner, DateOnly? DueOn)
{
    public const string VendorOwner = "vendor";
}

/// <summary>What the raise/edit form needs: the questions and owners to choose from, and the finding's current fields and version (or the defaults).</summary>
public sealed record FindingForm(FindingScope Scope, IReadOnlyList<(string Id, string Text)> Questions, IReadOnlyList<FindingOwner> Owners,
    FindingFields Fields, int Version);

/// <summary>The moves of a finding's status, by name.</summary>
public static class FindingMoves
{
    public const string Close = "close";
    public const string AcceptRisk = "accept-risk";
    public const string Reopen = "reopen";

    public static IReadOnlyList<string> Allowed(FindingStatus status, FindingOwnerKind owner) => status switch
    {
        FindingStatus.Open when owner == FindingOwnerKind.Vendor => [AcceptRisk],
        FindingStatus.Open => [Close, AcceptRisk],
        FindingStatus.RemediationProposed => [Close, AcceptRisk, Reopen],
        _ => [Reopen],
    };
}

/// <summary>What the internal findings pages read: reviewers and auditors (<see cref="ReadFindings"/>); the form only for who may act.</summary>
public sealed class FindingQueries(AppDbContext db, TenantContext tenant, Access access, FindingScopes scopes, TimeProvider clock)
{
    public async Task<Outcome<FindingList>> ListAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ReadFindings.Requirement) is { } forbidden) return forbidden;
        if (await scopes.LoadAsync(assessmentId, cancellationToken) is not { } scope) return Fail.NotFound("There is no such assessment.");
        var rows = await RaisedFindings.ForAssessmentAsync(db, assessmentId, scope.VendorName, cancellationToken: cancellationToken);
        return new FindingList(scope, rows, await QuestionTextsAsync(scope, cancellationToken));
    }

    public async Task<Outcome<FindingView>> FindAsync(Guid findingId, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ReadFindings.Requirement) is { } forbidden) return forbidden;
        var assessmentId = await db.ReviewFindings.AsNoTracking().Where(f => f.Id == findingId).Select(f => (Guid?)f.AssessmentId).SingleOrDefaultAsync(cancellationToken);
        if (assessmentId is null || await scopes.LoadAsync(assessmentId.Value, cancellationToken) is not { } scope) return Fail.NotFound("There is no such finding.");
        var row = (await RaisedFindings.ForAssessmentAsync(db, scope.AssessmentId, scope.VendorName, findingId, cancellationToken)).Single();
        var allowed = FindingMoves.Allowed(row.Status, row.OwnerKind);
        var moves = (scope.MayAct ? allowed : []).ToList();
        // Accepting a high or critical finding's risk is for the roles the gates name, whether or not they act on the review.
        var gates = await Gates.DecisionGates.PolicyAsync(db, cancellationToken);
        if (gates.AcceptanceRolesFor(row.Severity) is not null)
        {
            moves.Remove(FindingMoves.AcceptRisk);
            if (allowed.Contains(FindingMoves.AcceptRisk) && RiskAcceptors.Allows(tenant, gates, row.Severity, scope)) moves.Add(FindingMoves.AcceptRisk);
        }
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return new FindingView(scope, row, await QuestionTextsAsync(scope, cancellationToken), moves, Gates.DecisionGates.AcceptanceRule(gates, row.Severity),
            Domain.Common.BusinessDates.AddDays(today, gates.MaxAcceptanceDays));
    }

    /// <summary>
    /// The raise form (<paramref name="findingId"/> null; <paramref name="item"/> pre-fills it from the engine's finding on that question)
    /// or the edit form of a finding of the assessment. Only for who may act on the assessment's review.
    /// </summary>
    public async Task<Outcome<FindingForm>> FormAsync(Guid assessmentId, Guid? findingId, string? item, CancellationToken cancellationToken)
    {
        if (await scopes.LoadAsync(assessmentId, cancellationToken) is not { } scope) return Fail.NotFound("There is no such assessment.");
        ReviewFinding? finding = null;
        if (findingId is { } id && (finding = await db.ReviewFindings.AsNoTracking().SingleOrDefaultAsync(f => f.Id == id && f.AssessmentId == assessmentId,
                cancellationToken)) is null)
            return Fail.NotFound("There is no such finding.");
        if (await access.DemandAsync(ActOnFindings.Requirement, scope) is { } forbidden) return forbidden;
        var questions = await FindingRows.QuestionsAsync(db, tenant.TenantId!.Value, scope, cancellationToken);
        var owners = await FindingRows.OwnersAsync(db, cancellationToken);
        if (finding is not null)
        {
            return new FindingForm(scope, questions, owners, new FindingFields(Name(finding.Severity), finding.Title, finding.Description, [.. finding.LinkedItemIds],
                Name(finding.Treatment), finding.TreatmentPlan, finding.OwnedByVendor ? FindingFields.VendorOwner : finding.OwnerUserId.ToString(), finding.DueOn),
                finding.Version);
        }
        var fields = new FindingFields(Name(FindingSeverity.Medium), null, null, [], Name(FindingTreatment.Mitigate), null, FindingFields.VendorOwner,
            DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(30));
        // "Raise as finding" from an engine-computed finding: its severity, title and question, as the engine sees them now.
        if (!string.IsNullOrEmpty(item) && await ReviewSummaryReader.LoadAsync(db, assessmentId, cancellationToken) is { } summary
            && summary.Findings.FirstOrDefault(f => f.ItemId == item) is { } computed)
        {
            fields = fields with
            {
                Severity = Name(computed.Severity),
                Title = computed.Title.Length > ReviewFinding.TitleMaxLength ? computed.Title[..ReviewFinding.TitleMaxLength] : computed.Title,
                ItemIds = [computed.ItemId],
            };
        }
        return new FindingForm(scope, questions, owners, fields, 0);
    }

    private async Task<IReadOnlyDictionary<string, string>> QuestionTextsAsync(FindingScope scope, CancellationToken cancellationToken) =>
        (await FindingRows.QuestionsAsync(db, tenant.TenantId!.Value, scope, cancellationToken)).ToDictionary(q => q.Id, q => q.Text, StringComparer.Ordinal);

    public static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
