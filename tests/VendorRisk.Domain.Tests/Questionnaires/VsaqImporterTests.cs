using System.Text.RegularExpressions;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Questionnaires.Import;
using VendorRisk.Domain.Tests.Questionnaires.Support;

namespace VendorRisk.Domain.Tests.Questionnaires;

public partial class VsaqImporterTests
{
    private static readonly QuestionnaireEngine Engine = new();

    public static TheoryData<string> Files => new() { "infrastructure.json", "security_privacy_programs.json", "webapp.json" };

    private static string ReadVsaq(string file) =>
        File.ReadAllText(Path.Combine(TestData.SharedVsaqFolder(), file));

    private static CompiledQuestionnaire ImportAndCompile(string file)
    {
        var imported = VsaqImporter.Import(ReadVsaq(file), new VsaqImportOptions { Id = Path.GetFileNameWithoutExtension(file) });
        Assert.True(imported.IsSuccess, string.Join("\n", imported.Errors.Take(10)));
        var compiled = imported.Value.Compile();
        Assert.True(compiled.IsSuccess, string.Join("\n", compiled.Errors.Take(10)));
        return compiled.Value;
    }

    [GeneratedRegex("\"type\"\\s*:\\s*\"(yesno|radiogroup|checkgroup|line|box|upload)\"")]
    private static partial Regex AnswerableTypeInRawText();

    [GeneratedRegex("\"warn\"\\s*:\\s*\"yes\"")]
    private static partial Regex WarnInRawText();

    [GeneratedRegex("\"why\"\\s*:")]
    private static partial Regex WhyInRawText();

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_answerable_item_arrives(string file)
    {
        var raw = ReadVsaq(file);
        // Each tip's "why" prompt is a textarea of its own (ADR-033).
        var expectedAnswerable = AnswerableTypeInRawText().Count(raw) + WhyInRawText().Count(raw);
        var expectedFindings = WarnInRawText().Count(raw);
        Assert.True(expectedAnswerable > 20, "sanity: the raw file has questions");

        var definition = ImportAndCompile(file).Definition;

        Assert.Equal(expectedAnswerable, definition.AllItems().Count(i => i.IsAnswerable));
        Assert.Equal(expectedFindings, definition.AllItems().Count(i => i.Type == ItemType.Finding));
        Assert.All(definition.AllItems().Where(i => i.Type is ItemType.SingleChoice or ItemType.MultipleChoice), i => Assert.NotEmpty(i.Choices));
    }

    [Fact]
    public void Imports_title_and_nested_blocks()
    {
        var definition = ImportAndCompile("webapp.json").Definition;
        Assert.Equal("Web Application Security Questionnaire", definition.Title);
        Assert.Equal(QuestionnaireStatus.Draft, definition.Status);
        Assert.Equal("Apache-2.0", definition.Licence);
        var https = definition.AllSections().Single(s => s.Id == "block_https");
        Assert.Contains(https.Sections, s => s.Id == "application_ssl_configuration");
        Assert.Equal("{application_vm_securitycontact} = 'application_vm_securitycontact_no'",
            definition.AllItems().Single(i => i.Id == "warn_application_vm_securitycontact_finding").When);
    }

    [Fact]
    public void Conditional_visibility_behaves_as_in_vsaq()
    {
        var compiled = ImportAndCompile("webapp.json");
        // The HTTPS radiogroup has no id in the file; find it by one of its radioitems.
        var sslGroup = compiled.Definition.AllItems().Single(i => i.Choices.Any(c => c.Value == "application_ssl_exclusively")).Id;

        // Block application_ssl_configuration: cond "application_ssl_mixed || application_ssl_exclusively".
        var nothing = Engine.Evaluate(compiled, TestData.Answers());
        Assert.False(nothing.Item("application_ssl_configuration_ciphers").Visible);

        var https = TestData.Answers((sslGroup, AnswerValue.Text("application_ssl_exclusively")));
        Assert.True(Engine.Evaluate(compiled, https).Item("application_ssl_configuration_ciphers").Visible);

        // A tip inside that block whose own cond is false stays hidden...
        https["application_ssl_configuration_ciphers"] = AnswerValue.Text("application_ssl_configuration_ciphers_yes");
        Assert.False(Engine.Evaluate(compiled, https).Item("tip_application_ssl_configuration_ciphers").Visible);

        // ...and becomes visible when the referenced radioitem is chosen.
        https["application_ssl_configuration_ciphers"] = AnswerValue.Text("application_ssl_configuration_ciphers_no");
        Assert.True(Engine.Evaluate(compiled, https).Item("tip_application_ssl_configuration_ciphers").Visible);

        // A hidden parent hides its children, whatever they answer.
        https[sslGroup] = AnswerValue.Text("application_ssl_none");
        var plainHttp = Engine.Evaluate(compiled, https);
        Assert.False(plainHttp.Item("tip_application_ssl_configuration_ciphers").Visible);
        Assert.False(plainHttp.Item("application_ssl_configuration_ciphers").Visible);
        Assert.Contains(plainHttp.Findings, f => f.ItemId == "warn_application_not_ssl_finding" && f.Severity == FindingSeverity.High);
    }

