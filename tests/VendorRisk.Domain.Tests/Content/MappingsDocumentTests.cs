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
}
