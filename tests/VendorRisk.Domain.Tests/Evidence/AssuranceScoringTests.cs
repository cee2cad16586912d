using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Tests.Questionnaires.Support;

namespace VendorRisk.Domain.Tests.Evidence;

/// <summary>ADR-026: claimed and verified score, the rating and its caps, with the worked examples of docs/formats/assurance.md.</summary>
public class AssuranceScoringTests
{
    private static readonly QuestionnaireEngine Engine = new();

    // The worked example's questionnaire (docs/formats/assurance.md): four scored questions, MFA a key control of weight 2.
    private static readonly CompiledQuestionnaire Questionnaire = TestData.Compile(TestData.OneSection("""
        { "id": "mfa", "type": "singleChoice", "text": "MFA for administrators?", "key": true, "weight": 2,
          "choices": [ { "value": "yes", "label": "Yes", "score": 10, "result": "compliant" },
                       { "value": "partly", "label": "Partly", "score": 5, "result": "partiallyCompliant" },
                       { "value": "no", "label": "No", "score": 0, "result": "nonCompliant" } ] },
        { "id": "encryption", "type": "singleChoice", "text": "Encryption at rest?",
          "choices": [ { "value": "yes", "label": "Yes", "score": 10, "result": "compliant" }, { "value": "no", "label": "No", "score": 0, "result": "nonCompliant" } ] },
        { "id": "pentest", "type": "singleChoice", "text": "Yearly penetration test?",
          "choices": [ { "value": "yes", "label": "Yes", "score": 10, "result": "compliant" }, { "value": "no", "label": "No", "score": 0, "result": "nonCompliant" },
                       { "value": "na", "label": "Not applicable", "result": "notApplicable" } ] },
        { "id": "training", "type": "singleChoice", "text": "Security training yearly?",
          "choices": [ { "value": "yes", "label": "Yes", "score": 10, "result": "compliant" }, { "value": "no", "label": "No", "score": 0, "result": "nonCompliant" } ] }
        """));

    private static Dictionary<string, AnswerValue> AllYes() => TestData.Answers(
        ("mfa", AnswerValue.Text("yes")), ("encryption", AnswerValue.Text("yes")), ("pentest", AnswerValue.Text("yes")), ("training", AnswerValue.Text("yes")));

    private static AssuranceVerdict Judge(Dictionary<string, AnswerValue> answers, Dictionary<string, AssuranceLevel>? levels = null,
        IEnumerable<string>? acceptedNotApplicable = null, params FindingSeverity[] openReviewFindings) =>
        AssuranceScoring.Judge(Questionnaire, Engine.Evaluate(Questionnaire, answers), levels ?? [],
            (acceptedNotApplicable ?? []).ToHashSet(StringComparer.Ordinal), openReviewFindings);

    [Fact]
    public void Example_a_all_favourable_with_unreviewed_evidence_claims_100_and_verifies_nothing()
    {
        var verdict = Judge(AllYes(), new() { ["mfa"] = AssuranceLevel.EvidenceProvided, ["encryption"] = AssuranceLevel.EvidenceProvided });

        Assert.Equal(100.00m, verdict.ClaimedScore);
        Assert.Equal(0.00m, verdict.VerifiedScore);
        Assert.Equal(ScoreBand.Weak, verdict.Rating);
        Assert.Equal((4, 0, 4, 2), (verdict.CreditAnswers, verdict.VerifiedAnswers, verdict.UnverifiedAnswers, verdict.AwaitingReview));
        Assert.True(verdict.HasUnverified);
        Assert.Equal("4 of 4 scored answers unverified (2 with evidence awaiting review)", verdict.UnverifiedText);
        Assert.Empty(verdict.Caps);
    }

    [Fact]
    public void Example_b_accepted_evidence_earns_credit_and_an_unaccepted_not_applicable_counts_as_unanswered()
    {
        var answers = AllYes();
        answers["pentest"] = AnswerValue.Text("na");
        var levels = new Dictionary<string, AssuranceLevel> { ["mfa"] = AssuranceLevel.EvidenceAccepted, ["encryption"] = AssuranceLevel.IndependentlyVerified };

        var pending = Judge(answers, levels);
        Assert.Equal(100.00m, pending.ClaimedScore);
        // (2 x 100 + 1 x 100 + 1 x 0 [training, self-attested] + 1 x 0 [pentest, N/A not accepted]) / 5
        Assert.Equal(60.00m, pending.VerifiedScore);
        Assert.Equal(ScoreBand.Moderate, pending.Rating);
        Assert.Equal((3, 2, 1), (pending.CreditAnswers, pending.VerifiedAnswers, pending.NotApplicablePending));
        Assert.Equal("1 of 3 scored answers unverified; 1 \"not applicable\" answer unverified: reason not accepted yet", pending.UnverifiedText);

        // Once a reviewer accepts the reason, the question leaves the verified score as it left the claimed one: 300 / 4.
        var accepted = Judge(answers, levels, ["pentest"]);
        Assert.Equal(75.00m, accepted.VerifiedScore);
        Assert.Equal(0, accepted.NotApplicablePending);
        Assert.Equal(ScoreBand.Moderate, accepted.Rating);
    }