    [Fact]
    public void Checkitem_references_use_contains()
    {
        var compiled = ImportAndCompile("infrastructure.json");
        var sensitive = compiled.Definition.AllItems().Single(i => i.Id == "options");
        Assert.Equal(ItemType.MultipleChoice, sensitive.Type);
        Assert.Contains(compiled.Definition.AllItems(), i => (i.VisibleIf ?? i.When ?? "").Contains("{options} contains 'req_sensitive'", StringComparison.Ordinal));
    }

    [Fact]
    public void Visibility_operator_is_expanded_into_the_referenced_condition()
    {
        var compiled = ImportAndCompile("infrastructure.json");
        // In the file: cond "... && !^warn_network_vpn_no2ndfactor"; that tip's own cond mentions req_sensitive.
        var item = compiled.Definition.AllItems().First(i => i.Type != ItemType.Finding && (i.VisibleIf ?? i.When ?? "").Contains("not ((", StringComparison.Ordinal)
            && (i.VisibleIf ?? i.When ?? "").Contains("network_vpn_auth_2nd_factor", StringComparison.Ordinal)
            && (i.VisibleIf ?? i.When ?? "").Contains("req_sensitive", StringComparison.Ordinal));
        Assert.NotNull(item);
    }

    [Fact]
    public void Tolerant_reader_handles_comments_and_concatenation()
    {
        const string text = """
            // header comment
            {
              "questionnaire": [ { "type": "block", "text": "Root", "items": [
                { "type": "block", "id": "b", "text": "B // not a comment", "items": [
                  { "type": "yesno", "id": "q", "text": "Part one, " +
                       // a comment between parts
                       "part two" },
                  { "type": "line", "id": "why", "text": "Why?", "cond": "q/no" },
                  { "type": "tip", "id": "w", "warn": "yes", "severity": "critical", "name": "No Q", "why": "Explain.", "text": "Tip", "cond": "q/no" },
                  { "type": "spacer" }
                ] }
              ] } ]
            }
            """;
        var definition = VsaqImporter.Import(text).Value;
        var section = Assert.Single(definition.Sections);
        Assert.Equal("B // not a comment", section.Title);
        Assert.Equal("Part one, part two", section.Items[0].Text);
        Assert.Equal("{q} = false", section.Items[1].VisibleIf);
        Assert.Equal(["q", "why", "w", "w_why", "w_finding"], section.Items.Select(i => i.Id));
        var finding = section.Items[4];
        Assert.Equal((ItemType.Finding, FindingSeverity.Critical, "No Q"), (finding.Type, finding.Severity!.Value, finding.Text));
        Assert.Equal(new Clarification(ClarificationKind.CompensatingControl, "Explain."), finding.Clarification);
    }

    [Theory]
    [InlineData("""{ "questionnaire": [ { "type": "block", "text": "R", "items": [ { "type": "slider", "id": "s" } ] } ] }""", "$.questionnaire[0].items[0].type", "unknown VSAQ item type 'slider'")]
    [InlineData("""{ "questionnaire": [ { "type": "block", "text": "R", "items": [ { "type": "line", "id": "a", "text": "A", "cond": "ghost" } ] } ] }""", "$.questionnaire[0].items[0].cond", "unknown VSAQ id 'ghost'")]
    [InlineData("{ \"questionnaire\": [ \n { \"type\": \"block\" + 3 } ] }", "$", "malformed VSAQ at line 2")]
    [InlineData("{ \"questionnaire\": [ \n { \"type\" \"block\" } ] }", "$", "malformed JSON at line 2, column 11")]
    public void Reports_import_errors(string text, string path, string fragment)
    {
        var result = VsaqImporter.Import(text);
        Assert.Contains(result.Errors, e => e.Path == path && e.Message.Contains(fragment, StringComparison.Ordinal));
    }
}
