using VendorRisk.Application.Assessments;

namespace VendorRisk.Application.Reviews;

/// <summary>
/// The review's stored codes (workflow outcomes, results, statuses, task kinds) in words, for the pages that show them.
/// A button offers an outcome (<see cref="Offer"/>: "Approve with conditions"); what happened reads in the past
/// (<see cref="Taken"/>: "Approved with conditions"). An unknown code is split into words ("roundsExhausted": "Rounds exhausted").
/// </summary>
public static class ReviewWords
{
    /// <summary>An outcome as a decision to take: "Approve", "Request clarification".</summary>
    public static string Offer(string outcome) => DecisionRecords.OutcomeLabel(outcome);

    /// <summary>An outcome, a vote or a workflow result as something that happened: "Approved with conditions", "Clarification requested".</summary>
    public static string Taken(string? code) => code switch
    {
        null or "" => "",
        "approve" or "approved" => "Approved",
        "approveWithConditions" or "approvedWithConditions" => "Approved with conditions",
        "reject" or "rejected" => "Rejected",
        ReviewDecision.ClarificationOutcome => "Clarification requested",
        "start" => "Started",
        "deadlineExtended" => "Deadline extended",
        _ => Words(code),
    };

    /// <summary>A review's status: "Running", "Waiting for a person", "Completed", "Cancelled", "Stopped by an error".</summary>
    public static string Status(string status) => status switch
    {
        "running" => "Running",
        "waiting" => "Waiting for a person",
        "completed" => "Completed",
        "cancelled" => "Cancelled",
        "faulted" => "Stopped by an error",
        _ => Words(status),
    };

    /// <summary>A task's kind: "Decision", "Committee vote", "Clarification by the vendor".</summary>
    public static string Kind(string kind) => kind switch
    {
        WorkflowRunner.KindHumanTask => "Decision",
        WorkflowRunner.KindVote => "Committee vote",
        WorkflowRunner.KindClarification => "Clarification by the vendor",
        _ => Words(kind),
    };

    /// <summary>A residual risk level ("medium") as a label ("Medium").</summary>
    public static string Level(string level) => Words(level);

    /// <summary>"approveWithConditions" as "Approve with conditions"; "low" as "Low".</summary>
    public static string Words(string code)
    {
        var words = new System.Text.StringBuilder(code.Length + 8);
        foreach (var ch in code)
        {
            if (ch is '-' or '_') words.Append(' ');
            else if (char.IsUpper(ch) && words.Length > 0) words.Append(' ').Append(char.ToLowerInvariant(ch));
            else words.Append(words.Length == 0 ? char.ToUpperInvariant(ch) : ch);
        }
        return words.ToString();
    }
}
