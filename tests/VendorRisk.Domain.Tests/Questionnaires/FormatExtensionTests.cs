using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Questionnaires.Tiering;
using VendorRisk.Domain.Questionnaires.Versioning;
using VendorRisk.Domain.Tests.Questionnaires.Support;

namespace VendorRisk.Domain.Tests.Questionnaires;

/// <summary>
/// The 2.0 format extensions (ADR-021): key and factual items, control mappings with a rationale, "planned" and "don't
/// know" answers, accepted evidence kinds and floor reasons. All optional, so a 1.0 document loads and hashes as before.
/// </summary>
public class FormatExtensionTests
{
    private static readonly QuestionnaireEngine Engine = new();

    /// <summary>Every extension once, in canonical order and layout.</summary>
    private const string Canonical = """
        {
          "id": "extended",
          "version": "2.0.0",
          "status": "draft",
          "title": "Extended",
          "locale": "en",
          "tiering": {
            "thresholds": [
              {
                "tier": "low",
                "minimumScore": 0
              }
            ],
            "floors": [
              {
                "when": "{trains} = true",
                "minimumTier": "high",
                "reason": "Trains models on what it is given."
              }
            ]
          },
          "sections": [
            {
              "id": "s",
              "title": "Section",
              "items": [
                {
                  "id": "trains",
                  "type": "boolean",
                  "text": "Do you train models?",
                  "factual": true,
                  "choices": [
                    {
                      "value": "true",
                      "label": "Yes",
                      "risk": 3
                    },
                    {
                      "value": "false",
                      "label": "No",
                      "risk": 0
                    }
                  ]
                },
                {
                  "id": "mfa",
                  "type": "singleChoice",
                  "text": "Is MFA enforced for administrators?",
                  "key": true,
                  "required": true,
                  "controls": [
                    {
                      "control": "iso27001:2022:A.8.5",
                      "rationale": "MFA is the strong authentication the control asks for."
                    },
                    "iso27001:2022:A.5.17"
                  ],
                  "choices": [
                    {
                      "value": "yes",
                      "label": "Yes",
                      "score": 2,
                      "result": "compliant"
                    },
                    {
                      "value": "planned",
                      "label": "Not yet: planned, with a date",
                      "score": 0,
                      "result": "planned"
                    },
                    {
                      "value": "unknown",
                      "label": "We don't know",
                      "result": "unknown"
                    }
                  ],
                  "plannedBy": "mfa_planned_by",
                  "evidence": {
                    "requiredIf": "{mfa} = 'yes'",
                    "validityDays": 365,
                    "kinds": [
                      "policy",
                      "pen-test-report"
                    ],
                    "prompt": "The access policy."
                  }
                },
                {
                  "id": "mfa_planned_by",
                  "type": "date",
                  "text": "By when?",
                  "requiredIf": "{mfa} = 'planned'",
                  "visibleIf": "{mfa} = 'planned'"
                }
              ]
            }
          ]
        }

        """;

    private static QuestionnaireDefinition Definition() => TestData.Load(Canonical);

    private static List<QuestionnaireError> Errors(string itemsJson)
    {
        var parsed = QuestionnaireJson.Parse(TestData.OneSection(itemsJson));
        if (parsed.IsFailure) return [.. parsed.Errors];
        var compiled = parsed.Value.Compile();
        return compiled.IsFailure ? [.. compiled.Errors] : [];
    }

    [Fact]
    public void Every_extension_round_trips_through_the_canonical_form()
    {
        var definition = Definition();
        Assert.Equal(Canonical, QuestionnaireJson.Serialize(definition));
        var mfa = definition.AllItems().Single(i => i.Id == "mfa");
        Assert.True(mfa.Key);
        Assert.False(mfa.Factual);
        Assert.True(definition.AllItems().Single(i => i.Id == "trains").Factual);
        Assert.Equal(["iso27001:2022:A.8.5", "iso27001:2022:A.5.17"], mfa.Controls.ToArray());
        Assert.Equal("MFA is the strong authentication the control asks for.", mfa.RationaleFor("iso27001:2022:A.8.5"));
        Assert.Null(mfa.RationaleFor("iso27001:2022:A.5.17"));
        Assert.Equal([EvidenceKind.Policy, EvidenceKind.PenTestReport], mfa.Evidence!.Kinds.ToArray());
        Assert.Equal("mfa_planned_by", mfa.PlannedBy);
        Assert.Equal("Trains models on what it is given.", definition.Tiering!.Floors[0].Reason);
        Assert.True(definition.Publish().IsSuccess);
    }

