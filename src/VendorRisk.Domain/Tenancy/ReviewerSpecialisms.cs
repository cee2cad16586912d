namespace VendorRisk.Domain.Tenancy;

/// <summary>
/// What a reviewer is qualified to review. Workflow definitions name these as roles (<c>security</c>, <c>privacy</c>,
/// <c>aiGovernance</c>); a task for one goes to a member holding both the Reviewer role and the specialism.
/// </summary>
[Flags]
public enum ReviewerSpecialisms
{
    None = 0,
    Security = 1,
    Privacy = 2,
    AiGovernance = 4,
}

public static class ReviewerSpecialismsExtensions
{
    public const ReviewerSpecialisms All = ReviewerSpecialisms.Security | ReviewerSpecialisms.Privacy | ReviewerSpecialisms.AiGovernance;

    public static IEnumerable<ReviewerSpecialisms> Each(this ReviewerSpecialisms specialisms) =>
        Enum.GetValues<ReviewerSpecialisms>().Where(s => s != ReviewerSpecialisms.None && specialisms.HasFlag(s));

    public static string DisplayName(this ReviewerSpecialisms specialism) => specialism switch
    {
        ReviewerSpecialisms.None => "None",
        ReviewerSpecialisms.Security => "Security",
        ReviewerSpecialisms.Privacy => "Privacy",
        ReviewerSpecialisms.AiGovernance => "AI governance",
        _ => string.Join(", ", specialism.Each().Select(DisplayName)),
    };

    /// <summary>The specialism a workflow role names (<c>security</c>, <c>privacy</c>, <c>aiGovernance</c>), or None for other roles.</summary>
    public static ReviewerSpecialisms FromWorkflowRole(string? role) => role switch
    {
        "security" => ReviewerSpecialisms.Security,
        "privacy" => ReviewerSpecialisms.Privacy,
        "aiGovernance" => ReviewerSpecialisms.AiGovernance,
        _ => ReviewerSpecialisms.None,
    };
}
