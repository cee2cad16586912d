using VendorRisk.Domain.Coverage;
using VendorRisk.Domain.Evidence;

namespace VendorRisk.Domain.Tests.Content;

/// <summary>Issue 15's acceptance figures, measured by running the engine and the coverage calculator on the shipped files.</summary>
public class FrameworkTargetTests
{
    public static TheoryData<string> Targets()
    {
        var data = new TheoryData<string>();
        foreach (var (name, _) in MappingsDocument.Targets) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_control_of_the_target_is_supported_for_a_favourable_maximal_vendor(string target)
    {
        var controls = MappingsDocument.Targets.Single(t => t.Name == target).Controls;
        var coverage = ShippedContent.Coverage(ShippedContent.Maximal).ToDictionary(c => c.Control.Id, StringComparer.Ordinal);
        Assert.All(controls, id =>
        {
            Assert.True(coverage.ContainsKey(id), $"{id} is not in the catalogue");
            Assert.True(coverage[id].Status == CoverageStatus.Supported, $"{id}: {coverage[id].Status}: {string.Join(" ", coverage[id].Reasons)}");
        });
    }

    [Fact]
    public void The_general_controls_of_the_targets_are_supported_for_a_minimal_vendor_too()
    {
        var coverage = ShippedContent.Coverage(ShippedContent.Minimal).ToDictionary(c => c.Control.Id, StringComparer.Ordinal);
        string[] general =
        [
            "iso27001:2022:A.5.19", "iso27001:2022:A.5.20", "iso27001:2022:A.5.21", "iso27001:2022:A.5.22", "iso27001:2022:A.5.23",
            "iso27001:2022:A.5.29", "iso27001:2022:A.5.30", "iso27001:2022:A.8.10", "iso27001:2022:A.8.13", "iso27001:2022:A.8.31",
            "iso42001:2023:A.10.2", "iso42001:2023:A.10.3", "iso42001:2023:A.10.4",
            "nist-ai-rmf:1.0:GOVERN-6.1", "nist-ai-rmf:1.0:MAP-4.1", "nist-ai-rmf:1.0:MAP-4.2", "nist-ai-rmf:1.0:MANAGE-3.1", "nist-ai-rmf:1.0:MANAGE-3.2",
        ];
        Assert.All(general, id => Assert.Equal(CoverageStatus.Supported, coverage[id].Status));
        // Language-model risks are not asked of a vendor without language models: they are missing, not weak.
        Assert.Equal(CoverageStatus.Missing, coverage["owasp-llm:2025:LLM07"].Status);
    }

    [Fact]
    public void A_favourable_vendor_without_evidence_and_one_with_accepted_evidence_differ_in_verified_coverage()
    {
        var bare = ShippedContent.Coverage(ShippedContent.Maximal, withEvidence: false, AssuranceLevel.SelfAttested).ToDictionary(c => c.Control.Id);
        var accepted = ShippedContent.Coverage(ShippedContent.Maximal, withEvidence: true, AssuranceLevel.EvidenceAccepted).ToDictionary(c => c.Control.Id);
        var provided = ShippedContent.Coverage(ShippedContent.Maximal, withEvidence: true, AssuranceLevel.EvidenceProvided).ToDictionary(c => c.Control.Id);

        Assert.Equal(0, bare.Values.Count(c => c.Verified == CoverageStatus.Supported));
        Assert.Equal(0, provided.Values.Count(c => c.Verified == CoverageStatus.Supported));
        Assert.True(accepted.Values.Count(c => c.Verified == CoverageStatus.Supported) >= 30);

        // The penetration test: claimed weak without its report, verified supported once the report is accepted.
        Assert.Equal((CoverageStatus.Weak, CoverageStatus.Weak), (bare["iso27001:2022:A.8.29"].Status, bare["iso27001:2022:A.8.29"].Verified!.Value));
        Assert.Equal((CoverageStatus.Supported, CoverageStatus.Supported),
            (accepted["iso27001:2022:A.8.29"].Status, accepted["iso27001:2022:A.8.29"].Verified!.Value));
        // Evidence attached but not accepted: supported as claimed, not verified.
        Assert.Equal((CoverageStatus.Supported, CoverageStatus.Weak),
            (provided["iso27001:2022:A.8.29"].Status, provided["iso27001:2022:A.8.29"].Verified!.Value));
        // A control only evidenced by answers that take no document can never be verified by evidence.
        Assert.Equal(CoverageStatus.Weak, accepted["owasp-llm:2025:LLM07"].Verified);
    }
}
