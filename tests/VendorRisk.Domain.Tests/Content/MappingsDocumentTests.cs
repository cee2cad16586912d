using VendorRisk.Domain.Tests.Questionnaires.Support;

namespace VendorRisk.Domain.Tests.Content;

public class MappingsDocumentTests
{
    [Fact]
    public void The_generated_mapping_document_matches_the_shipped_data()
    {
        var expected = MappingsDocument.Render();
        if (Environment.GetEnvironmentVariable(MappingsDocument.RegenerateVariable) == "1")
        {
            File.WriteAllText(MappingsDocument.DocumentPath, expected);
        }

        Assert.True(File.Exists(MappingsDocument.DocumentPath), $"{MappingsDocument.DocumentPath} is missing; regenerate it with {MappingsDocument.RegenerateVariable}=1.");
        var actual = File.ReadAllText(MappingsDocument.DocumentPath).ReplaceLineEndings("\n");
        Assert.True(expected == actual,
            $"docs/content/mappings.md is stale: regenerate it with {MappingsDocument.RegenerateVariable}=1 dotnet test tests/VendorRisk.Domain.Tests -c Release --filter \"FullyQualifiedName~MappingsDocument\"");
    }

    [Fact]
    public void The_readme_states_the_frameworks_counts_and_licence_of_the_shipped_content()
    {
        var readme = File.ReadAllText(Path.Combine(TestData.RepositoryRoot(), "README.md"));
        var catalogue = ShippedContent.Catalogue;
        foreach (var framework in catalogue.Frameworks)
            Assert.Contains($"| {framework.Name} | {catalogue.Controls.Count(c => c.Framework == framework.Id)} |", readme, StringComparison.Ordinal);
        Assert.Contains($"{catalogue.Controls.Count} controls in {catalogue.Frameworks.Count} frameworks", readme, StringComparison.Ordinal);
        Assert.Contains($"a minimal vendor answers {ShippedContent.AnswerableCount(ShippedContent.SecurityV2, ShippedContent.Minimal)} questions, "
            + $"a maximal one {ShippedContent.AnswerableCount(ShippedContent.SecurityV2, ShippedContent.Maximal)}", readme.ReplaceLineEndings(" ").Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("**CC-BY-4.0**", readme, StringComparison.Ordinal);
        Assert.Equal("CC-BY-4.0", ShippedContent.SecurityV2.Definition.Licence);
    }
}
