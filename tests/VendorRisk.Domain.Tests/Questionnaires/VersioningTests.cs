using System.Collections.Immutable;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Questionnaires.Versioning;
using VendorRisk.Domain.Tests.Questionnaires.Support;

namespace VendorRisk.Domain.Tests.Questionnaires;

public class VersioningTests
{
    private static QuestionnaireDefinition Draft() => TestData.Load(QuestionnaireJsonTests.Canonical);

    private static QuestionnaireDefinition WithItem(QuestionnaireDefinition definition, string itemId, Func<QuestionnaireItem, QuestionnaireItem> change) =>
        definition with
        {
            Sections = [.. definition.Sections.Select(s => ChangeIn(s, itemId, change))],
        };

    private static QuestionnaireSection ChangeIn(QuestionnaireSection section, string itemId, Func<QuestionnaireItem, QuestionnaireItem> change) =>
        section with
        {
            Items = [.. section.Items.Select(i => i.Id == itemId ? change(i) : i)],
            Sections = [.. section.Sections.Select(s => ChangeIn(s, itemId, change))],
        };

    [Fact]
    public void Publish_freezes_and_stamps_a_stable_content_hash()
    {
        var published = Draft().Publish().Value;
        Assert.Equal(QuestionnaireStatus.Published, published.Status);
        Assert.Matches("^sha256:[0-9a-f]{64}$", published.ContentHash);
        Assert.Equal(Draft().ComputeContentHash(), published.ContentHash);
        // The hash survives a save/load round trip and ignores the status.
        var reloaded = TestData.Load(QuestionnaireJson.Serialize(published));
        Assert.Equal(published.ContentHash, reloaded.ComputeContentHash());
        Assert.Equal(QuestionnaireJson.Serialize(published), QuestionnaireJson.Serialize(reloaded));
    }

    [Fact]
    public void Content_hash_changes_with_content()
    {
        var changed = WithItem(Draft(), "name", i => i with { Text = "Legal name" });
        Assert.NotEqual(Draft().ComputeContentHash(), changed.ComputeContentHash());
    }

    [Fact]
    public void Editing_a_published_version_is_refused()
    {
        var published = Draft().Publish().Value;
        var edit = published.Edit(d => d with { Title = "Changed" });
        var error = Assert.Single(edit.Errors);
        Assert.Equal("$.status", error.Path);
        Assert.Equal("version 1.2.0 is published and cannot be edited; create a new version with NewVersion()", error.Message);
    }

    [Fact]
    public void Drafts_are_editable_but_edits_cannot_publish_themselves()
    {
        var edited = Draft().Edit(d => d with { Title = "Changed" });
        Assert.Equal("Changed", edited.Value.Title);

        var sneaky = Draft().Edit(d => d with { Status = QuestionnaireStatus.Published });
        Assert.Contains("may not change id, version, status", Assert.Single(sneaky.Errors).Message, StringComparison.Ordinal);

        var broken = Draft().Edit(d => WithItem(d, "name", i => i with { Id = "headcount" }));
        Assert.Contains(broken.Errors, e => e.Message.StartsWith("duplicate id 'headcount'", StringComparison.Ordinal));
    }

