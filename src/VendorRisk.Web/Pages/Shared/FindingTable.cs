using VendorRisk.Application.Reviews;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Questionnaires;

namespace VendorRisk.Web.Pages.Shared;

/// <summary>What <c>_FindingTable</c> shows: the findings list and the reviewer's task page render it.</summary>
public sealed record FindingTableModel(string Slug, IReadOnlyList<FindingRow> Findings, IReadOnlyDictionary<string, string> Questions, DateOnly Today);

/// <summary>How findings look on the internal pages.</summary>
public static class FindingBadges
{
    public static string SeverityLabel(FindingSeverity severity) => severity.ToString().ToLowerInvariant();

    public static string Severity(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Critical => "text-bg-danger",
        FindingSeverity.High => "text-bg-warning",
        FindingSeverity.Medium => "text-bg-info",
        _ => "text-bg-secondary",
    };

    public static string Status(FindingStatus status) => status switch
    {
        FindingStatus.Open => "text-bg-primary",
        FindingStatus.RemediationProposed => "text-bg-warning",
        FindingStatus.Closed => "text-bg-success",
        _ => "text-bg-secondary",
    };
}
