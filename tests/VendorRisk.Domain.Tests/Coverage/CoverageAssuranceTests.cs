using VendorRisk.Domain.Coverage;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Tests.Questionnaires.Support;

namespace VendorRisk.Domain.Tests.Coverage;

/// <summary>ADR-021 on top of ADR-016: planned and "don't know" answers, factual questions, rationales, and verified coverage.</summary>
public class CoverageAssuranceTests
{
    private static readonly QuestionnaireEngine Engine = new();

    private static readonly ControlCatalogue Catalogue = new(
        [new ControlFramework("iso27001:2022", "ISO/IEC 27001:2022")],
        [
            new CatalogueControl("iso27001:2022:A.8.5", "iso27001:2022", "Strong authentication"),
            new CatalogueControl("iso27001:2022:A.5.26", "iso27001:2022", "Incident response"),
            new CatalogueControl("iso27001:2022:A.8.29", "iso27001:2022", "Security testing"),
        ]);

    // q_mfa (key, A.8.5, planned with a date, don't know), q_incident (factual, mapped to A.5.26 on purpose), q_pentest (A.8.29).
    private static readonly CompiledQuestionnaire Questionnaire = TestData.Compile(TestData.OneSection("""
        { "id": "q_mfa", "type": "singleChoice", "text": "MFA for administrators?", "key": true,
          "controls": [ { "control": "iso27001:2022:A.8.5", "rationale": "MFA is the strong authentication A.8.5 asks for." } ],
          "choices": [ { "value": "yes", "label": "Yes", "score": 2, "result": "compliant" },
                       { "value": "planned", "label": "Planned", "score": 0, "result": "planned" },
                       { "value": "unknown", "label": "Don't know", "result": "unknown" } ],
          "plannedBy": "q_mfa_by" },
        { "id": "q_mfa_by", "type": "date", "text": "By when?", "visibleIf": "{q_mfa} = 'planned'" },
        { "id": "q_incident", "type": "boolean", "text": "An incident in the last year?", "factual": true, "controls": ["iso27001:2022:A.5.26"] },
        { "id": "q_pentest", "type": "singleChoice", "text": "Pen test yearly?", "controls": ["iso27001:2022:A.8.29"],
          "choices": [ { "value": "yes", "label": "Yes", "score": 1, "result": "compliant" }, { "value": "no", "label": "No", "score": 0, "result": "nonCompliant" } ] }
        """));

    private static Dictionary<string, ControlCoverage> Cover(Dictionary<string, AnswerValue> answers, IReadOnlyDictionary<string, AssuranceLevel>? assurance = null) =>
        CoverageCalculator.Calculate(Catalogue, Questionnaire, Engine.Evaluate(Questionnaire, answers), null, assurance).ToDictionary(c => c.Control.Id);

    private static Dictionary<string, AnswerValue> Favourable() => TestData.Answers(
        ("q_mfa", AnswerValue.Text("yes")), ("q_incident", AnswerValue.Boolean(false)), ("q_pentest", AnswerValue.Text("yes")));

    [Fact]
    public void A_planned_answer_makes_the_control_weak_and_shows_its_date()
    {
        var answers = Favourable();
        answers["q_mfa"] = AnswerValue.Text("planned");
        answers["q_mfa_by"] = AnswerValue.Date(new DateOnly(2027, 1, 31));
        var control = Cover(answers)["iso27001:2022:A.8.5"];
        Assert.Equal(CoverageStatus.Weak, control.Status);
        var item = Assert.Single(control.Items);
        Assert.Equal((ItemStanding.Planned, new DateOnly(2027, 1, 31)), (item.Standing, item.PlannedBy!.Value));
        Assert.Equal("1 mapped question is planned, not in place yet: q_mfa (by 2027-01-31).", Assert.Single(control.Reasons));
    }

