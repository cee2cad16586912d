using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Questionnaires.Serialization;
using VendorRisk.Domain.Tests.Questionnaires.Support;

namespace VendorRisk.Domain.Tests.Questionnaires;

/// <summary>Seeded random questionnaires and answer sets; a failure message names the case so it can be replayed.</summary>
public class PropertyTests
{
    private const int Cases = 500;
    private static readonly QuestionnaireEngine Engine = new();

    private static string Fingerprint(QuestionnaireEvaluation result) => string.Join("|",
        result.OverallScore,
        string.Join(",", result.Sections.Select(s => $"{s.SectionId}:{s.Visible}:{s.Score}")),
        string.Join(",", result.Items.Select(i => $"{i.ItemId}:{i.Visible}:{i.Required}:{i.Answered}:{i.Score}:{i.Result}:{string.Join("+", i.Errors.Select(e => e.Code))}")),
        string.Join(",", result.Findings.Select(f => f.ItemId)),
        result.ResultCounts,
        string.Join(",", result.Controls));

    [Fact]
    public void Random_questionnaires_and_answers_satisfy_engine_invariants()
    {
        for (var seed = 0; seed < Cases; seed++)
        {
            var random = new Random(seed);
            var definition = SyntheticQuestionnaires.Generate(itemCount: random.Next(10, 80), conditionCount: random.Next(0, 30), seed, sectionCount: random.Next(1, 6));
            var compiled = definition.Compile();
            Assert.True(compiled.IsSuccess, $"case {seed}: " + string.Join("; ", compiled.Errors));
            var answers = SyntheticQuestionnaires.RandomAnswers(definition, random);

            var result = Engine.Evaluate(compiled.Value, answers);

            // Scores are percentages.
            Assert.All(result.Sections.Where(s => s.Score is not null), s => Assert.InRange(s.Score!.Value, 0m, 100m));
            if (result.OverallScore is { } overall)
            {
                Assert.InRange(overall, 0m, 100m);
            }

            // Hidden items never score, are never required and never raise findings.
            foreach (var item in result.Items.Where(i => !i.Visible))
            {
                Assert.True(item.Score is null && item.Result is null && !item.Required && item.Errors.IsEmpty, $"case {seed}: hidden {item.ItemId} took part");
            }

            Assert.All(result.Findings, f => Assert.True(result.Item(f.ItemId).Visible, $"case {seed}"));

            // Deterministic, whatever the order of the answer dictionary.
            var reversed = answers.Reverse().ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            Assert.Equal(Fingerprint(result), Fingerprint(Engine.Evaluate(compiled.Value, reversed)));

            // Changing answers of hidden items changes nothing at all.
            var perturbed = new Dictionary<string, AnswerValue>(answers, StringComparer.Ordinal);
            foreach (var hidden in result.Items.Where(i => !i.Visible))
            {
                var item = definition.AllItems().First(i => i.Id == hidden.ItemId);
                if (SyntheticQuestionnaires.RandomValidAnswer(item, random) is { } value)
                {
                    perturbed[item.Id] = value;
                }
            }

            Assert.Equal(Fingerprint(result), Fingerprint(Engine.Evaluate(compiled.Value, perturbed)));
        }
    }

    [Fact]
    public void Random_questionnaires_round_trip_through_json()
    {
        for (var seed = 0; seed < 100; seed++)
        {
            var definition = SyntheticQuestionnaires.Generate(itemCount: 40, conditionCount: 12, seed, sectionCount: 4);
            var json = QuestionnaireJson.Serialize(definition);
            var reloaded = QuestionnaireJson.Parse(json);
            Assert.True(reloaded.IsSuccess, $"case {seed}: " + string.Join("; ", reloaded.Errors));
            Assert.Equal(json, QuestionnaireJson.Serialize(reloaded.Value));
            Assert.Equal(definition.ComputeContentHash(), reloaded.Value.ComputeContentHash());
        }
    }

    [Fact]
    public void Benchmark_sized_questionnaire_compiles_with_the_intended_number_of_conditions()
    {
        var definition = SyntheticQuestionnaires.Generate(itemCount: 1000, conditionCount: 300, seed: 42);
        var conditions = definition.AllSections().Count(s => s.VisibleIf is not null)
            + definition.AllItems().Sum(i => (i.VisibleIf is null ? 0 : 1) + (i.RequiredIf is null ? 0 : 1) + (i.When is null ? 0 : 1));
        Assert.Equal(1000, definition.AllItems().Count());
        Assert.InRange(conditions, 300, 340); // plus the findings that had no item condition of their own
        Assert.True(definition.Compile().IsSuccess);
    }

    [Fact]
    public void Random_expression_text_never_throws()
    {
        var alphabet = "{}()[]'\"=!<>&|,. abc123notandorempty-_".ToCharArray();
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 30)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var result = VendorRisk.Domain.Questionnaires.Expressions.ExpressionParser.Parse(text);
            Assert.True(result.IsSuccess || result.Errors.All(e => e.Message.StartsWith("syntax error at column ", StringComparison.Ordinal)), text);
        }
    }
}
