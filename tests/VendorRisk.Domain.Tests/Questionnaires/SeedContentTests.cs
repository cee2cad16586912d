using System.Text.Json;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Questionnaires.Tiering;
using VendorRisk.Domain.Tests.Content;
using VendorRisk.Domain.Tests.Questionnaires.Support;

namespace VendorRisk.Domain.Tests.Questionnaires;

public class SeedContentTests
{
    private static readonly QuestionnaireEngine Engine = new();

    public static TheoryData<string> SeedFiles => new() { ShippedContent.SecurityV1File, ShippedContent.SecurityV2File, ShippedContent.IntakeFile };

    /// <summary>The content that is current: every mapping must carry a rationale (1.0.0 stays as it shipped).</summary>
    public static TheoryData<string> CurrentFiles => new() { ShippedContent.SecurityV2File, ShippedContent.IntakeFile };

    private static CompiledQuestionnaire CompileSeed(string file) => ShippedContent.Compile(file);

    private static HashSet<string> CatalogueControlIds()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(ShippedContent.CataloguePath));
        return document.RootElement.GetProperty("controls").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void Seed_files_are_canonical_and_pass_publish_checks(string file)
    {
        var text = File.ReadAllText(ShippedContent.QuestionnairePath(file));
        var definition = TestData.Load(text);
        Assert.Equal(text, QuestionnaireJson.Serialize(definition));
        var published = definition.Publish();
        Assert.True(published.IsSuccess, string.Join("\n", published.Errors));
        Assert.Equal("VendorRisk project (original content)", definition.Source);
        Assert.Equal("CC-BY-4.0", definition.Licence);
    }

    [Fact]
    public void Every_question_of_1_0_maps_to_catalogued_controls()
    {
        var catalogue = CatalogueControlIds();
        var definition = CompileSeed(ShippedContent.SecurityV1File).Definition;
        Assert.All(definition.AllItems().Where(i => i.IsAnswerable || i.Type == ItemType.Finding), item =>
        {
            Assert.NotEmpty(item.Controls);
            Assert.All(item.Controls, control => Assert.Contains(control, catalogue));
        });
    }

    [Theory]
    [MemberData(nameof(CurrentFiles))]
    public void Every_mapping_references_a_catalogue_entry_and_has_a_rationale(string file)
    {
        var catalogue = CatalogueControlIds();
        var definition = CompileSeed(file).Definition;
        var mappings = definition.AllItems().SelectMany(i => i.Controls.Select(c => (Item: i.Id, Control: c, Rationale: i.RationaleFor(c)))).ToList();
        Assert.NotEmpty(mappings);
        Assert.All(mappings, m =>
        {
            Assert.True(catalogue.Contains(m.Control), $"{m.Item} maps to {m.Control}, which the catalogue lacks");
            Assert.False(string.IsNullOrWhiteSpace(m.Rationale), $"{m.Item} -> {m.Control} has no rationale");
            Assert.True(m.Rationale!.Length <= 160 && !m.Rationale.Contains('\n', StringComparison.Ordinal), $"{m.Item} -> {m.Control}: a rationale is one short line");
        });
    }

    [Fact]
    public void Every_question_of_2_0_maps_to_controls_unless_it_is_factual_and_no_factual_question_does()
    {
        var definition = CompileSeed(ShippedContent.SecurityV2File).Definition;
        Assert.All(definition.AllItems().Where(i => (i.IsAnswerable && !i.Factual) || i.Type == ItemType.Finding),
            item => Assert.False(item.Controls.IsEmpty, $"{item.Id} maps to no control"));
        Assert.All(definition.AllItems().Where(i => i.Factual), item => Assert.True(item.Controls.IsEmpty, $"factual {item.Id} maps to controls"));
    }

    [Fact]
    public void The_catalogue_is_well_formed_holds_every_framework_and_pads_nothing()
    {
        var catalogue = ShippedContent.Catalogue;
        Assert.All(catalogue.Controls, c => Assert.True(DefinitionValidator.IsValidControlId(c.Id), c.Id));
        Assert.Equal(["iso27001:2022", "iso42001:2023", "nist-ai-rmf:1.0", "nist-ai-600-1:2024", "owasp-llm:2025", "eu-ai-act:2024", "dora:2022", "gdpr:2016", "ccpa:2020"],
            catalogue.Frameworks.Select(f => f.Id));
        Assert.Equal(12, catalogue.Controls.Count(c => c.Framework == "nist-ai-600-1:2024"));
        Assert.Equal(10, catalogue.Controls.Count(c => c.Framework == "owasp-llm:2025"));
        Assert.Equal(["A.10.2", "A.10.3", "A.10.4"], catalogue.Controls.Where(c => c.Code.StartsWith("A.10.", StringComparison.Ordinal)).Select(c => c.Code));

        // Every control is used by some shipped questionnaire, so coverage never reports a control nobody can evidence.
        var mapped = new[] { ShippedContent.SecurityV1, ShippedContent.SecurityV2, ShippedContent.Intake }
            .SelectMany(q => q.Definition.AllItems().SelectMany(i => i.Controls)).ToHashSet(StringComparer.Ordinal);
        Assert.All(catalogue.Controls, c => Assert.True(mapped.Contains(c.Id), $"{c.Id} is in the catalogue but no shipped questionnaire maps it"));
    }

    [Fact]
    public void Security_questionnaire_2_0_has_the_required_breadth()
    {
        var definition = CompileSeed(ShippedContent.SecurityV2File).Definition;
        Assert.Equal(("ai-vendor-security-governance", "2.0.0", "AI Vendor Security and Governance"), (definition.Id, definition.Version.ToString(), definition.Title));
        Assert.Equal(ShippedContent.Domains.Select(d => d.Section), definition.Sections.Select(s => s.Id));
        Assert.True(definition.AllItems().Count(i => i.IsAnswerable && !i.Factual) >= 150);
        Assert.True(definition.AllItems().Count(i => i.Type == ItemType.Finding) >= 25);
        Assert.True(definition.AllItems().Count(i => i.Key) >= 20);
        Assert.Contains(definition.AllItems(), i => i.Type == ItemType.Finding && i.Severity == FindingSeverity.Critical);
        var training = definition.AllItems().Single(i => i.Id == "training_on_customer_data");
        Assert.Equal("{training_on_customer_data} anyof ['never', 'opt_in']", training.Evidence!.RequiredIf);
    }

    [Fact]
    public void Favourable_minimal_and_maximal_vendors_score_100_with_no_findings_and_no_errors()
    {
        var compiled = CompileSeed(ShippedContent.SecurityV2File);
        foreach (var profile in new[] { ShippedContent.Minimal, ShippedContent.Maximal })
        {
            var result = ShippedContent.Evaluate(compiled, profile);
            Assert.Empty(result.Errors);
            Assert.Empty(result.Findings);
            Assert.Equal(100m, result.OverallScore);
            Assert.Equal(0, result.ResultCounts.NonCompliant);
        }

        Assert.True(ShippedContent.Evaluate(compiled, ShippedContent.Maximal).Item("agent_human_approval").Visible);
        Assert.False(ShippedContent.Evaluate(compiled, ShippedContent.Minimal).Item("agent_human_approval").Visible);
    }

    [Fact]
    public void A_vendor_training_on_our_data_without_opt_out_raises_a_critical_finding()
    {
        var compiled = CompileSeed(ShippedContent.SecurityV2File);
        var answers = ShippedContent.FavourableAnswers(compiled.Definition, ShippedContent.Maximal);
        answers["training_on_customer_data"] = AnswerValue.Text("yes");
        answers["notification_hours"] = AnswerValue.Text("none");
        var result = Engine.Evaluate(compiled, answers, ShippedContent.AllEvidence(compiled.Definition), ShippedContent.Today);
        Assert.Equal(["finding_trains_on_customer_data", "finding_no_notification_commitment"], result.Findings.Select(f => f.ItemId));
        Assert.Equal(FindingSeverity.Critical, result.Findings[0].Severity);
        Assert.False(result.Item("notification_in_contract").Visible);
        Assert.True(result.OverallScore < 100m);
    }

    [Fact]
    public void A_vendor_without_ai_skips_the_ai_sections()
    {
        var compiled = CompileSeed(ShippedContent.SecurityV2File);
        var answers = ShippedContent.FavourableAnswers(compiled.Definition, ShippedContent.Maximal);
        answers["ai_capabilities"] = AnswerValue.Choices("none");
        var result = Engine.Evaluate(compiled, answers, ShippedContent.AllEvidence(compiled.Definition), ShippedContent.Today);
        foreach (var section in new[] { "ai_risk", "algorithm_governance", "llm_security", "agents", "ai_supply_chain", "model_providers", "intellectual_property" })
            Assert.False(result.Sections.Single(s => s.SectionId == section).Visible, section);
        Assert.False(result.Item("foundation_model_providers").Visible);
        Assert.False(result.Item("eu_role").Visible);
        Assert.True(result.Item("mfa_admin").Visible);
        Assert.Equal(100m, result.OverallScore);
    }

    [Fact]
    public void A_planned_answer_asks_for_its_date_and_earns_nothing()
    {
        var compiled = CompileSeed(ShippedContent.SecurityV2File);
        var answers = ShippedContent.FavourableAnswers(compiled.Definition, ShippedContent.Minimal);
        answers["mfa_admin"] = AnswerValue.Text("planned");
        answers.Remove("mfa_admin_planned_by");
        var result = Engine.Evaluate(compiled, answers, ShippedContent.AllEvidence(compiled.Definition), ShippedContent.Today);
        Assert.Equal(AnswerErrorCode.Required, Assert.Single(result.Errors).Code);
        Assert.Equal("mfa_admin_planned_by", result.Errors[0].ItemId);
        Assert.Equal(0m, result.Item("mfa_admin").Score);
        Assert.Equal(1, result.ResultCounts.Planned);
    }

    private static Dictionary<string, AnswerValue> IntakeAnswers(params (string Id, AnswerValue Value)[] overrides)
    {
        var answers = TestData.Answers(
            ("vendor_name", AnswerValue.Text("Example Ltd")),
            ("business_owner_email", AnswerValue.Text("owner@example.com")),
            ("use_case", AnswerValue.Text("Summarise public product documentation for staff.")),
            ("process_criticality", AnswerValue.Text("low")),
            ("data_sensitivity", AnswerValue.Text("public")),
            ("personal_data", AnswerValue.Text("none")),
            ("customer_data_to_model", AnswerValue.Boolean(false)),
            ("autonomy_level", AnswerValue.Text("assistive")),
            ("human_oversight", AnswerValue.Text("every_output")),
            ("people_affected", AnswerValue.Text("few")),
            ("decisions_about_people", AnswerValue.Choices("none")),
            ("eu_ai_act_class", AnswerValue.Text("minimal")),
            ("other_annex_iii_use", AnswerValue.Choices("none")),
            ("prohibited_practices", AnswerValue.Choices("none")));
        foreach (var (id, value) in overrides)
        {
            answers[id] = value;
        }

        return answers;
    }

    private static TierAssessment Tier(Dictionary<string, AnswerValue> answers) => TierCalculator.Calculate(ShippedContent.Intake, answers).Value;

    [Fact]
    public void The_intake_is_version_1_1_0_and_every_floor_says_why()
    {
        var definition = ShippedContent.Intake.Definition;
        Assert.Equal("1.1.0", definition.Version.ToString());
        Assert.Equal(7, definition.Tiering!.Floors.Length);
        Assert.All(definition.Tiering.Floors, f => Assert.False(string.IsNullOrWhiteSpace(f.Reason), f.When));
        Assert.Empty(Engine.Evaluate(ShippedContent.Intake, IntakeAnswers()).Errors);
    }

    [Fact]
    public void Low_risk_intake_gives_tier_low()
    {
        var assessment = Tier(IntakeAnswers());
        Assert.Equal(0m, assessment.RiskScore);
        Assert.Equal(RiskTier.Low, assessment.Tier);
        Assert.Empty(assessment.UnansweredItemIds);
        Assert.Empty(assessment.AppliedFloors);
    }

    [Fact]
    public void High_risk_intake_gives_tier_critical()
    {
        var assessment = Tier(IntakeAnswers(
            ("process_criticality", AnswerValue.Text("critical")),
            ("data_sensitivity", AnswerValue.Text("restricted")),
            ("personal_data", AnswerValue.Text("special_category")),
            ("customer_data_to_model", AnswerValue.Boolean(true)),
            ("model_owner", AnswerValue.Text("third_party")),
            ("model_data_use", AnswerValue.Text("training")),
            ("autonomy_level", AnswerValue.Text("autonomous")),
            ("human_oversight", AnswerValue.Text("none")),
            ("people_affected", AnswerValue.Text("public")),
            ("decisions_about_people", AnswerValue.Choices("employment", "credit_insurance", "essential_services", "education")),
            ("eu_ai_act_class", AnswerValue.Text("high_risk"))));
        // Every answer at its maximum except the model owner (third party 3 of 4, weight 1) and the EU AI Act class
        // (high-risk 5 of 6, weight 2): 92 / 95 = 96.84.
        Assert.Equal(96.84m, assessment.RiskScore);
        Assert.Equal(RiskTier.Critical, assessment.ScoreTier);
        Assert.Equal(RiskTier.Critical, assessment.Tier);
        Assert.Contains("Special-category personal data goes to a third party's model that may train on it, or whose use of it is unknown.", assessment.AppliedFloorReasons);
    }

    [Fact]
    public void Medium_intake_is_scored_by_weighted_risk_points_and_an_annex_iii_use_lifts_it_to_high()
    {
        var answers = IntakeAnswers(
            ("process_criticality", AnswerValue.Text("moderate")),
            ("data_sensitivity", AnswerValue.Text("confidential")),
            ("personal_data", AnswerValue.Text("business_contact")),
            ("autonomy_level", AnswerValue.Text("recommends")),
            ("human_oversight", AnswerValue.Text("sampled")),
            ("people_affected", AnswerValue.Text("hundreds")),
            ("eu_ai_act_class", AnswerValue.Text("limited")));

        // Risk 2x2 + 2x3 + 2x1 + 0 + 2x2 + 2x2 + 2 + 0 + 2x2 = 26 of a maximum 86 (model questions hidden) = 30.23.
        var assessment = Tier(answers);
        Assert.Equal(30.23m, assessment.RiskScore);
        Assert.Equal(RiskTier.Medium, assessment.Tier);

        // Hiring decisions are an Annex III use: the tier is at least high whatever the score (28 / 86 = 32.56).
        answers["decisions_about_people"] = AnswerValue.Choices("employment");
        assessment = Tier(answers);
        Assert.Equal(32.56m, assessment.RiskScore);
        Assert.Equal((RiskTier.Medium, RiskTier.High), (assessment.ScoreTier, assessment.Tier));
        Assert.Equal(["Used in an area the EU AI Act lists as high-risk (Annex III): high until the vendor shows an exception applies."],
            assessment.AppliedFloorReasons.ToArray());

        // So is an area outside decisions about people, such as critical infrastructure.
        answers["decisions_about_people"] = AnswerValue.Choices("none");
        answers["other_annex_iii_use"] = AnswerValue.Choices("critical_infrastructure");
        Assert.Equal(RiskTier.High, Tier(answers).Tier);

        // A high-risk EU AI Act class applies its own floor too: 34 / 86 = 39.53.
        answers["decisions_about_people"] = AnswerValue.Choices("employment");
        answers["eu_ai_act_class"] = AnswerValue.Text("high_risk");
        assessment = Tier(answers);
        Assert.Equal(39.53m, assessment.RiskScore);
        Assert.Equal(RiskTier.High, assessment.Tier);
        Assert.Equal(2, assessment.AppliedFloors.Length);
    }

    [Fact]
    public void A_possible_prohibited_practice_makes_the_tier_critical()
    {
        var assessment = Tier(IntakeAnswers(("prohibited_practices", AnswerValue.Choices("emotion_recognition_work_school"))));
        Assert.Equal(0m, assessment.RiskScore);
        Assert.Equal(RiskTier.Critical, assessment.Tier);
        Assert.Equal(["The AI could be used for a practice the EU AI Act prohibits (Article 5)."], assessment.AppliedFloorReasons.ToArray());
    }

    [Fact]
    public void Autonomous_action_without_human_oversight_makes_the_tier_at_least_high()
    {
        var unchecked_ = Tier(IntakeAnswers(("autonomy_level", AnswerValue.Text("autonomous")), ("human_oversight", AnswerValue.Text("exceptions"))));
        Assert.Equal(RiskTier.High, unchecked_.Tier);
        Assert.Equal(["Acts on its own without a person routinely checking its outputs."], unchecked_.AppliedFloorReasons.ToArray());
        var checked_ = Tier(IntakeAnswers(("autonomy_level", AnswerValue.Text("autonomous")), ("human_oversight", AnswerValue.Text("every_output"))));
        Assert.Empty(checked_.AppliedFloors);
    }

    [Fact]
    public void Special_category_data_to_a_third_party_model_that_may_train_on_it_is_critical_and_to_any_model_high()
    {
        (string, AnswerValue)[] special =
        [
            ("personal_data", AnswerValue.Text("special_category")), ("customer_data_to_model", AnswerValue.Boolean(true)),
        ];
        var own = Tier(IntakeAnswers([.. special, ("model_owner", AnswerValue.Text("vendor_own")), ("model_data_use", AnswerValue.Text("not_retained"))]));
        Assert.Equal(RiskTier.High, own.Tier);
        Assert.Equal(["Special-category personal data (such as health data) goes to an AI model."], own.AppliedFloorReasons.ToArray());

        var thirdParty = Tier(IntakeAnswers([.. special, ("model_owner", AnswerValue.Text("third_party")), ("model_data_use", AnswerValue.Text("unknown"))]));
        Assert.Equal(RiskTier.Critical, thirdParty.Tier);
        Assert.Equal(2, thirdParty.AppliedFloors.Length);
    }

    [Fact]
    public void Unanswered_intake_counts_as_maximum_risk()
    {
        var assessment = TierCalculator.Calculate(ShippedContent.Intake, TestData.Answers()).Value;
        Assert.Equal(100m, assessment.RiskScore);
        Assert.Equal(RiskTier.Critical, assessment.Tier);
        Assert.Equal(9, assessment.UnansweredItemIds.Length);
    }

    [Fact]
    public void Tiering_needs_a_tiering_block()
    {
        var result = TierCalculator.Calculate(CompileSeed(ShippedContent.SecurityV2File), TestData.Answers());
        Assert.Equal("$.tiering", Assert.Single(result.Errors).Path);
    }
}
