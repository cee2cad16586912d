using BenchmarkDotNet.Attributes;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Tests.Questionnaires.Support;

namespace VendorRisk.Benchmarks;

/// <summary>Evaluate + score a 1,000-item questionnaire with 300 conditions (goal: under 250 us and 1 MB per call).</summary>
[MemoryDiagnoser]
public class QuestionnaireEvaluationBenchmarks
{
    private readonly QuestionnaireEngine _engine = new();
    private CompiledQuestionnaire _compiled = null!;
    private Dictionary<string, AnswerValue> _answers = null!;
    private QuestionnaireDefinition _definition = null!;

    [GlobalSetup]
    public void Setup()
    {
        _definition = SyntheticQuestionnaires.Generate(itemCount: 1000, conditionCount: 300, seed: 42);
        _compiled = _definition.Compile().Value;
        _answers = SyntheticQuestionnaires.RandomAnswers(_definition, new Random(42), fillRatio: 0.9);
    }

    [Benchmark]
    public QuestionnaireEvaluation EvaluateAndScore() => _engine.Evaluate(_compiled, _answers);

    /// <summary>Done once per publish, not per evaluation; measured to show what compiling saves.</summary>
    [Benchmark]
    public CompiledQuestionnaire Compile() => _definition.Compile().Value;
}