    [Fact]
    public void A_dont_know_answer_makes_the_control_weak()
    {
        var answers = Favourable();
        answers["q_mfa"] = AnswerValue.Text("unknown");
        var control = Cover(answers)["iso27001:2022:A.8.5"];
        Assert.Equal((CoverageStatus.Weak, ItemStanding.Unknown), (control.Status, control.Items[0].Standing));
        Assert.Equal("The vendor does not know the answer to q_mfa.", Assert.Single(control.Reasons));
    }

    [Fact]
    public void A_factual_answer_neither_supports_nor_weakens_a_control_whatever_it_is()
    {
        foreach (var incident in new[] { true, false })
        {
            var answers = Favourable();
            answers["q_incident"] = AnswerValue.Boolean(incident);
            var control = Cover(answers)["iso27001:2022:A.5.26"];
            Assert.Equal(CoverageStatus.Missing, control.Status);
            Assert.Empty(control.Items);
        }
    }

    [Fact]
    public void Each_mapped_question_carries_its_rationale_and_key_mark()
    {
        var item = Assert.Single(Cover(Favourable())["iso27001:2022:A.8.5"].Items);
        Assert.Equal("MFA is the strong authentication A.8.5 asks for.", item.Rationale);
        Assert.True(item.Key);
        Assert.Null(Cover(Favourable())["iso27001:2022:A.8.29"].Items[0].Rationale);
    }

    [Fact]
    public void Without_assurance_levels_only_the_claimed_status_is_stated()
    {
        var coverage = Cover(Favourable());
        Assert.Equal(CoverageStatus.Supported, coverage["iso27001:2022:A.8.5"].Status);
        Assert.All(coverage.Values, c => Assert.Null(c.Verified));
        Assert.All(coverage.Values.SelectMany(c => c.Items), i => Assert.Null(i.Assurance));
    }

    [Fact]
    public void Verified_coverage_counts_only_answers_backed_by_accepted_evidence_or_an_independent_check()
    {
        var selfAttested = Cover(Favourable(), new Dictionary<string, AssuranceLevel>());
        Assert.Equal((CoverageStatus.Supported, CoverageStatus.Weak),
            (selfAttested["iso27001:2022:A.8.29"].Status, selfAttested["iso27001:2022:A.8.29"].Verified!.Value));
        Assert.Equal("Supported on the vendor's word only: no favourable answer has accepted evidence or an independent check.",
            selfAttested["iso27001:2022:A.8.29"].VerifiedReason);
        Assert.Equal("Key answer without accepted evidence: q_mfa.", selfAttested["iso27001:2022:A.8.5"].VerifiedReason);

        // Evidence that no reviewer has accepted yet does not verify anything.
        var provided = Cover(Favourable(), new Dictionary<string, AssuranceLevel> { ["q_pentest"] = AssuranceLevel.EvidenceProvided });
        Assert.Equal(CoverageStatus.Weak, provided["iso27001:2022:A.8.29"].Verified);

        var accepted = Cover(Favourable(), new Dictionary<string, AssuranceLevel>
        {
            ["q_pentest"] = AssuranceLevel.EvidenceAccepted, ["q_mfa"] = AssuranceLevel.IndependentlyVerified,
        });
        Assert.Equal(CoverageStatus.Supported, accepted["iso27001:2022:A.8.29"].Verified);
        Assert.Equal(CoverageStatus.Supported, accepted["iso27001:2022:A.8.5"].Verified);
        Assert.Equal(AssuranceLevel.EvidenceAccepted, accepted["iso27001:2022:A.8.29"].Items[0].Assurance);
    }

    [Fact]
    public void Verified_coverage_is_never_better_than_claimed()
    {
        var answers = Favourable();
        answers["q_pentest"] = AnswerValue.Text("no");
        var coverage = Cover(answers, new Dictionary<string, AssuranceLevel> { ["q_pentest"] = AssuranceLevel.IndependentlyVerified });
        Assert.Equal((CoverageStatus.Weak, CoverageStatus.Weak), (coverage["iso27001:2022:A.8.29"].Status, coverage["iso27001:2022:A.8.29"].Verified!.Value));
        Assert.Equal(CoverageStatus.Missing, coverage["iso27001:2022:A.5.26"].Verified);
    }
}
