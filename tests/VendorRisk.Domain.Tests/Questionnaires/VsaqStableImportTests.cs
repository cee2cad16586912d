using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Import;
using VendorRisk.Domain.Questionnaires.Versioning;

namespace VendorRisk.Domain.Tests.Questionnaires;

/// <summary>Issue 18, item 1: VSAQ ids that survive insertions, duplicate ids refused, order kept, readable texts (ADR-033).</summary>
public sealed class VsaqStableImportTests
{
    /// <summary>A questionnaire in VSAQ's style: explicit ids on some items only, a nested block followed by more items, a tip.</summary>
    private const string Original = """
        // Written for these tests in the style of VSAQ questionnaires.
        {
          "questionnaire": [ { "type": "block", "text": "Supplier review", "items": [
            { "type": "block", "id": "block_access", "text": "Access", "items": [
              { "type": "info", "text": "Tell us how people sign in." },
              { "type": "radiogroup", "text": "Do staff use <b>two factors</b>?", "choices": [
                { "mfa_all": "Yes, <i>everyone</i>" }, { "mfa_none": "No" } ] },
              { "type": "tip", "warn": "yes", "severity": "high", "name": "No second factor",
                "text": "Turn on a second factor.", "why": "Explain any " + "compensating control:", "cond": "mfa_none" },
              { "type": "block", "text": "Administrators", "items": [
                { "type": "line", "text": "How many administrators?" }
              ] },
              { "type": "box", "text": "Anything else about access?" }
            ] },
            { "type": "block", "id": "block_data", "text": "Data", "items": [
              { "type": "info", "text": "Which kinds of data do you hold?" },
              { "type": "checkgroup", "choices": [ { "data_health": "Health" }, { "data_money": "Payment cards" } ] },
              { "type": "line", "text": "Retention in days", "cond": "data_health" }
            ] }
          ] } ]
        }
        """;

    private static QuestionnaireDefinition Import(string text)
    {
        var imported = VsaqImporter.Import(text, new VsaqImportOptions { Id = "supplier" });
        Assert.True(imported.IsSuccess, string.Join("\n", imported.Errors));
        Assert.True(imported.Value.Compile().IsSuccess, string.Join("\n", imported.Value.Compile().Errors));
        return imported.Value;
    }

    [Fact]
    public void Inserting_an_untitled_item_at_the_top_of_a_block_changes_no_other_id()
    {
        var before = Import(Original);
        var inserted = Original.Replace("""{ "type": "info", "text": "Tell us how people sign in." },""",
            """{ "type": "yesno", "text": "Do you have a password policy?" }, { "type": "info", "text": "Tell us how people sign in." },""", StringComparison.Ordinal);
        var after = Import(inserted);

        var diff = QuestionnaireDiff.Compare(before, after);

        var change = Assert.Single(diff.Changes);
        Assert.Equal(ItemChangeKind.Added, change.Kind);
        Assert.Equal("Do you have a password policy?", after.AllItems().Single(i => i.Id == change.ItemId).Text);
        Assert.StartsWith("do_you_have_a_password_policy_", change.ItemId, StringComparison.Ordinal);
    }

    [Fact]
    public void Items_after_a_nested_block_stay_after_it()
    {
        var access = Import(Original).Sections.Single(s => s.Id == "block_access");

        Assert.Equal(["Administrators", "Access (continued)"], access.Sections.Select(s => s.Title));
        Assert.Equal("Anything else about access?", Assert.Single(access.Sections[1].Items).Text);
        Assert.Equal("block_access_after_" + access.Sections[0].Id, access.Sections[1].Id);
        var order = Import(Original).AllItems().Where(i => i.IsAnswerable).Select(i => i.Text).ToList();
        Assert.True(order.IndexOf("How many administrators?") < order.IndexOf("Anything else about access?"));
    }

    [Fact]
    public void A_checkgroup_without_text_asks_the_question_of_the_info_before_it()
    {
        var group = Import(Original).AllItems().Single(i => i.Type == ItemType.MultipleChoice);

        Assert.Equal("Which kinds of data do you hold?", group.Text);
        Assert.DoesNotContain(group.Id, group.Text, StringComparison.Ordinal);
        Assert.Equal("{" + group.Id + "} contains 'data_health'", Import(Original).AllItems().Single(i => i.Text == "Retention in days").VisibleIf);
    }

    [Fact]
    public void Markup_is_kept_apart_from_the_plain_text()
    {
        var question = Import(Original).AllItems().Single(i => i.Type == ItemType.SingleChoice);

        Assert.Equal("Do staff use two factors?", question.Text);
        Assert.Equal("Yes, everyone", question.Choices[0].Label);
        // The domain's own reader keeps no markup; the application passes its sanitiser (tested in the integration tests).
        Assert.Null(question.TextHtml);
    }

    [Fact]
    public void A_warning_tip_is_shown_to_the_vendor_with_its_why_prompt_and_raised_for_the_reviewers()
    {
        var definition = Import(Original);
        var tip = definition.AllItems().Single(i => i.Type == ItemType.Info && i.Warning);
        var why = definition.AllItems().Single(i => i.Id == tip.Id + "_why");
        var finding = definition.AllItems().Single(i => i.Id == tip.Id + "_finding");
        var question = definition.AllItems().Single(i => i.Type == ItemType.SingleChoice);

        Assert.Equal("Turn on a second factor.", tip.Text);
        Assert.Equal($"{{{question.Id}}} = 'mfa_none'", tip.VisibleIf);
        Assert.Equal((ItemType.Textarea, "Explain any compensating control:", tip.VisibleIf), (why.Type, why.Text, why.VisibleIf));
        Assert.Equal((ItemType.Finding, "No second factor", FindingSeverity.High, tip.VisibleIf), (finding.Type, finding.Text, finding.Severity!.Value, finding.When));
    }

    [Fact]
    public void A_choice_id_used_twice_is_refused_naming_both_items()
    {
        var duplicated = Original.Replace("""{ "data_money": "Payment cards" }""", """{ "mfa_none": "Payment cards" }""", StringComparison.Ordinal);

        var result = VsaqImporter.Import(duplicated);

        var error = Assert.Single(result.Errors);
        Assert.Contains("the id 'mfa_none' is used twice", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"Do staff use two factors?\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"Payment cards\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_item_id_used_twice_is_refused()
    {
        var duplicated = Original.Replace("\"id\": \"block_data\"", "\"id\": \"block_access\"", StringComparison.Ordinal);

        var result = VsaqImporter.Import(duplicated);

        Assert.Contains(result.Errors, e => e.Message.Contains("the id 'block_access' is used twice: by the block \"Access\"", StringComparison.Ordinal)
            && e.Message.Contains("the block \"Data\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Numbers_with_a_signed_exponent_are_read()
    {
        var withNumber = Original.Replace("""{ "type": "box", "text": "Anything else about access?" }""",
            """{ "type": "box", "text": "Anything else about access?", "maxLength": 1e+2, "weight": 2.5E+0 }""", StringComparison.Ordinal);

        Assert.True(VsaqImporter.Import(withNumber).IsSuccess);
    }

    [Theory]
    [InlineData("<p>One &amp; two</p><ul><li>a</li><li>b</li></ul>", "One & two\n• a\n• b")]
    [InlineData("Plain <a href='https://example.com'>link</a><br>next", "Plain link\nnext")]
    public void The_plain_reader_strips_tags_and_decodes_entities(string html, string plain) =>
        Assert.Equal(plain, PlainMarkup.Instance.Read(html).Plain);
}
