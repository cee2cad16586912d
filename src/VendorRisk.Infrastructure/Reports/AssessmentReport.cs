using VendorRisk.Domain.Audit;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;

namespace VendorRisk.Infrastructure.Reports;

/// <summary>Everything the assessment report shows, read once and rendered by <see cref="AssessmentPdfRenderer"/>.</summary>
public sealed record AssessmentReport(
    string TenantName,
    string VendorName,
    string? VendorTier,
    string Title,
    string QuestionnaireTitle,
    string TemplateKey,
    string TemplateVersion,
    string ContentHash,
    string Status,
    DateOnly DueOn,
    DateTimeOffset? SentAt,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? DecidedAt,
    decimal? Score,
    ResultCounts? Counts,
    string? Decision,
    string? DecisionNote,
    string? ScoringProblem,
    IReadOnlyList<ReportSection> Sections,
    IReadOnlyList<ReportEvidence> Evidence,
    IReadOnlyList<ReportFinding> Findings,
    /// <summary>The residual rating in words (level, likelihood x impact), as the API and the exports give it.</summary>
    string ResidualRisk,
    string? WorkflowStatus,
    string? WorkflowResult,
    IReadOnlyList<ReportVote> Votes,
    IReadOnlyList<ReportReviewerDecision> ReviewerDecisions,
    IReadOnlyList<ReportReviewFinding> ReviewFindings,
    IReadOnlyList<ReportAuditEvent> AuditEvents,
    AuditChainVerification Chain,
    DateTimeOffset GeneratedAt,
    string GeneratedBy,
    IReadOnlyList<string>? Conditions = null,
    IReadOnlyList<string>? AcceptedRisks = null)
{
    /// <summary>Claimed and verified score and the rating (ADR-026); null when the answers cannot be scored.</summary>
    public VendorRisk.Domain.Evidence.AssuranceVerdict? Assurance { get; init; }
}

public sealed record ReportSection(string Title, int Depth, IReadOnlyList<ReportAnswer> Answers);

public sealed record ReportAnswer(string ItemId, string Question, string Answer);

public sealed record ReportEvidence(string FileName, long Length, string ItemId, string UploadedBy, DateTimeOffset UploadedAt);

public sealed record ReportFinding(string ItemId, FindingSeverity Severity, string Title, string Controls);

public sealed record ReportVote(string Voter, string Vote, DateTimeOffset At, string? Conditions, string? ConditionsOwner, DateOnly? ConditionsDueOn,
    string? Reason);

/// <summary>A reviewer's decision on a review task; the outcome in words.</summary>
public sealed record ReportReviewerDecision(string Reviewer, string Task, string Outcome, DateTimeOffset At, string? Comment);

/// <summary>A finding a reviewer raised; status and treatment in words.</summary>
public sealed record ReportReviewFinding(FindingSeverity Severity, string Title, string Status, string Treatment, DateOnly DueOn, bool IsOpen);

public sealed record ReportAuditEvent(long Sequence, DateTimeOffset At, string Actor, string Action, string Entity);

/// <summary>An answer in words: choice labels instead of stored values.</summary>
public static class AnswerText
{
    public static string Display(QuestionnaireItem item, AnswerValue? value)
    {
        if (value is null || value.IsEmpty) return "";
        string Label(string v) => item.Choices.FirstOrDefault(c => c.Value == v)?.Label ?? v;
        return value.Kind switch
        {
            AnswerKind.Choices => string.Join(", ", value.ListValue.Select(Label)),
            AnswerKind.Boolean => item.Choices.IsEmpty ? (value.BooleanValue ? "Yes" : "No") : Label(value.BooleanValue ? "true" : "false"),
            AnswerKind.Files => $"{value.ListValue.Length} file(s)",
            _ => item.Type == ItemType.SingleChoice ? Label(value.ToInvariantString()) : value.ToInvariantString(),
        };
    }

    /// <summary>A vote as people say it.</summary>
    public static string Vote(string vote) => vote switch
    {
        "approve" => "Approve",
        "approveWithConditions" => "Approve with conditions",
        "reject" => "Reject",
        _ => vote,
    };

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / (1024.0 * 1024):0.#} MB",
    };
}
