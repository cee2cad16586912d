using System.Text.Json;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Workflows;

namespace VendorRisk.Domain.Tests.Workflows;

public class LockAndShippedDefinitionTests
{
    public static TheoryData<string> ShippedFiles => new() { "standard-review/v1.json", "enhanced-review/v1.json" };

    [Fact]
    public void Shipped_folder_loads_without_errors()
    {
        var catalog = WorkflowTestData.Shipped();
        Assert.Contains(catalog.All, d => d.Id == "standard-review" && d.Version == 1);
        Assert.Contains(catalog.All, d => d.Id == "enhanced-review" && d.Version == 1);
    }

    [Theory]
    [MemberData(nameof(ShippedFiles))]
    public void Shipped_definition_passes_shape_and_graph_checks(string file)
    {
        var path = Path.Combine(WorkflowTestData.WorkflowsFolder, file);
        var result = WorkflowDefinitionReader.Read($"workflows/{file}", File.ReadAllText(path));
        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        Assert.Equal(WorkflowDefinitionStatus.Published, result.Definition!.Status);
    }

    [Fact]
    public void Every_published_file_matches_its_hash_in_the_lock()
    {
        var folder = WorkflowTestData.WorkflowsFolder;
        var lockEntries = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(Path.Combine(folder, WorkflowLoader.LockFileName)))!;
        var published = Directory.EnumerateFiles(folder, "v*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Select(p => (Path: p, Text: File.ReadAllText(Path.Combine(folder, p))))
            .Where(f => JsonDocument.Parse(f.Text).RootElement.GetProperty("status").GetString() is "published" or "retired")
            .ToList();
        Assert.NotEmpty(published);
        var expected = published.Select(f => $"\"{f.Path}\": \"{WorkflowDefinitionReader.CanonicalHash(f.Text)}\"").ToList();
        foreach (var file in published)
        {
            Assert.True(lockEntries.TryGetValue(file.Path, out var locked),
                $"{file.Path} is published but not locked. Lock entries:\n{string.Join(",\n", expected)}");
            Assert.True(locked == WorkflowDefinitionReader.CanonicalHash(file.Text),
                $"{file.Path} changed after it was published: published versions are immutable, add a new version file instead.");
        }

        Assert.All(lockEntries.Keys, path => Assert.Contains(published, f => f.Path == path));
    }

    [Fact]
    public void Changing_a_published_file_stops_loading()
    {
        var folder = WorkflowTestData.WorkflowsFolder;
        var text = File.ReadAllText(Path.Combine(folder, "standard-review", "v1.json")).Replace("\"dueInHours\": 72", "\"dueInHours\": 96", StringComparison.Ordinal);
        var result = WorkflowLoader.Load("workflows", [new WorkflowFile("standard-review/v1.json", text)],
            File.ReadAllText(Path.Combine(folder, WorkflowLoader.LockFileName)));
        Assert.False(result.IsSuccess);
        Assert.Contains(result.Errors, e => e.ToString().StartsWith("workflows/standard-review/v1.json: published versions are immutable", StringComparison.Ordinal));
    }

    [Fact]
    public void Whitespace_line_endings_and_retirement_keep_the_hash()
    {
        var text = File.ReadAllText(Path.Combine(WorkflowTestData.WorkflowsFolder, "standard-review", "v1.json"));
        var hash = WorkflowDefinitionReader.CanonicalHash(text);
        Assert.Equal(hash, WorkflowDefinitionReader.CanonicalHash(text.Replace("\n", "\r\n", StringComparison.Ordinal)));
        Assert.Equal(hash, WorkflowDefinitionReader.CanonicalHash(text.Replace("\"status\": \"published\"", "\"status\": \"retired\"", StringComparison.Ordinal)));
        Assert.NotEqual(hash, WorkflowDefinitionReader.CanonicalHash(text.Replace("\"maxRounds\": 3", "\"maxRounds\": 4", StringComparison.Ordinal)));
    }

    [Fact]
    public void Catalog_selects_standard_review_for_low_and_medium_and_enhanced_for_high_and_critical()
    {
        var catalog = WorkflowTestData.Shipped();
        Assert.Equal("standard-review", catalog.SelectFor(RiskTier.Low, null)!.Id);
        Assert.Equal("standard-review", catalog.SelectFor(RiskTier.Medium, "ai-vendor-security-governance")!.Id);
        Assert.Equal("enhanced-review", catalog.SelectFor(RiskTier.High, null)!.Id);
        Assert.Equal("enhanced-review", catalog.SelectFor(RiskTier.Critical, null)!.Id);
    }

    [Fact]
    public void Schema_file_lists_the_activity_types_and_roles_the_reader_accepts()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(WorkflowTestData.WorkflowsFolder, "workflow.schema.json")));
        var types = schema.RootElement.GetProperty("properties").GetProperty("activities").GetProperty("items").GetProperty("oneOf")
            .EnumerateArray().Select(a => a.GetProperty("properties").GetProperty("type").GetProperty("const").GetString()).ToHashSet();
        Assert.Equal(
            ["autoScore", "decision", "assignReviewer", "awaitDecision", "requestClarification", "committeeApproval", "setResidualRisk", "notify", "end"],
            types);
        var roles = schema.RootElement.GetProperty("$defs").GetProperty("role").GetProperty("enum").EnumerateArray().Select(r => r.GetString()!).ToHashSet();
        Assert.True(roles.SetEquals(WorkflowRoles.All));
    }
}
