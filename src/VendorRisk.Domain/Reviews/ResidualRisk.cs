namespace VendorRisk.Domain.Reviews;

/// <summary>Residual risk as the reviewers and the committee rate it: likelihood x impact, each 1-5.</summary>
public static class ResidualRisk
{
    /// <summary>The level of a rating, as every page, export, report and API response names it: low, medium, high or critical.</summary>
    public static string Level(int likelihood, int impact) => (likelihood * impact) switch
    {
        <= 4 => "low",
        <= 9 => "medium",
        <= 16 => "high",
        _ => "critical",
    };
}
