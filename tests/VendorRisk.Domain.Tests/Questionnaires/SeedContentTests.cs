using System.Text.Json;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Questionnaires.Tiering;
using VendorRisk.Domain.Tests.Questionnaires.Support;

namespace VendorRisk.Domain.Tests.Questionnaires;

public class SeedContentTests
{
    private static readonly QuestionnaireEngine Engine = new();

    public static TheoryData<string> SeedFiles => new() { "ai-vendor-security-governance.json", "ai-inherent-risk-intake.json" };

    private static string SeedPath(string file) => Path.Combine(TestData.RepositoryRoot(), "seed-data", "questionnaires", file);

    private static CompiledQuestionnaire CompileSeed(string file) => TestData.Compile(File.ReadAllText(SeedPath(file)));

    private static HashSet<string> CatalogueControlIds()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestData.RepositoryRoot(), "seed-data", "controls.json")));
        return document.RootElement.GetProperty("controls").EnumerateArray().Select(c => c.GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void Seed_files_are_canonical_and_pass_publish_checks(string file)
    {
        var text = File.ReadAllText(SeedPath(file));
        var definition = TestData.Load(text);
        Assert.Equal(text, QuestionnaireJson.Serialize(definition));
        var published = definition.Publish();
        Assert.True(published.IsSuccess, string.Join("\n", published.Errors));
        Assert.Equal("VendorRisk project (original content)", definition.Source);
    }

    [Theory]
    [MemberData(nameof(SeedFiles))]
    public void Every_question_maps_to_catalogued_controls(string file)
    {
        var catalogue = CatalogueControlIds();
        var definition = CompileSeed(file).Definition;
        Assert.All(definition.AllItems().Where(i => i.IsAnswerable || i.Type == ItemType.Finding), item =>
        {
            Assert.NotEmpty(item.Controls);
            Assert.All(item.Controls, control => Assert.Contains(control, catalogue));
        });
    }

    [Fact]
    public void Controls_catalogue_covers_supplier_controls_and_is_well_formed()
    {
        var catalogue = CatalogueControlIds();
        foreach (var id in new[] { "iso27001:2022:A.5.19", "iso27001:2022:A.5.20", "iso27001:2022:A.5.21", "iso27001:2022:A.5.22", "iso27001:2022:A.5.23" })
        {
            Assert.Contains(id, catalogue);
        }

        Assert.All(catalogue, id => Assert.True(DefinitionValidator.IsValidControlId(id), id));
        Assert.Contains(catalogue, id => id.StartsWith("iso42001:2023:", StringComparison.Ordinal));
        Assert.Contains(catalogue, id => id.StartsWith("nist-ai-rmf:1.0:", StringComparison.Ordinal));
        Assert.Contains(catalogue, id => id.StartsWith("eu-ai-act:2024:", StringComparison.Ordinal));
    }

    [Fact]
    public void Security_questionnaire_has_the_required_breadth()
    {
        var definition = CompileSeed("ai-vendor-security-governance.json").Definition;
        Assert.Equal("AI Vendor Security and Governance", definition.Title);
        Assert.True(definition.AllItems().Count(i => i.IsAnswerable) >= 80);
        Assert.Equal(8, definition.Sections.Length);
        Assert.True(definition.AllItems().Count(i => i.Type == ItemType.Finding) >= 10);
        Assert.Contains(definition.AllItems(), i => i.Type == ItemType.Finding && i.Severity == FindingSeverity.Critical);
        Assert.True(definition.AllItems().Count(i => i.VisibleIf is not null) >= 15);
        var training = definition.AllItems().Single(i => i.Id == "training_on_customer_data");
        Assert.Equal("{training_on_customer_data} anyof ['never', 'opt_in']", training.Evidence!.RequiredIf);
    }

    /// <summary>A vendor answering every question with its best-scoring choice, valid text, and all evidence attached.</summary>
    private static (Dictionary<string, AnswerValue> Answers, Dictionary<string, IReadOnlyList<EvidenceAttachment>> Evidence) ExemplaryVendor(QuestionnaireDefinition definition)
    {
        var answers = new Dictionary<string, AnswerValue>(StringComparer.Ordinal);
        var evidence = new Dictionary<string, IReadOnlyList<EvidenceAttachment>>(StringComparer.Ordinal);
        foreach (var item in definition.AllItems().Where(i => i.IsAnswerable))
        {
            var best = item.Choices.OrderByDescending(c => c.Score ?? -1).FirstOrDefault();
            answers[item.Id] = item.Type switch
            {
                ItemType.SingleChoice => AnswerValue.Text(best!.Value),
                ItemType.Boolean => AnswerValue.Boolean(best?.Value != "false"),
                ItemType.MultipleChoice when item.Id == "ai_capabilities" => AnswerValue.Choices("llm_hosted", "agents"),
                ItemType.MultipleChoice => AnswerValue.Choices(item.Choices[0].Value),
                ItemType.Number => AnswerValue.Number(item.Min ?? 1),
                ItemType.Date => AnswerValue.Date(new DateOnly(2025, 3, 1)),
                ItemType.Url => AnswerValue.Text("https://vendor.example/trust"),
                ItemType.Email => AnswerValue.Text("security@vendor.example"),
                ItemType.File => AnswerValue.Files("file-" + item.Id),
                _ => AnswerValue.Text("Documented in our trust centre."),
            };
            if (item.Evidence is not null)
            {
                evidence[item.Id] = [new EvidenceAttachment("evidence-" + item.Id, new DateOnly(2025, 3, 1))];
            }
        }

        return (answers, evidence);
    }

    [Fact]
    public void An_exemplary_vendor_scores_100_with_no_findings_and_no_errors()
    {
        var compiled = CompileSeed("ai-vendor-security-governance.json");
        var (answers, evidence) = ExemplaryVendor(compiled.Definition);
        var result = Engine.Evaluate(compiled, answers, evidence, new DateOnly(2025, 6, 1));
        Assert.Empty(result.Errors);
        Assert.Empty(result.Findings);
        Assert.Equal(100m, result.OverallScore);
        Assert.Equal(0, result.ResultCounts.NonCompliant);
        Assert.True(result.Item("agent_permissions").Visible);
    }

    [Fact]
    public void A_vendor_training_on_our_data_without_opt_out_raises_a_critical_finding()
    {
        var compiled = CompileSeed("ai-vendor-security-governance.json");
        var (answers, evidence) = ExemplaryVendor(compiled.Definition);
        answers["training_on_customer_data"] = AnswerValue.Text("yes");
        answers["notification_hours"] = AnswerValue.Text("none");
        var result = Engine.Evaluate(compiled, answers, evidence, new DateOnly(2025, 6, 1));
        Assert.Equal(["finding_trains_on_customer_data", "finding_no_notification_commitment"], result.Findings.Select(f => f.ItemId));
        Assert.Equal(FindingSeverity.Critical, result.Findings[0].Severity);
        Assert.False(result.Item("notification_in_contract").Visible);
        Assert.True(result.OverallScore < 100m);
    }

    [Fact]
    public void A_vendor_without_ai_skips_the_ai_sections()
    {
        var compiled = CompileSeed("ai-vendor-security-governance.json");
        var (answers, evidence) = ExemplaryVendor(compiled.Definition);
        answers["ai_capabilities"] = AnswerValue.Choices("none");
        var result = Engine.Evaluate(compiled, answers, evidence, new DateOnly(2025, 6, 1));
        Assert.False(result.Sections.Single(s => s.SectionId == "ai_risk").Visible);
        Assert.False(result.Sections.Single(s => s.SectionId == "algorithm_governance").Visible);
        Assert.False(result.Item("foundation_model_providers").Visible);
        Assert.Equal(100m, result.OverallScore);
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
            ("eu_ai_act_class", AnswerValue.Text("minimal")));
        foreach (var (id, value) in overrides)
        {
            answers[id] = value;
        }

        return answers;
    }

    [Fact]
    public void Low_risk_intake_gives_tier_low()
    {
        var assessment = TierCalculator.Calculate(CompileSeed("ai-inherent-risk-intake.json"), IntakeAnswers()).Value;
        Assert.Equal(0m, assessment.RiskScore);
        Assert.Equal(RiskTier.Low, assessment.Tier);
        Assert.Empty(assessment.UnansweredItemIds);
    }

    [Fact]
    public void High_risk_intake_gives_tier_critical()
    {
        var answers = IntakeAnswers(
            ("process_criticality", AnswerValue.Text("critical")),
            ("data_sensitivity", AnswerValue.Text("restricted")),
            ("personal_data", AnswerValue.Text("special_category")),
            ("customer_data_to_model", AnswerValue.Boolean(true)),
            ("model_data_use", AnswerValue.Text("training")),
            ("autonomy_level", AnswerValue.Text("autonomous")),
            ("human_oversight", AnswerValue.Text("none")),
            ("people_affected", AnswerValue.Text("public")),
            ("decisions_about_people", AnswerValue.Choices("employment", "credit_insurance", "essential_services", "education")),
            ("eu_ai_act_class", AnswerValue.Text("high_risk")));
        var assessment = TierCalculator.Calculate(CompileSeed("ai-inherent-risk-intake.json"), answers).Value;
        // Every answer at its maximum except the EU AI Act class (high-risk 5 of 6, weight 2): 89 / 91 = 97.80.
        Assert.Equal(97.80m, assessment.RiskScore);
        Assert.Equal(RiskTier.Critical, assessment.ScoreTier);
        Assert.Equal(RiskTier.Critical, assessment.Tier);
    }

    [Fact]
    public void Medium_intake_is_scored_by_weighted_risk_points()
    {
        var answers = IntakeAnswers(
            ("process_criticality", AnswerValue.Text("moderate")),
            ("data_sensitivity", AnswerValue.Text("confidential")),
            ("personal_data", AnswerValue.Text("business_contact")),
            ("autonomy_level", AnswerValue.Text("recommends")),
            ("human_oversight", AnswerValue.Text("sampled")),
            ("people_affected", AnswerValue.Text("hundreds")),
            ("decisions_about_people", AnswerValue.Choices("employment")),
            ("eu_ai_act_class", AnswerValue.Text("limited")));
        var compiled = CompileSeed("ai-inherent-risk-intake.json");

        // Risk 2x2 + 2x3 + 2x1 + 0 + 2x2 + 2x2 + 2 + 2 + 2x2 = 28 of a maximum 86 (model_data_use hidden) = 32.56.
        var assessment = TierCalculator.Calculate(compiled, answers).Value;
        Assert.Equal(32.56m, assessment.RiskScore);
        Assert.Equal(RiskTier.Medium, assessment.Tier);

        // A high-risk EU AI Act class lifts the tier to at least high whatever the score: 34 / 86 = 39.53.
        answers["eu_ai_act_class"] = AnswerValue.Text("high_risk");
        assessment = TierCalculator.Calculate(compiled, answers).Value;
        Assert.Equal(39.53m, assessment.RiskScore);
        Assert.Equal(RiskTier.Medium, assessment.ScoreTier);
        Assert.Equal(RiskTier.High, assessment.Tier);
        Assert.Equal(["{eu_ai_act_class} = 'high_risk'"], assessment.AppliedFloors.ToArray());
    }

    [Fact]
    public void Unanswered_intake_counts_as_maximum_risk()
    {
        var assessment = TierCalculator.Calculate(CompileSeed("ai-inherent-risk-intake.json"), TestData.Answers()).Value;
        Assert.Equal(100m, assessment.RiskScore);
        Assert.Equal(RiskTier.Critical, assessment.Tier);
        Assert.Equal(9, assessment.UnansweredItemIds.Length);
    }

    [Fact]
    public void Tiering_needs_a_tiering_block()
    {
        var result = TierCalculator.Calculate(CompileSeed("ai-vendor-security-governance.json"), TestData.Answers());
        Assert.Equal("$.tiering", Assert.Single(result.Errors).Path);
    }
}