    [Fact]
    public void The_shipped_1_0_questionnaire_hashes_as_it_did_before_the_extensions()
    {
        // Recorded from the 1.0.0 file before the format grew: documents using none of the new properties keep their hash.
        var text = File.ReadAllText(Path.Combine(TestData.RepositoryRoot(), "seed-data", "questionnaires", "ai-vendor-security-governance.json"));
        var definition = TestData.Load(text);
        Assert.Equal("1.0.0", definition.Version.ToString());
        Assert.Equal(text, QuestionnaireJson.Serialize(definition));
        Assert.Equal("sha256:971d7dfd39953f1c0dd9913e74aa3b1b6ea3cb783204b33967c45f235dd74437", definition.ComputeContentHash());
    }

    [Theory]
    [InlineData("""{ "id": "q", "type": "boolean", "text": "Incident?", "factual": true, "choices": [ { "value": "true", "label": "Yes", "score": 1 } ] }""",
        "$.sections[0].items[0].choices[0]", "a factual item is not scored")]
    [InlineData("""{ "id": "q", "type": "boolean", "text": "Incident?", "factual": true, "choices": [ { "value": "false", "label": "No", "result": "nonCompliant" } ] }""",
        "$.sections[0].items[0].choices[0]", "a factual item is not scored")]
    [InlineData("""{ "id": "q", "type": "text", "text": "Name", "factual": true, "key": true }""",
        "$.sections[0].items[0]", "cannot be a key control")]
    [InlineData("""{ "id": "q", "type": "info", "text": "Read", "key": true }""",
        "$.sections[0].items[0]", "cannot be key, factual or planned")]
    [InlineData("""{ "id": "q", "type": "multipleChoice", "text": "Which?", "choices": [ { "value": "a", "label": "A", "result": "unknown" } ] }""",
        "$.sections[0].items[0].choices[0].result", "'unknown' applies to single-choice and boolean items only")]
    [InlineData("""{ "id": "q", "type": "singleChoice", "text": "MFA?", "choices": [ { "value": "u", "label": "Unsure", "score": 1, "result": "unknown" } ] }""",
        "$.sections[0].items[0].choices[0].score", "earns no credit")]
    [InlineData("""{ "id": "q", "type": "singleChoice", "text": "MFA?", "choices": [ { "value": "p", "label": "Planned", "result": "planned" } ] }""",
        "$.sections[0].items[0].plannedBy", "a 'planned' choice needs a date")]
    [InlineData("""{ "id": "q", "type": "singleChoice", "text": "MFA?", "plannedBy": "q", "choices": [ { "value": "y", "label": "Yes" } ] }""",
        "$.sections[0].items[0].plannedBy", "plannedBy applies to items with a 'planned' choice")]
    [InlineData("""{ "id": "q", "type": "singleChoice", "text": "MFA?", "plannedBy": "note", "choices": [ { "value": "p", "label": "Planned", "result": "planned" } ] }, { "id": "note", "type": "text", "text": "When?" }""",
        "$.sections[0].items[0].plannedBy", "'note' is not a date item of this questionnaire")]
    [InlineData("""{ "id": "q", "type": "text", "text": "Name", "evidence": { "kinds": [ "selfie" ] } }""",
        "$.sections[0].items[0].evidence.kinds[0]", "unknown evidence kind \"selfie\"")]
    [InlineData("""{ "id": "q", "type": "text", "text": "Name", "evidence": { "kinds": [ "policy", "policy" ] } }""",
        "$.sections[0].items[0].evidence.kinds", "must not repeat")]
    [InlineData("""{ "id": "q", "type": "text", "text": "Name", "controls": [ { "control": "iso27001:2022:A.5.19" } ] }""",
        "$.sections[0].items[0].controls[0].rationale", "'rationale' is required")]
    [InlineData("""{ "id": "q", "type": "text", "text": "Name", "controls": [ { "control": "iso27001:2022:A.5.19", "rationale": " " } ] }""",
        "$.sections[0].items[0].controls[0].rationale", "must not be blank")]
    [InlineData("""{ "id": "q", "type": "text", "text": "Name", "controls": [ 7 ] }""",
        "$.sections[0].items[0].controls[0]", "a control mapping is a string or an object")]
    public void Misuse_of_the_extensions_is_refused_with_its_path(string items, string path, string message)
    {
        var errors = Errors(items);
        Assert.Contains(errors, e => e.Path == path && e.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_planned_answer_earns_nothing_and_is_counted_as_not_in_place_and_as_planned()
    {
        var compiled = Definition().Compile().Value;
        var planned = Engine.Evaluate(compiled, TestData.Answers(("mfa", AnswerValue.Text("planned")), ("mfa_planned_by", AnswerValue.Text("2027-03-31"))));
        Assert.Equal(0m, planned.OverallScore);
        Assert.Equal((1, 1, 0), (planned.ResultCounts.NonCompliant, planned.ResultCounts.Planned, planned.ResultCounts.Unknown));
        Assert.Equal(ChoiceResult.Planned, planned.Item("mfa").Result);
        Assert.Equal(AnswerValue.Date(new DateOnly(2027, 3, 31)), planned.Item("mfa_planned_by").Answer);
        Assert.Contains(planned.Controls, c => c.Control == "iso27001:2022:A.8.5" && c.NonCompliant == 1);

        var unknown = Engine.Evaluate(compiled, TestData.Answers(("mfa", AnswerValue.Text("unknown"))));
        Assert.Equal((1, 0, 1), (unknown.ResultCounts.NonCompliant, unknown.ResultCounts.Planned, unknown.ResultCounts.Unknown));
        Assert.Null(unknown.Item("mfa_planned_by").Answer);
        Assert.Equal(100m, Engine.Evaluate(compiled, TestData.Answers(("mfa", AnswerValue.Text("yes")))).OverallScore);
    }

    [Fact]
    public void The_diff_names_key_factual_rationale_planned_date_and_evidence_kind_changes_and_nothing_else()
    {
        var v1 = Definition();
        Assert.True(QuestionnaireDiff.Compare(v1, TestData.Load(Canonical)).IsEmpty);

        QuestionnaireItem Mfa(QuestionnaireDefinition d) => d.AllItems().Single(i => i.Id == "mfa");
        var mfa = Mfa(v1);
        var changed = mfa with
        {
            Key = false,
            ControlRationales = mfa.ControlRationales.SetItem("iso27001:2022:A.8.5", "Reworded."),
            Evidence = mfa.Evidence! with { Kinds = [EvidenceKind.Policy] },
        };
        var v2 = v1 with { Sections = [v1.Sections[0] with { Items = v1.Sections[0].Items.Replace(mfa, changed) }] };
        var changes = QuestionnaireDiff.Compare(v1, v2).Changes;
        Assert.Equal(
            [(ItemChangeKind.ScoringChanged, "no longer a key control"), (ItemChangeKind.ConditionsChanged, "evidence rules"),
                (ItemChangeKind.ControlsChanged, "rationale changed: iso27001:2022:A.8.5")],
            changes.Select(c => (c.Kind, c.Detail)));
    }

    [Fact]
    public void Tiering_reports_the_reason_of_each_floor_that_applies()
    {
        var compiled = Definition().Compile().Value;
        var result = TierCalculator.Calculate(compiled, TestData.Answers(("trains", AnswerValue.Boolean(true)))).Value;
        Assert.Equal(RiskTier.High, result.Tier);
        Assert.Equal(["{trains} = true"], result.AppliedFloors.ToArray());
        Assert.Equal(["Trains models on what it is given."], result.AppliedFloorReasons.ToArray());
    }

    [Fact]
    public void Evidence_kinds_have_stable_keys_and_labels_and_parse_back()
    {
        Assert.Equal(16, EvidenceKinds.All.Count);
        Assert.Equal(EvidenceKinds.All.Count, EvidenceKinds.All.Select(k => k.Key()).Distinct(StringComparer.Ordinal).Count());
        Assert.All(EvidenceKinds.All, k => Assert.Equal(k, EvidenceKinds.FromKey(k.Key())));
        Assert.All(EvidenceKinds.All, k => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", k.Key()));
        Assert.Equal("bcp-dr-test-report", EvidenceKind.BcpDrTestReport.Key());
        Assert.Equal("SOC 2 Type II report", EvidenceKind.Soc2Type2.Label());
        Assert.Null(EvidenceKinds.FromKey("Policy"));
        Assert.False(EvidenceKinds.TryParse(null, out _));
    }
}
