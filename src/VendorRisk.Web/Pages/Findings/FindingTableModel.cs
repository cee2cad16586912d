namespace VendorRisk.Web.Pages.Findings;

/// <summary>What <c>_FindingTable</c> shows.</summary>
public sealed record FindingTableModel(string Slug, IReadOnlyList<FindingRow> Findings, IReadOnlyDictionary<string, string> Questions, DateOnly Today);
