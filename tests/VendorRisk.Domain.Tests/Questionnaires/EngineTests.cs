using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Tests.Questionnaires.Support;

namespace VendorRisk.Domain.Tests.Questionnaires;

public class EngineTests
{
    private const string ScoringJson = """
        {
          "id": "scoring", "version": "1.0.0", "title": "Scoring",
          "sections": [
            {
              "id": "A", "title": "A", "weight": 2,
              "items": [
                { "id": "q1", "type": "singleChoice", "text": "Q1", "controls": ["iso27001:2022:A.5.19"], "choices": [
                  { "value": "yes", "label": "Yes", "score": 4, "result": "compliant" },
                  { "value": "partial", "label": "Partly", "score": 2, "result": "partiallyCompliant" },
                  { "value": "no", "label": "No", "score": 0, "result": "nonCompliant" },
                  { "value": "na", "label": "N/A", "result": "notApplicable" } ] },
                { "id": "q2", "type": "boolean", "text": "Q2", "weight": 3, "controls": ["iso27001:2022:A.5.19", "iso27001:2022:A.5.20"], "choices": [
                  { "value": "true", "label": "Yes", "score": 1, "result": "compliant" },
                  { "value": "false", "label": "No", "score": 0, "result": "nonCompliant" } ] },
                { "id": "q3", "type": "multipleChoice", "text": "Q3", "weight": 2, "choices": [
                  { "value": "a", "label": "A", "score": 1, "result": "compliant" },
                  { "value": "b", "label": "B", "score": 2, "result": "compliant" },
                  { "value": "c", "label": "C", "score": 3, "result": "compliant" },
                  { "value": "d", "label": "None apply", "result": "notApplicable" } ] },
                { "id": "q7", "type": "text", "text": "Q7", "visibleIf": "{q5} = 'yes'" },
                { "id": "f1", "type": "finding", "text": "Gap in Q4", "when": "{q4} = 'no'", "severity": "high",
                  "controls": ["iso27001:2022:A.5.20"],
                  "clarification": { "kind": "compensatingControl", "prompt": "Describe your compensating control." } }
              ],
              "sections": [
                { "id": "A1", "title": "A1", "items": [
                  { "id": "q4", "type": "singleChoice", "text": "Q4", "choices": [
                    { "value": "yes", "label": "Yes", "score": 10, "result": "compliant" },
                    { "value": "no", "label": "No", "score": 0, "result": "nonCompliant" } ] } ] }
              ]
            },
            {
              "id": "B", "title": "B", "visibleIf": "{q2} = true",
              "items": [
                { "id": "q5", "type": "singleChoice", "text": "Q5", "choices": [
                  { "value": "yes", "label": "Yes", "score": 5, "result": "compliant" },
                  { "value": "no", "label": "No", "score": 0, "result": "nonCompliant" } ] },
                { "id": "q6", "type": "text", "text": "Q6", "required": true }
              ]
            }
          ]
        }
        """;

    private static readonly QuestionnaireEngine Engine = new();
    private static readonly CompiledQuestionnaire Scoring = TestData.Compile(ScoringJson);

    private static Dictionary<string, AnswerValue> BaseAnswers() => TestData.Answers(
        ("q1", AnswerValue.Text("partial")),
        ("q2", AnswerValue.Boolean(true)),
        ("q3", AnswerValue.Choices("a", "c")),
        ("q4", AnswerValue.Text("no")),
        ("q5", AnswerValue.Text("yes")),
        ("q6", AnswerValue.Text("done")));

    [Fact]
    public void Scores_are_weighted_means_of_percentages()
    {
        var result = Engine.Evaluate(Scoring, BaseAnswers());

        // q1 2/4 = 50, q2 1/1 = 100, q3 (1+3)/6 = 66.67, A1 = q4 0/10 = 0.
        Assert.Equal(50m, result.Item("q1").Score);
        Assert.Equal(100m, result.Item("q2").Score);
        Assert.Equal(66.67m, result.Item("q3").Score);
        // A = (1*50 + 3*100 + 2*66.667 + 1*0) / 7 = 1450/21; B = 100; overall = (2*A + 1*B) / 3 = 5000/63.
        Assert.Equal([69.05m, 0m, 100m], result.Sections.Select(s => s.Score));
        Assert.Equal(["A", "A1", "B"], result.Sections.Select(s => s.SectionId));
        Assert.Equal(79.37m, result.OverallScore);
    }

