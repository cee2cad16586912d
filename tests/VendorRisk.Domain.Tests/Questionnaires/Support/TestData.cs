using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Questionnaires.Serialization;

namespace VendorRisk.Domain.Tests.Questionnaires.Support;

internal static class TestData
{
    public static QuestionnaireDefinition Load(string json)
    {
        var result = QuestionnaireJson.Parse(json);
        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        return result.Value;
    }

    public static CompiledQuestionnaire Compile(string json)
    {
        var result = Load(json).Compile();
        Assert.True(result.IsSuccess, string.Join("\n", result.Errors));
        return result.Value;
    }

    /// <summary>Wraps item JSON in a one-section questionnaire.</summary>
    public static string OneSection(string itemsJson) => $$"""
        {
          "id": "test",
          "version": "1.0.0",
          "status": "draft",
          "title": "Test",
          "locale": "en",
          "sections": [
            { "id": "s1", "title": "Section", "items": [ {{itemsJson}} ] }
          ]
        }
        """;

    public static Dictionary<string, AnswerValue> Answers(params (string Id, AnswerValue Value)[] answers) =>
        answers.ToDictionary(a => a.Id, a => a.Value, StringComparer.Ordinal);

    /// <summary>The repository root: the folder holding VendorRisk.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "VendorRisk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("VendorRisk.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// shared/data/vsaq beside the repository (../shared from its root), or beside a folder above it when the repository is a
    /// worktree one level further down (e.g. wt/NAME next to main).
    /// </summary>
    public static string SharedVsaqFolder()
    {
        var root = new DirectoryInfo(RepositoryRoot());
        for (var above = root.Parent; above is not null; above = above.Parent)
        {
            var data = Path.Combine(above.FullName, "shared", "data", "vsaq");
            if (Directory.Exists(data)) return data;
        }
        return Path.Combine(root.FullName, "..", "shared", "data", "vsaq");
    }
}
