using VendorRisk.Domain.Common;
using VendorRisk.Domain.Coverage;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Tests.Content;
using VendorRisk.Domain.Tests.Questionnaires.Support;

namespace VendorRisk.Domain.Tests.Coverage;

public class CoverageCalculatorTests
{
    private static readonly QuestionnaireEngine Engine = new();

    private static readonly ControlCatalogue Catalogue = new(
        [new ControlFramework("iso27001:2022", "ISO/IEC 27001:2022"), new ControlFramework("eu-ai-act:2024", "EU AI Act")],
        [
            new CatalogueControl("iso27001:2022:A.5.19", "iso27001:2022", "Supplier relationships"),
            new CatalogueControl("iso27001:2022:A.5.20", "iso27001:2022", "Supplier agreements"),
            new CatalogueControl("iso27001:2022:A.5.21", "iso27001:2022", "ICT supply chain"),
            new CatalogueControl("iso27001:2022:A.5.22", "iso27001:2022", "Supplier monitoring"),
            new CatalogueControl("iso27001:2022:A.5.23", "iso27001:2022", "Cloud services"),
            new CatalogueControl("eu-ai-act:2024:Art.25", "eu-ai-act:2024", "Value chain"),
        ]);

    // q_policy (A.5.19, scored with results), q_contract (A.5.20, evidence required), q_chain (A.5.21, scored without results),
    // q_ai gates q_model (Art.25, hidden unless AI is used), q_note (A.5.19, unscored text), finding on a bad contract (A.5.20).
    private static readonly CompiledQuestionnaire Questionnaire = TestData.Compile(TestData.OneSection("""
        { "id": "q_policy", "type": "singleChoice", "text": "Supplier policy?", "controls": ["iso27001:2022:A.5.19"], "choices": [
            { "value": "yes", "label": "Yes", "score": 2, "result": "compliant" },
            { "value": "partly", "label": "Partly", "score": 1, "result": "partiallyCompliant" },
            { "value": "na", "label": "Not applicable", "result": "notApplicable" } ] },
        { "id": "q_note", "type": "text", "text": "Where is it published?", "controls": ["iso27001:2022:A.5.19"] },
        { "id": "q_contract", "type": "boolean", "text": "Security terms in contracts?", "controls": ["iso27001:2022:A.5.20"],
          "choices": [ { "value": "true", "label": "Yes", "score": 1 }, { "value": "false", "label": "No", "score": 0 } ],
          "evidence": { "required": true, "prompt": "the contract clause" } },
        { "id": "q_chain", "type": "singleChoice", "text": "Supply chain checks?", "controls": ["iso27001:2022:A.5.21"], "choices": [
            { "value": "full", "label": "Full", "score": 4 }, { "value": "most", "label": "Most", "score": 3 }, { "value": "some", "label": "Some", "score": 2 } ] },
        { "id": "q_ai", "type": "boolean", "text": "Do you use AI?", "controls": ["iso27001:2022:A.5.22"] },
        { "id": "q_model", "type": "text", "text": "Which models?", "visibleIf": "{q_ai} = true", "controls": ["eu-ai-act:2024:Art.25"] },
        { "id": "f_contract", "type": "finding", "text": "No security terms", "when": "{q_contract} = false", "severity": "high",
          "controls": ["iso27001:2022:A.5.20"] }
        """));

    private static Dictionary<string, ControlCoverage> Cover(Dictionary<string, AnswerValue> answers, bool evidence = true,
        IReadOnlyList<OpenReviewFinding>? reviewFindings = null)
    {
        var attached = evidence
            ? new Dictionary<string, IReadOnlyList<EvidenceAttachment>> { ["q_contract"] = [new EvidenceAttachment("f1", new DateOnly(2026, 1, 1))] }
            : [];
        var evaluation = Engine.Evaluate(Questionnaire, answers, attached, new DateOnly(2026, 6, 1));
        return CoverageCalculator.Calculate(Catalogue, Questionnaire, evaluation, reviewFindings).ToDictionary(c => c.Control.Id);
    }

