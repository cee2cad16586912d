using VendorRisk.Infrastructure.Email;

namespace VendorRisk.Application.Reviews;

/// <summary>What a workflow e-mail talks about.</summary>
/// <param name="Link">Absolute link to the task (or the review) for internal people; null for the vendor.</param>
public sealed record WorkflowMailContext(string TenantName, string AssessmentTitle, string VendorName, string? TaskTitle, DateTimeOffset? DueAt,
    string? Link, string? Note);

/// <summary>
/// The e-mails named by workflow definitions (<c>notify.template</c> and the interpreter's task templates), built on
/// <see cref="EmailTemplates.Layout"/> so every value is encoded.
/// </summary>
public static class WorkflowEmailTemplates
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "workflow-task-assigned", "workflow-task-reminder", "workflow-task-escalated", "workflow-vote-requested",
        "workflow-clarification-requested", "review-approved", "review-approved-with-conditions", "review-rejected", "committee-no-quorum",
    };

    public static EmailContent Render(string template, WorkflowMailContext c)
    {
        var subjectOf = $"{c.AssessmentTitle} ({c.VendorName})";
        var due = c.DueAt is { } d ? $"It is due on {d.UtcDateTime:d MMMM yyyy, HH:mm} UTC." : null;
        (string Label, string Url)? open = c.Link is null ? null : ("Open the review", c.Link);
        string[] Lines(params string?[] lines) => [.. lines.Where(l => !string.IsNullOrWhiteSpace(l)).Select(l => l!)];

        return template switch
        {
            "workflow-task-assigned" => EmailTemplates.Layout($"Review task: {subjectOf}", c.TaskTitle ?? "A review task for you",
                Lines($"A review task of {c.TenantName} is waiting for you: {c.TaskTitle} for {subjectOf}.", c.Note, due), open),
            "workflow-task-reminder" => EmailTemplates.Layout($"Reminder: {subjectOf}", "A review task is due soon",
                Lines($"{c.TaskTitle} for {subjectOf} is still open.", due), open),
            "workflow-task-escalated" => EmailTemplates.Layout($"Escalated: {subjectOf}", "A review task passed its deadline",
                Lines($"{c.TaskTitle} for {subjectOf} was not decided in time and has been escalated. You may decide it now.", due), open),
            "workflow-vote-requested" => EmailTemplates.Layout($"Committee vote: {subjectOf}", "Your vote is requested",
                Lines($"The risk committee of {c.TenantName} is asked to vote on {subjectOf}.", due), open),
            "workflow-clarification-requested" => EmailTemplates.Layout($"Questions reopened: {c.AssessmentTitle}", "Please clarify your answers",
                Lines($"{c.TenantName} reviewed your answers to {c.AssessmentTitle} and reopened some questions for clarification.", c.Note,
                    "Sign in to the vendor portal to answer them.", due)),
            "review-approved" => EmailTemplates.Layout($"Approved: {subjectOf}", "The assessment was approved",
                Lines($"The review of {subjectOf} at {c.TenantName} ended: approved.")),
            "review-approved-with-conditions" => EmailTemplates.Layout($"Approved with conditions: {subjectOf}", "The assessment was approved with conditions",
                Lines($"The review of {subjectOf} at {c.TenantName} ended: approved with conditions.", c.Note)),
            "review-rejected" => EmailTemplates.Layout($"Rejected: {subjectOf}", "The assessment was rejected",
                Lines($"The review of {subjectOf} at {c.TenantName} ended: rejected.", c.Note)),
            "committee-no-quorum" => EmailTemplates.Layout($"No quorum: {subjectOf}", "The committee vote had no quorum",
                Lines($"Too few committee members voted on {subjectOf} before the deadline. A new round of voting has been opened if rounds remain."), open),
            _ => EmailTemplates.Layout($"Review update: {subjectOf}", "Review update", Lines($"There is an update on the review of {subjectOf}."), open),
        };
    }
}