    [Fact]
    public void Publishing_runs_the_static_checks()
    {
        var bad = WithItem(Draft(), "name", i => i with { VisibleIf = "{ghost} = 1" });
        var result = bad.Publish();
        Assert.Contains(result.Errors, e => e.Path == "$.sections[0].items[2].visibleIf" && e.Message.Contains("unknown item id 'ghost'", StringComparison.Ordinal));

        var cyclic = WithItem(WithItem(Draft(), "name", i => i with { VisibleIf = "{headcount} > 1" }), "headcount", i => i with { VisibleIf = "{name} notempty" });
        Assert.Contains(cyclic.Publish().Errors, e => e.Message.StartsWith("visibility cycle: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Publishing_twice_and_retiring_a_draft_are_refused()
    {
        var published = Draft().Publish().Value;
        Assert.True(published.Publish().IsFailure);
        Assert.True(Draft().Retire().IsFailure);
        var retired = published.Retire().Value;
        Assert.Equal(QuestionnaireStatus.Retired, retired.Status);
        Assert.True(retired.Edit(d => d).IsFailure);
    }

    [Fact]
    public void NewVersion_makes_an_editable_draft_with_a_higher_version()
    {
        var published = Draft().Publish().Value;
        var next = published.NewVersion().Value;
        Assert.Equal(new SemanticVersion(1, 3, 0), next.Version);
        Assert.Equal(QuestionnaireStatus.Draft, next.Status);
        Assert.Null(next.ContentHash);
        Assert.True(next.Edit(d => d with { Title = "v1.3" }).IsSuccess);

        Assert.Equal(new SemanticVersion(2, 0, 0), published.NewVersion(new SemanticVersion(2, 0, 0)).Value.Version);
        var lower = published.NewVersion(new SemanticVersion(1, 2, 0));
        Assert.Equal("new version 1.2.0 must be higher than 1.2.0", Assert.Single(lower.Errors).Message);
    }

    [Theory]
    [InlineData("1.0.0", true)]
    [InlineData("10.20.30", true)]
    [InlineData("1.0", false)]
    [InlineData("01.0.0", false)]
    [InlineData("1.0.0-beta", false)]
    [InlineData("v1.0.0", false)]
    public void Semantic_version_parsing(string text, bool valid) => Assert.Equal(valid, SemanticVersion.TryParse(text, out _));

    [Fact]
    public void Diff_reports_changes_by_item_id()
    {
        var v1 = Draft();
        var v2 = WithItem(v1, "name", i => i with { Text = "Legal name", VisibleIf = null });
        v2 = WithItem(v2, "uses_ai", i => i with { Choices = i.Choices.Add(new Choice("unsure", "Not sure")) .RemoveAt(1), Controls = ["iso42001:2023:A.2.2"] });
        v2 = WithItem(v2, "headcount", i => i with { Max = 500 });
        v2 = v2 with
        {
            Version = new SemanticVersion(1, 3, 0),
            Sections = [v2.Sections[0] with
            {
                Items = v2.Sections[0].Items.RemoveAll(i => i.Id == "intro").Add(new QuestionnaireItem { Id = "website", Type = ItemType.Url, Text = "Website" }),
            }],
        };

        var diff = QuestionnaireDiff.Compare(v1, v2);
        Assert.Equal(new SemanticVersion(1, 3, 0), diff.To);
        Assert.Equal(
            [
                ("headcount", ItemChangeKind.ValidationChanged),
                ("intro", ItemChangeKind.Removed),
                ("name", ItemChangeKind.TextChanged),
                ("name", ItemChangeKind.ConditionsChanged),
                ("uses_ai", ItemChangeKind.ScoringChanged),
                ("uses_ai", ItemChangeKind.ControlsChanged),
                ("website", ItemChangeKind.Added),
            ],
            diff.Changes.Select(c => (c.ItemId, c.Kind)));
        Assert.Equal("choices added: unsure; choices removed: false", diff.Changes.Single(c => c.Kind == ItemChangeKind.ScoringChanged).Detail);
        Assert.Equal("visibleIf '{uses_ai} notempty' -> ''", diff.Changes.Single(c => c.Kind == ItemChangeKind.ConditionsChanged).Detail);
        Assert.Equal("added: ; removed: eu-ai-act:2024:Art.25", diff.Of(ItemChangeKind.ControlsChanged).Single().Detail);
    }

    [Fact]
    public void Diff_of_identical_versions_is_empty_and_moves_are_seen()
    {
        Assert.True(QuestionnaireDiff.Compare(Draft(), Draft()).IsEmpty);
        var v1 = Draft();
        var doc = v1.AllItems().Single(i => i.Id == "evidence_doc");
        var moved = v1 with
        {
            Sections = [v1.Sections[0] with { Items = v1.Sections[0].Items.Add(doc), Sections = [v1.Sections[0].Sections[0] with { Items = [new QuestionnaireItem { Id = "x", Type = ItemType.Text, Text = "X" }] }] }],
        };
        Assert.Contains(QuestionnaireDiff.Compare(v1, moved).Changes, c => c is { ItemId: "evidence_doc", Kind: ItemChangeKind.Moved, Detail: "section 'nested' -> 'general'" });
    }

    [Fact]
    public void Carry_over_keeps_valid_answers_renames_through_crosswalk_and_reports_drops()
    {
        var v2 = TestData.Compile(TestData.OneSection("""
            { "id": "company_name", "type": "text", "text": "Name", "maxLength": 10 },
            { "id": "headcount", "type": "number", "text": "Staff", "max": 100 },
            { "id": "tier", "type": "singleChoice", "text": "Tier", "choices": [ {"value":"gold","label":"Gold"} ] },
            { "id": "uses_ai", "type": "boolean", "text": "AI?" },
            { "id": "note", "type": "info", "text": "Note" }
            """));
        var oldAnswers = new Dictionary<string, AnswerValue>(StringComparer.Ordinal)
        {
            ["name"] = AnswerValue.Text("Acme"),
            ["headcount"] = AnswerValue.Number(500),
            ["tier"] = AnswerValue.Text("silver"),
            ["uses_ai"] = AnswerValue.Boolean(true),
            ["gone"] = AnswerValue.Text("x"),
            ["note"] = AnswerValue.Text("y"),
            ["legacy_ai"] = AnswerValue.Boolean(false),
        };
        var crosswalk = new Dictionary<string, string> { ["name"] = "company_name", ["legacy_ai"] = "uses_ai" };

        var result = AnswerCarryOver.Carry(v2, oldAnswers, crosswalk);

        Assert.Equal(["company_name", "uses_ai"], result.Answers.Keys);
        Assert.Equal(AnswerValue.Text("Acme"), result.Answers["company_name"]);
        Assert.Equal(AnswerValue.Boolean(true), result.Answers["uses_ai"]);
        Assert.Equal(
            [
                ("gone", DropReason.ItemGone),
                ("headcount", DropReason.ValueNoLongerValid),
                ("legacy_ai", DropReason.Conflict),
                ("note", DropReason.NotAnswerable),
                ("tier", DropReason.ValueNoLongerValid),
            ],
            result.Dropped.Select(d => (d.OldItemId, d.Reason)));
        Assert.Equal("'silver' is not one of the choices", result.Dropped.Single(d => d.OldItemId == "tier").Detail);
    }

    [Fact]
    public void Carry_over_without_crosswalk_matches_ids()
    {
        var compiled = TestData.Compile(QuestionnaireJsonTests.Canonical);
        var answers = ImmutableDictionary<string, AnswerValue>.Empty.Add("name", AnswerValue.Text("Acme")).Add("headcount", AnswerValue.Text("12"));
        var result = AnswerCarryOver.Carry(compiled, answers);
        Assert.Empty(result.Dropped);
        Assert.Equal(AnswerValue.Number(12), result.Answers["headcount"]);
    }
}