    private static Dictionary<string, AnswerValue> GoodAnswers() => TestData.Answers(
        ("q_policy", AnswerValue.Text("yes")),
        ("q_note", AnswerValue.Text("https://vendor.example/trust")),
        ("q_contract", AnswerValue.Boolean(true)),
        ("q_chain", AnswerValue.Text("most")),
        ("q_ai", AnswerValue.Boolean(false)));

    [Fact]
    public void Every_catalogue_control_gets_a_status_in_catalogue_order()
    {
        var coverage = CoverageCalculator.Calculate(Catalogue, Questionnaire, Engine.Evaluate(Questionnaire, GoodAnswers()));
        Assert.Equal(Catalogue.Controls.Select(c => c.Id), coverage.Select(c => c.Control.Id));
    }

    [Fact]
    public void Favourable_answers_with_the_evidence_asked_for_support_their_controls()
    {
        var coverage = Cover(GoodAnswers());
        Assert.Equal(CoverageStatus.Supported, coverage["iso27001:2022:A.5.19"].Status);
        Assert.Equal(CoverageStatus.Supported, coverage["iso27001:2022:A.5.20"].Status);
        Assert.Equal("1 mapped question is answered favourably, with the evidence asked for.", Assert.Single(coverage["iso27001:2022:A.5.20"].Reasons));
        // 3 of 4 points is 75 %, exactly the favourable mark.
        Assert.Equal(CoverageStatus.Supported, coverage["iso27001:2022:A.5.21"].Status);
        Assert.Equal(ItemStanding.Favourable, Assert.Single(coverage["iso27001:2022:A.5.21"].Items).Standing);
    }

    [Fact]
    public void A_partially_compliant_answer_makes_the_control_weak_and_names_the_question()
    {
        var answers = GoodAnswers();
        answers["q_policy"] = AnswerValue.Text("partly");
        var control = Cover(answers)["iso27001:2022:A.5.19"];
        Assert.Equal(CoverageStatus.Weak, control.Status);
        Assert.Equal("1 answer scores poorly: q_policy.", Assert.Single(control.Reasons));
        Assert.Equal([ItemStanding.Poor, ItemStanding.Favourable], control.Items.Select(i => i.Standing));
    }

    [Fact]
    public void A_score_below_the_favourable_mark_without_a_result_is_poor()
    {
        var answers = GoodAnswers();
        answers["q_chain"] = AnswerValue.Text("some");
        var control = Cover(answers)["iso27001:2022:A.5.21"];
        Assert.Equal(CoverageStatus.Weak, control.Status);
        Assert.Equal(50m, control.Items[0].Score);
    }

    [Fact]
    public void Missing_required_evidence_makes_a_favourable_answer_weak()
    {
        var control = Cover(GoodAnswers(), evidence: false)["iso27001:2022:A.5.20"];
        Assert.Equal(CoverageStatus.Weak, control.Status);
        Assert.Equal("Required evidence is missing or expired: q_contract.", Assert.Single(control.Reasons));
        Assert.True(control.Items[0].EvidenceMissing);
    }

    [Fact]
    public void A_raised_finding_mapped_to_the_control_makes_it_weak()
    {
        var answers = GoodAnswers();
        answers["q_contract"] = AnswerValue.Boolean(false);
        var control = Cover(answers)["iso27001:2022:A.5.20"];
        Assert.Equal(CoverageStatus.Weak, control.Status);
        Assert.Equal(["No security terms"], control.Findings);
        Assert.Contains("1 finding is raised against it: No security terms.", control.Reasons);
    }

    [Fact]
    public void An_open_review_finding_linked_to_a_mapped_question_makes_the_control_weak()
    {
        var control = Cover(GoodAnswers(), reviewFindings: [new OpenReviewFinding("Policy is out of date", ["q_policy"])])["iso27001:2022:A.5.19"];
        Assert.Equal(CoverageStatus.Weak, control.Status);
        Assert.Equal(["Review finding: Policy is out of date"], control.Findings);
        Assert.Equal(CoverageStatus.Supported, Cover(GoodAnswers(), reviewFindings: [new OpenReviewFinding("Other", ["q_chain"])])["iso27001:2022:A.5.19"].Status);
    }

