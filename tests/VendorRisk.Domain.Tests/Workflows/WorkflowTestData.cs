using System.Collections.Immutable;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Tests.Questionnaires.Support;
using VendorRisk.Domain.Workflows;
using VendorRisk.Domain.Workflows.Runtime;

namespace VendorRisk.Domain.Tests.Workflows;

internal static class WorkflowTestData
{
    public static string WorkflowsFolder => Path.Combine(TestData.RepositoryRoot(), "workflows");

    public static WorkflowCatalog Shipped()
    {
        var result = WorkflowLoader.LoadFolder(WorkflowsFolder);
        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        return result.Catalog!;
    }

    public static WorkflowDefinition Read(string json, string source = "workflows/test/v1.json")
    {
        var result = WorkflowDefinitionReader.Read(source, json);
        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        return result.Definition!;
    }

    public static ImmutableArray<string> Errors(string json, string source = "workflows/test/v1.json")
    {
        var result = WorkflowDefinitionReader.Read(source, json);
        Assert.False(result.IsSuccess, "expected the definition to be refused");
        return [.. result.Errors.Select(e => e.ToString())];
    }

    /// <summary>A minimal valid definition around the given activities (JSON array items).</summary>
    public static string Definition(string activities, string start = "score", string variables = DefaultVariables, string status = "draft", int version = 1) => $$"""
        {
          "id": "test",
          "version": {{version}},
          "status": "{{status}}",
          "name": "Test",
          "appliesTo": { "tiers": ["low"] },
          "variables": {{{variables}}},
          "start": "{{start}}",
          "activities": [ {{activities}} ]
        }
        """;

    public const string DefaultVariables = """
        "score": { "type": "number" }, "tier": { "type": "string" }, "findingsCritical": { "type": "number", "default": 0 },
        "clarificationRounds": { "type": "number", "default": 0 }, "residualRisk": { "type": "string" }
        """;
}

/// <summary>A host with fixed answers that records what it was asked.</summary>
internal sealed class FakeHost : IWorkflowHost
{
    public AutoScoreResult ScoreResult { get; set; } = new(85, RiskTier.Medium, 0, 0);

    public Queue<string?> Reviewers { get; } = new();

    public string? DefaultReviewer { get; set; } = "reviewer-1";

    public List<string> CommitteeMemberIds { get; } = ["member-1", "member-2", "member-3"];

    public List<ReviewerRequest> ReviewerRequests { get; } = [];

    public AutoScoreResult Score() => ScoreResult;

    public string? SelectReviewer(ReviewerRequest request)
    {
        ReviewerRequests.Add(request);
        return Reviewers.Count > 0 ? Reviewers.Dequeue() : DefaultReviewer;
    }

    public IReadOnlyList<string> CommitteeMembers(string role, IReadOnlyCollection<string> excludedUserIds) =>
        [.. CommitteeMemberIds.Where(m => !excludedUserIds.Contains(m))];
}
