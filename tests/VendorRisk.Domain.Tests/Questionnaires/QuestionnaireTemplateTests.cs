using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Library;
using VendorRisk.Domain.Questionnaires.Serialization;

namespace VendorRisk.Domain.Tests.Questionnaires;

public sealed class QuestionnaireTemplateTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private const string Json = """
        {"id":"t","version":"1.0.0","title":"T","sections":[{"id":"s","title":"S","items":[
          {"id":"a","type":"boolean","text":"Uses AI?"},
          {"id":"b","type":"multipleChoice","text":"Kinds","visibleIf":"{a} = true and not ({c} empty)","choices":[{"value":"x","label":"Ex"},{"value":"y","label":"Why"}]},
          {"id":"c","type":"number","text":"Count","requiredIf":"{b} contains 'y' or {a} = false"}]}]}
        """;

    private static QuestionnaireTemplate Draft() => QuestionnaireTemplate.CreateDraft(QuestionnaireJson.Parse(Json).Value, null, Now).Value;

    [Fact]
    public void A_new_row_is_a_draft_whatever_status_the_file_carried()
    {
        var definition = QuestionnaireJson.Parse(Json).Value.Publish().Value;
        Assert.Equal(QuestionnaireStatus.Published, definition.Status);
        var template = QuestionnaireTemplate.CreateDraft(definition, null, Now).Value;
        Assert.Equal((QuestionnaireStatus.Draft, "t", "1.0.0", (string?)null), (template.Status, template.TemplateKey, template.SemanticVersion, template.ContentHash));
        Assert.Equal(QuestionnaireStatus.Draft, template.Definition().Status);
    }

    [Fact]
    public void Publishing_stamps_the_hash_and_freezes_the_row()
    {
        var template = Draft();
        Assert.True(template.Publish(Now).IsSuccess);
        Assert.Equal(template.Definition().ComputeContentHash(), template.ContentHash);
        Assert.Equal(Now, template.PublishedAt);

        var edit = template.ReplaceDefinition(template.Definition() with { Title = "Changed", Status = QuestionnaireStatus.Draft, ContentHash = null }, Now);

        Assert.Equal("Version 1.0.0 is published and cannot be edited. Start a new version to make changes.", Assert.Single(edit.Errors).Message);
        Assert.Equal("T", template.Title);
    }

    [Fact]
    public void An_edit_may_not_change_the_id_or_version()
    {
        var template = Draft();
        var before = template.DefinitionJson;
        Assert.Equal("$.id", Assert.Single(template.ReplaceDefinition(template.Definition() with { Id = "other" }, Now).Errors).Path);
        Assert.Equal("$.version", Assert.Single(template.ReplaceDefinition(template.Definition() with { Version = new SemanticVersion(9, 0, 0) }, Now).Errors).Path);
        Assert.Equal(before, template.DefinitionJson);
    }

    [Fact]
    public void A_new_version_is_a_separate_draft_row_with_a_higher_version()
    {
        var template = Draft();
        template.Publish(Now);
        var next = template.StartNewVersion(null, null, Now).Value;
        Assert.Equal(("1.1.0", QuestionnaireStatus.Draft), (next.SemanticVersion, next.Status));
        Assert.NotEqual(template.Id, next.Id);
        Assert.True(template.StartNewVersion(new SemanticVersion(0, 9, 0), null, Now).IsFailure);
    }

    [Fact]
    public void Only_a_published_version_can_be_retired_and_only_a_draft_published()
    {
        var template = Draft();
        Assert.True(template.Retire(Now).IsFailure);
        template.Publish(Now);
        Assert.True(template.Publish(Now).IsFailure);
        Assert.True(template.Retire(Now).IsSuccess);
        Assert.Equal(QuestionnaireStatus.Retired, template.Status);
    }

    [Fact]
    public void Conditions_read_as_words_with_choice_labels()
    {
        var definition = QuestionnaireJson.Parse(Json).Value;
        var words = new ConditionText(definition);
        Assert.Equal("“Uses AI?” is Yes and not (“Count” is not answered)", words.Describe("{a} = true and not ({c} empty)"));
        Assert.Equal("“Kinds” includes “Why” or “Uses AI?” is No", words.Describe("{b} contains 'y' or {a} = false"));
        Assert.Equal("“Kinds” is any of “Ex”, “Why”", words.Describe("{b} anyof ['x', 'y']"));
        Assert.Equal("{a} = = 1", words.Describe("{a} = = 1"));
    }
}