    [Fact]
    public void A_control_no_question_maps_to_is_missing()
    {
        var control = Cover(GoodAnswers())["iso27001:2022:A.5.23"];
        Assert.Equal(CoverageStatus.Missing, control.Status);
        Assert.Empty(control.Items);
        Assert.Equal("No question of this questionnaire maps to this control.", Assert.Single(control.Reasons));
    }

    [Fact]
    public void A_control_whose_questions_were_hidden_is_missing()
    {
        var control = Cover(GoodAnswers())["eu-ai-act:2024:Art.25"];
        Assert.Equal(CoverageStatus.Missing, control.Status);
        Assert.Equal(ItemStanding.NotAsked, control.Items[0].Standing);
        Assert.Equal("1 mapped question was not asked: earlier answers hid them.", Assert.Single(control.Reasons));
    }

    [Fact]
    public void A_control_with_no_answered_question_is_missing()
    {
        var answers = GoodAnswers();
        answers.Remove("q_ai");
        var control = Cover(answers)["iso27001:2022:A.5.22"];
        Assert.Equal(CoverageStatus.Missing, control.Status);
        Assert.Equal("1 mapped question was asked, and none was answered.", Assert.Single(control.Reasons));
    }

    [Fact]
    public void Not_applicable_answers_alone_leave_the_control_missing()
    {
        var answers = GoodAnswers();
        answers["q_policy"] = AnswerValue.Text("na");
        answers.Remove("q_note");
        var control = Cover(answers)["iso27001:2022:A.5.19"];
        Assert.Equal(CoverageStatus.Missing, control.Status);
        Assert.Equal("Every answered mapped question was answered not applicable.", control.Reasons[0]);
    }

    [Fact]
    public void An_unanswered_mapped_question_beside_an_answered_one_makes_the_control_weak()
    {
        var answers = GoodAnswers();
        answers.Remove("q_note");
        var control = Cover(answers)["iso27001:2022:A.5.19"];
        Assert.Equal(CoverageStatus.Weak, control.Status);
        Assert.Equal("1 mapped question is unanswered: q_note.", Assert.Single(control.Reasons));
    }

    [Fact]
    public void The_catalogue_refuses_a_control_of_an_unknown_framework_and_duplicates()
    {
        Assert.Throws<DomainException>(() => new ControlCatalogue([new ControlFramework("a:1", "A")], [new CatalogueControl("b:1:X", "b:1", "X")]));
        Assert.Throws<DomainException>(() => new ControlCatalogue([new ControlFramework("a:1", "A")],
            [new CatalogueControl("a:1:X", "a:1", "X"), new CatalogueControl("a:1:X", "a:1", "Y")]));
    }

    [Fact]
    public void The_shipped_catalogue_parses_with_the_four_required_frameworks()
    {
        var catalogue = ControlCatalogue.Parse(File.ReadAllText(Path.Combine(TestData.RepositoryRoot(), "seed-data", "controls.json")));
        foreach (var framework in new[] { "iso27001:2022", "iso42001:2023", "nist-ai-rmf:1.0", "eu-ai-act:2024" })
            Assert.Contains(catalogue.Controls, c => c.Framework == framework);
        Assert.Equal("A.5.19", catalogue.Find("iso27001:2022:A.5.19")!.Code);
    }

    [Fact]
    public void The_seed_questionnaire_answered_exemplarily_supports_every_control_it_asks_about()
    {
        foreach (var profile in new[] { ShippedContent.Minimal, ShippedContent.Maximal })
        {
            var coverage = ShippedContent.Coverage(profile);
            Assert.DoesNotContain(coverage, c => c.Status == CoverageStatus.Weak);
            Assert.Equal(CoverageStatus.Supported, coverage.Single(c => c.Control.Id == "iso27001:2022:A.5.19").Status);
            Assert.All(coverage.Where(c => c.Status == CoverageStatus.Missing), c => Assert.DoesNotContain(c.Items, i => i.Standing == ItemStanding.Favourable));
            Assert.All(coverage.SelectMany(c => c.Items), i => Assert.False(string.IsNullOrWhiteSpace(i.Rationale), i.ItemId));
        }
    }
}