    [Fact]
    public void Hidden_section_is_not_scored_but_its_answers_are_kept()
    {
        var answers = BaseAnswers();
        answers["q2"] = AnswerValue.Boolean(false);
        var result = Engine.Evaluate(Scoring, answers);

        Assert.False(result.Sections.Single(s => s.SectionId == "B").Visible);
        Assert.Null(result.Sections.Single(s => s.SectionId == "B").Score);
        Assert.False(result.Item("q5").Visible);
        Assert.Null(result.Item("q5").Score);
        // A = (50 + 0 + 133.33 + 0) / 7 = 550/21; B hidden, so overall = A.
        Assert.Equal(26.19m, result.OverallScore);
        // q6 is required but hidden: no error.
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Item_in_hidden_section_counts_as_unanswered_elsewhere()
    {
        var answers = BaseAnswers();
        Assert.True(Engine.Evaluate(Scoring, answers).Item("q7").Visible);

        answers["q2"] = AnswerValue.Boolean(false);
        var result = Engine.Evaluate(Scoring, answers);
        Assert.False(result.Item("q7").Visible); // q5 = 'yes' is kept, but q5 sits in hidden section B.
    }

    [Fact]
    public void Not_applicable_is_excluded_and_unanswered_counts_zero()
    {
        var answers = BaseAnswers();
        answers["q1"] = AnswerValue.Text("na");
        var result = Engine.Evaluate(Scoring, answers);
        Assert.Null(result.Item("q1").Score);
        Assert.Equal(ChoiceResult.NotApplicable, result.Item("q1").Result);
        // A = (3*100 + 2*66.667 + 1*0) / 6 = 1300/18.
        Assert.Equal(72.22m, result.Sections[0].Score);

        answers.Remove("q1");
        result = Engine.Evaluate(Scoring, answers);
        Assert.Equal(0m, result.Item("q1").Score);
        // A = (0 + 300 + 133.33 + 0) / 7 = 1300/21.
        Assert.Equal(61.90m, result.Sections[0].Score);
    }

    [Fact]
    public void Multiple_choice_of_only_not_applicable_is_excluded()
    {
        var answers = BaseAnswers();
        answers["q3"] = AnswerValue.Choices("d");
        var result = Engine.Evaluate(Scoring, answers);
        Assert.Null(result.Item("q3").Score);
        // A = (50 + 300 + 0) / 5 = 70.
        Assert.Equal(70m, result.Sections[0].Score);
    }

    [Fact]
    public void Counts_results_and_controls()
    {
        var result = Engine.Evaluate(Scoring, BaseAnswers());
        Assert.Equal(new ResultCounts(Compliant: 3, PartiallyCompliant: 1, NonCompliant: 1, NotApplicable: 0, Unanswered: 0), result.ResultCounts);
        Assert.Equal(
            [
                new ControlTally("iso27001:2022:A.5.19", Items: 2, Compliant: 1, PartiallyCompliant: 1, NonCompliant: 0, NotApplicable: 0, Unanswered: 0, Findings: 0),
                new ControlTally("iso27001:2022:A.5.20", Items: 1, Compliant: 1, PartiallyCompliant: 0, NonCompliant: 0, NotApplicable: 0, Unanswered: 0, Findings: 1),
            ],
            result.Controls.ToArray());
    }

    [Fact]
    public void Raises_findings_when_their_condition_holds()
    {
        var result = Engine.Evaluate(Scoring, BaseAnswers());
        var finding = Assert.Single(result.Findings);
        Assert.Equal("f1", finding.ItemId);
        Assert.Equal(FindingSeverity.High, finding.Severity);
        Assert.Equal("Gap in Q4", finding.Title);
        Assert.Equal(new Clarification(ClarificationKind.CompensatingControl, "Describe your compensating control."), finding.Clarification);

        var answers = BaseAnswers();
        answers["q4"] = AnswerValue.Text("yes");
        Assert.Empty(Engine.Evaluate(Scoring, answers).Findings);
    }

    [Fact]
    public void Nothing_answered_gives_zero_not_null_and_lists_required()
    {
        var result = Engine.Evaluate(Scoring, TestData.Answers());
        Assert.Equal(0m, result.OverallScore);
        Assert.Equal(4, result.ResultCounts.Unanswered); // q1..q4; section B hidden because q2 is empty.
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Required_and_requiredIf_are_enforced_only_when_visible()
    {
        var compiled = TestData.Compile(TestData.OneSection("""
            { "id": "kind", "type": "singleChoice", "text": "Kind", "required": true, "choices": [ {"value":"other","label":"Other"}, {"value":"std","label":"Standard"} ] },
            { "id": "detail", "type": "text", "text": "Detail", "requiredIf": "{kind} = 'other'" },
            { "id": "hidden", "type": "text", "text": "Hidden", "required": true, "visibleIf": "{kind} = 'std'" }
            """));
        var none = Engine.Evaluate(compiled, TestData.Answers());
        Assert.Equal([("kind", AnswerErrorCode.Required)], none.Errors.Select(e => (e.ItemId, e.Code)));

        var other = Engine.Evaluate(compiled, TestData.Answers(("kind", AnswerValue.Text("other"))));
        Assert.True(other.Item("detail").Required);
        Assert.Equal([("detail", AnswerErrorCode.Required)], other.Errors.Select(e => (e.ItemId, e.Code)));

        var std = Engine.Evaluate(compiled, TestData.Answers(("kind", AnswerValue.Text("std"))));
        Assert.Equal([("hidden", AnswerErrorCode.Required)], std.Errors.Select(e => (e.ItemId, e.Code)));
    }

    private const string ValidationItems = """
        { "id": "t", "type": "text", "text": "T", "maxLength": 5, "pattern": "^[a-z]+$" },
        { "id": "n", "type": "number", "text": "N", "min": 1, "max": 10 },
        { "id": "d", "type": "date", "text": "D" },
        { "id": "u", "type": "url", "text": "U" },
        { "id": "e", "type": "email", "text": "E" },
        { "id": "b", "type": "boolean", "text": "B" },
        { "id": "s", "type": "singleChoice", "text": "S", "choices": [ {"value":"x","label":"X"} ] },
        { "id": "m", "type": "multipleChoice", "text": "M", "choices": [ {"value":"x","label":"X"}, {"value":"y","label":"Y"} ] },
        { "id": "f", "type": "file", "text": "F" }
        """;

    public static TheoryData<string, AnswerValue, AnswerErrorCode?> ValidationCases => new()
    {
        { "t", AnswerValue.Text("abc"), null },
        { "t", AnswerValue.Text("abcdef"), AnswerErrorCode.TooLong },
        { "t", AnswerValue.Text("Abc"), AnswerErrorCode.PatternMismatch },
        { "t", AnswerValue.Number(3), AnswerErrorCode.WrongType },
        { "n", AnswerValue.Number(10), null },
        { "n", AnswerValue.Text("2.5"), null },
        { "n", AnswerValue.Number(11), AnswerErrorCode.OutOfRange },
        { "n", AnswerValue.Number(0.99m), AnswerErrorCode.OutOfRange },
        { "n", AnswerValue.Text("ten"), AnswerErrorCode.InvalidNumber },
        { "d", AnswerValue.Text("2024-02-29"), null },
        { "d", AnswerValue.Date(new DateOnly(2024, 1, 1)), null },
        { "d", AnswerValue.Text("2023-02-29"), AnswerErrorCode.InvalidDate },
        { "d", AnswerValue.Text("01/02/2024"), AnswerErrorCode.InvalidDate },
        { "u", AnswerValue.Text("https://example.com/trust"), null },
        { "u", AnswerValue.Text("example.com"), AnswerErrorCode.InvalidUrl },
        { "u", AnswerValue.Text("ftp://example.com"), AnswerErrorCode.InvalidUrl },
        { "e", AnswerValue.Text("security@example.com"), null },
        { "e", AnswerValue.Text("security@example"), AnswerErrorCode.InvalidEmail },
        { "e", AnswerValue.Text("a b@example.com"), AnswerErrorCode.InvalidEmail },
        { "b", AnswerValue.Boolean(false), null },
        { "b", AnswerValue.Text("maybe"), AnswerErrorCode.WrongType },
        { "s", AnswerValue.Text("x"), null },
        { "s", AnswerValue.Text("z"), AnswerErrorCode.InvalidChoice },
        { "s", AnswerValue.Choices("x"), AnswerErrorCode.WrongType },
        { "m", AnswerValue.Choices("x", "y"), null },
        { "m", AnswerValue.Choices("x", "q"), AnswerErrorCode.InvalidChoice },
        { "m", AnswerValue.Choices("x", "x"), AnswerErrorCode.InvalidChoice },
        { "m", AnswerValue.Text("x"), AnswerErrorCode.WrongType },
        { "f", AnswerValue.Files("file-1"), null },
        { "f", AnswerValue.Text("file-1"), AnswerErrorCode.WrongType },
    };

    [Theory]
    [MemberData(nameof(ValidationCases))]
    public void Validates_answers_by_type(string itemId, AnswerValue answer, AnswerErrorCode? expected)
    {
        var compiled = TestData.Compile(TestData.OneSection(ValidationItems));
        var result = Engine.Evaluate(compiled, TestData.Answers((itemId, answer)));
        Assert.Equal(expected, result.Errors.SingleOrDefault()?.Code);
        Assert.Equal(expected is null, result.Item(itemId).Answered);
    }

    [Fact]
    public void Invalid_answers_count_as_empty_in_conditions()
    {
        var compiled = TestData.Compile(TestData.OneSection("""
            { "id": "n", "type": "number", "text": "N", "max": 10 },
            { "id": "big", "type": "text", "text": "Big", "visibleIf": "{n} notempty" }
            """));
        Assert.True(Engine.Evaluate(compiled, TestData.Answers(("n", AnswerValue.Number(5)))).Item("big").Visible);
        Assert.False(Engine.Evaluate(compiled, TestData.Answers(("n", AnswerValue.Number(50)))).Item("big").Visible);
    }

    [Fact]
    public void Evidence_required_and_expiry()
    {
        var compiled = TestData.Compile(TestData.OneSection("""
            { "id": "no_training", "type": "boolean", "text": "We do not train on your data",
              "evidence": { "requiredIf": "{no_training} = true", "validityDays": 365, "prompt": "The contract clause or setting." } }
            """));
        var answers = TestData.Answers(("no_training", AnswerValue.Boolean(true)));
        var missing = Engine.Evaluate(compiled, answers);
        Assert.True(missing.Item("no_training").EvidenceRequired);
        var error = Assert.Single(missing.Errors);
        Assert.Equal(AnswerErrorCode.EvidenceRequired, error.Code);
        Assert.Equal("evidence is required: The contract clause or setting.", error.Message);

        var asOf = new DateOnly(2025, 6, 1);
        var fresh = new Dictionary<string, IReadOnlyList<EvidenceAttachment>> { ["no_training"] = [new EvidenceAttachment("f1", new DateOnly(2025, 1, 1))] };
        Assert.Empty(Engine.Evaluate(compiled, answers, fresh, asOf).Errors);

        var stale = new Dictionary<string, IReadOnlyList<EvidenceAttachment>> { ["no_training"] = [new EvidenceAttachment("f0", new DateOnly(2024, 5, 31))] };
        Assert.Equal(AnswerErrorCode.EvidenceExpired, Assert.Single(Engine.Evaluate(compiled, answers, stale, asOf).Errors).Code);

        var no = Engine.Evaluate(compiled, TestData.Answers(("no_training", AnswerValue.Boolean(false))));
        Assert.False(no.Item("no_training").EvidenceRequired);
        Assert.Empty(no.Errors);
    }

    [Fact]
    public void Unknown_answer_ids_are_ignored()
    {
        var result = Engine.Evaluate(Scoring, new Dictionary<string, AnswerValue>(BaseAnswers()) { ["nonexistent"] = AnswerValue.Text("x") });
        Assert.Equal(79.37m, result.OverallScore);
    }
}