    [Fact]
    public void Example_c_open_findings_cap_a_fully_verified_rating()
    {
        var verified = new Dictionary<string, AssuranceLevel>
        {
            ["mfa"] = AssuranceLevel.EvidenceAccepted, ["encryption"] = AssuranceLevel.EvidenceAccepted,
            ["pentest"] = AssuranceLevel.IndependentlyVerified, ["training"] = AssuranceLevel.EvidenceAccepted,
        };

        var clean = Judge(AllYes(), verified);
        Assert.Equal((100.00m, 100.00m, ScoreBand.Strong), (clean.ClaimedScore!.Value, clean.VerifiedScore!.Value, clean.Rating!.Value));
        Assert.False(clean.HasUnverified);
        Assert.Equal("All scored answers verified", clean.UnverifiedText);

        var high = Judge(AllYes(), verified, null, FindingSeverity.High, FindingSeverity.Low);
        Assert.Equal((ScoreBand.Strong, ScoreBand.Moderate), (high.ScoreBand!.Value, high.Rating!.Value));
        Assert.Equal("1 open high finding caps the rating at Moderate.", Assert.Single(high.Caps));

        var critical = Judge(AllYes(), verified, null, FindingSeverity.Critical, FindingSeverity.High, FindingSeverity.Critical, FindingSeverity.Critical);
        Assert.Equal(ScoreBand.Weak, critical.Rating);
        Assert.Equal(100.00m, critical.VerifiedScore);
        Assert.Equal("3 open critical findings cap the rating at Weak.", Assert.Single(critical.Caps));
    }

    [Fact]
    public void Example_d_partly_on_a_key_control_raises_a_medium_finding_that_counts_but_does_not_cap()
    {
        var answers = AllYes();
        answers["mfa"] = AnswerValue.Text("partly");
        var evaluation = Engine.Evaluate(Questionnaire, answers);

        var finding = Assert.Single(evaluation.Findings);
        Assert.Equal(("mfa", FindingSeverity.Medium, "Key control only partly in place: MFA for administrators?"),
            (finding.ItemId, finding.Severity, finding.Title));
        var verdict = Judge(answers, new()
        {
            ["mfa"] = AssuranceLevel.EvidenceAccepted, ["encryption"] = AssuranceLevel.EvidenceAccepted,
            ["pentest"] = AssuranceLevel.EvidenceAccepted, ["training"] = AssuranceLevel.EvidenceAccepted,
        });
        // (2 x 50 + 3 x 100) / 5
        Assert.Equal((80.00m, 80.00m, ScoreBand.Strong), (verdict.ClaimedScore!.Value, verdict.VerifiedScore!.Value, verdict.Rating!.Value));
    }

    [Fact]
    public void Partly_on_an_item_that_is_not_key_raises_no_finding()
    {
        var answers = AllYes();
        answers["mfa"] = AnswerValue.Text("partly");
        var notKey = TestData.Compile(TestData.OneSection("""
            { "id": "mfa", "type": "singleChoice", "text": "MFA?",
              "choices": [ { "value": "yes", "label": "Yes", "score": 10, "result": "compliant" },
                           { "value": "partly", "label": "Partly", "score": 5, "result": "partiallyCompliant" } ] }
            """));
        Assert.Empty(Engine.Evaluate(notKey, TestData.Answers(("mfa", AnswerValue.Text("partly")))).Findings);
        Assert.Single(Engine.Evaluate(Questionnaire, answers).Findings);
    }

    [Fact]
    public void An_engine_critical_finding_caps_the_rating_as_a_reviewers_does()
    {
        var withFinding = TestData.Compile(TestData.OneSection("""
            { "id": "training", "type": "singleChoice", "text": "Security training yearly?",
              "choices": [ { "value": "yes", "label": "Yes", "score": 10, "result": "compliant" }, { "value": "no", "label": "No", "score": 0, "result": "nonCompliant" } ] },
            { "id": "breach", "type": "boolean", "text": "A breach in the last year?", "factual": true },
            { "id": "breach_finding", "type": "finding", "text": "A breach in the last year", "when": "{breach} = true", "severity": "critical" }
            """));
        var answers = TestData.Answers(("training", AnswerValue.Text("yes")), ("breach", AnswerValue.Boolean(true)));
        var verdict = AssuranceScoring.Judge(withFinding, Engine.Evaluate(withFinding, answers),
            new Dictionary<string, AssuranceLevel> { ["training"] = AssuranceLevel.EvidenceAccepted }, new HashSet<string>(), []);
        Assert.Equal((100.00m, ScoreBand.Strong, ScoreBand.Weak), (verdict.VerifiedScore!.Value, verdict.ScoreBand!.Value, verdict.Rating!.Value));
        Assert.Equal(1, verdict.OpenCritical);
    }

    [Fact]
    public void Rescoring_without_a_change_gives_the_engine_score_exactly()
    {
        var answers = AllYes();
        answers["mfa"] = AnswerValue.Text("partly");
        answers["pentest"] = AnswerValue.Text("no");
        var evaluation = Engine.Evaluate(Questionnaire, answers);
        Assert.Equal(evaluation.OverallScore, QuestionnaireEngine.Rescore(Questionnaire, evaluation, (_, percent, _) => percent));
    }

    [Theory]
    [InlineData(100, ScoreBand.Strong)]
    [InlineData(80, ScoreBand.Strong)]
    [InlineData(79.99, ScoreBand.Moderate)]
    [InlineData(50, ScoreBand.Moderate)]
    [InlineData(49.99, ScoreBand.Weak)]
    [InlineData(0, ScoreBand.Weak)]
    public void Bands_follow_the_verified_score(decimal score, ScoreBand band) => Assert.Equal(band, AssuranceScoring.BandOf(score));

    [Fact]
    public void Not_applicable_is_recognised_among_the_choices()
    {
        var item = Questionnaire.Definition.AllItems().Single(i => i.Id == "pentest");
        Assert.True(AssuranceScoring.ChoosesNotApplicable(item, AnswerValue.Text("na")));
        Assert.False(AssuranceScoring.ChoosesNotApplicable(item, AnswerValue.Text("yes")));
        Assert.False(AssuranceScoring.ChoosesNotApplicable(item, null));
    }
}
