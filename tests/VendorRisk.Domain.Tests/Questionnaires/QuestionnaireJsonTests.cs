using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Tests.Questionnaires.Support;

namespace VendorRisk.Domain.Tests.Questionnaires;

public class QuestionnaireJsonTests
{
    /// <summary>Canonical text: every feature of the format once, in canonical order and layout.</summary>
    internal const string Canonical = """
        {
          "id": "sample",
          "version": "1.2.0",
          "status": "draft",
          "title": "Sample",
          "description": "Every feature once.",
          "source": "VendorRisk tests",
          "licence": "CC-BY-4.0",
          "locale": "en-GB",
          "tiering": {
            "thresholds": [
              {
                "tier": "low",
                "minimumScore": 0
              },
              {
                "tier": "high",
                "minimumScore": 50.5
              }
            ],
            "floors": [
              {
                "when": "{uses_ai} = true",
                "minimumTier": "high"
              }
            ]
          },
          "sections": [
            {
              "id": "general",
              "title": "General",
              "description": "About you.",
              "weight": 2,
              "items": [
                {
                  "id": "intro",
                  "type": "info",
                  "text": "Read this first."
                },
                {
                  "id": "uses_ai",
                  "type": "boolean",
                  "text": "Do you use AI?",
                  "help": "Any model counts.",
                  "required": true,
                  "weight": 3,
                  "controls": [
                    "iso42001:2023:A.2.2",
                    "eu-ai-act:2024:Art.25"
                  ],
                  "choices": [
                    {
                      "value": "true",
                      "label": "Yes",
                      "score": 0,
                      "result": "nonCompliant",
                      "risk": 10
                    },
                    {
                      "value": "false",
                      "label": "No",
                      "score": 1.50,
                      "result": "compliant",
                      "risk": 0
                    }
                  ],
                  "evidence": {
                    "requiredIf": "{uses_ai} = false",
                    "validityDays": 365,
                    "prompt": "The contract clause."
                  }
                },
                {
                  "id": "name",
                  "type": "text",
                  "text": "Name",
                  "requiredIf": "{uses_ai} = true",
                  "visibleIf": "{uses_ai} notempty",
                  "maxLength": 80,
                  "pattern": "^[A-Z]"
                },
                {
                  "id": "headcount",
                  "type": "number",
                  "text": "Staff",
                  "min": 0,
                  "max": 100000
                },
                {
                  "id": "no_ai_policy",
                  "type": "finding",
                  "text": "No AI policy",
                  "when": "{uses_ai} = true",
                  "severity": "high",
                  "clarification": {
                    "kind": "remediationDate",
                    "prompt": "When will you have one?"
                  }
                }
              ],
              "sections": [
                {
                  "id": "nested",
                  "title": "Nested",
                  "visibleIf": "{uses_ai} = true",
                  "items": [
                    {
                      "id": "evidence_doc",
                      "type": "file",
                      "text": "Upload",
                      "evidence": {
                        "allowed": false
                      }
                    }
                  ]
                }
              ]
            }
          ]
        }

        """;

    [Fact]
    public void Canonical_json_round_trips_identically()
    {
        var loaded = TestData.Load(Canonical);
        Assert.Equal(Canonical, QuestionnaireJson.Serialize(loaded));
    }

    [Fact]
    public void Loads_every_field()
    {
        var definition = TestData.Load(Canonical);
        Assert.Equal(new SemanticVersion(1, 2, 0), definition.Version);
        Assert.Equal("en-GB", definition.Locale);
        var usesAi = definition.AllItems().Single(i => i.Id == "uses_ai");
        Assert.Equal(ItemType.Boolean, usesAi.Type);
        Assert.Equal(3m, usesAi.Weight);
        Assert.Equal(1.50m, usesAi.Choices[1].Score);
        Assert.Equal(ChoiceResult.NonCompliant, usesAi.Choices[0].Result);
        Assert.Equal(365, usesAi.Evidence!.ValidityDays);
        var finding = definition.AllItems().Single(i => i.Id == "no_ai_policy");
        Assert.Equal(FindingSeverity.High, finding.Severity);
        Assert.Equal(ClarificationKind.RemediationDate, finding.Clarification!.Kind);
        Assert.Equal(["general", "nested"], definition.AllSections().Select(s => s.Id));
        Assert.Equal(RiskTier.High, definition.Tiering!.Floors[0].MinimumTier);
        Assert.False(definition.AllItems().Single(i => i.Id == "evidence_doc").Evidence!.Allowed);
    }

    [Fact]
    public void Non_canonical_input_saves_to_canonical_form_which_is_stable()
    {
        var json = """{"title":"T","id":"x","version":"1.0.0","sections":[{"id":"s","title":"S","weight":1,"items":[{"type":"text","id":"a","text":"A","required":false}]}]}""";
        var once = QuestionnaireJson.Serialize(TestData.Load(json));
        var twice = QuestionnaireJson.Serialize(TestData.Load(once));
        Assert.Equal(once, twice);
        Assert.DoesNotContain("\"weight\"", once, StringComparison.Ordinal);
        Assert.Contains("\"status\": \"draft\"", once, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_reports_line_and_column()
    {
        var json = "{\n  \"id\": \"x\",\n  \"title\": \"é\" \"oops\"\n}";
        var result = QuestionnaireJson.Parse(json);
        var error = Assert.Single(result.Errors);
        Assert.Equal("$", error.Path);
        Assert.StartsWith("malformed JSON at line 3, column 16:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_json_reports_position()
    {
        var result = QuestionnaireJson.Parse("{\n  \"id\": \"x\",\n");
        Assert.Contains("malformed JSON at line 3", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_item_type_is_reported_with_path()
    {
        var result = QuestionnaireJson.Parse(TestData.OneSection("""{ "id": "a", "type": "slider", "text": "A" }"""));
        var error = Assert.Single(result.Errors);
        Assert.Equal("$.sections[0].items[0].type", error.Path);
        Assert.Contains("unknown item type 'slider'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_ids_are_reported_with_path_of_the_second()
    {
        var result = QuestionnaireJson.Parse(TestData.OneSection("""
            { "id": "a", "type": "text", "text": "A" },
            { "id": "b", "type": "text", "text": "B" },
            { "id": "a", "type": "number", "text": "A again" }
            """));
        var error = Assert.Single(result.Errors);
        Assert.Equal("$.sections[0].items[2].id", error.Path);
        Assert.Equal("duplicate id 'a' (first used at $.sections[0].items[0])", error.Message);
    }

    [Fact]
    public void Section_and_item_ids_share_one_namespace()
    {
        var result = QuestionnaireJson.Parse(TestData.OneSection("""{ "id": "s1", "type": "text", "text": "A" }"""));
        Assert.Equal("$.sections[0].items[0].id", Assert.Single(result.Errors).Path);
    }

    [Fact]
    public void Expression_syntax_error_names_property_and_column()
    {
        var result = QuestionnaireJson.Parse(TestData.OneSection("""
            { "id": "a", "type": "text", "text": "A" },
            { "id": "b", "type": "text", "text": "B", "visibleIf": "{a} = 'x' and" }
            """));
        var error = Assert.Single(result.Errors);
        Assert.Equal("$.sections[0].items[1].visibleIf", error.Path);
        Assert.Equal("syntax error at column 14: expected a value but found end of expression", error.Message);
    }

    [Theory]
    [InlineData("""{ "id": "a", "type": "text", "text": "A", "colour": "red" }""", "$.sections[0].items[0].colour", "unknown property 'colour'")]
    [InlineData("""{ "id": "a", "type": "text", "text": "A", "controls": ["iso27001-A.5.19"] }""", "$.sections[0].items[0].controls[0]", "not a control mapping")]
    [InlineData("""{ "id": "a", "type": "singleChoice", "text": "A" }""", "$.sections[0].items[0].choices", "needs at least one choice")]
    [InlineData("""{ "id": "a", "type": "singleChoice", "text": "A", "choices": [{"value":"x","label":"X"},{"value":"x","label":"Y"}] }""", "$.sections[0].items[0].choices[1].value", "duplicate choice value 'x'")]
    [InlineData("""{ "id": "a", "type": "number", "text": "A", "min": 5, "max": 1 }""", "$.sections[0].items[0].min", "min 5 is greater than max 1")]
    [InlineData("""{ "id": "a", "type": "finding", "text": "A" }""", "$.sections[0].items[0].severity", "needs a severity")]
    [InlineData("""{ "id": "a", "type": "text", "text": "A", "severity": "high" }""", "$.sections[0].items[0]", "finding items only")]
    [InlineData("""{ "id": "a", "type": "text", "text": "A", "pattern": "([" }""", "$.sections[0].items[0].pattern", "invalid regular expression")]
    [InlineData("""{ "id": "a b", "type": "text", "text": "A" }""", "$.sections[0].items[0].id", "not a valid id")]
    [InlineData("""{ "id": "a", "type": "text", "text": 5 }""", "$.sections[0].items[0].text", "must be a string")]
    [InlineData("""{ "id": "a", "type": "boolean", "text": "A", "choices": [{"value":"yes","label":"Y"}] }""", "$.sections[0].items[0].choices[0].value", "\"true\" and \"false\"")]
    [InlineData("""{ "id": "a", "type": "info", "text": "A", "required": true }""", "$.sections[0].items[0]", "cannot be required")]
    [InlineData("""{ "id": "a", "type": "singleChoice", "text": "A", "choices": [{"value":"x","label":"X","result":"great"}] }""", "$.sections[0].items[0].choices[0].result", "'great' is not a valid result")]
    public void Structural_errors_carry_a_json_path(string itemJson, string path, string fragment)
    {
        var result = QuestionnaireJson.Parse(TestData.OneSection(itemJson));
        Assert.True(result.IsFailure);
        Assert.Contains(result.Errors, e => e.Path == path && e.Message.Contains(fragment, StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_version_is_reported()
    {
        var json = TestData.OneSection("""{ "id": "a", "type": "text", "text": "A" }""").Replace("1.0.0", "1.0", StringComparison.Ordinal);
        var error = Assert.Single(QuestionnaireJson.Parse(json).Errors);
        Assert.Equal("$.version", error.Path);
    }
}
