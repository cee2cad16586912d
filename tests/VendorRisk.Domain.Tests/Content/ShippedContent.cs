using VendorRisk.Domain.Coverage;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Domain.Tests.Questionnaires.Support;

namespace VendorRisk.Domain.Tests.Content;

/// <summary>
/// The shipped content (questionnaires and control catalogue) and vendors that answer it, so content tests and the
/// generated mapping document measure the same thing with the real engine and coverage calculator.
/// </summary>
internal static class ShippedContent
{
    public const string SecurityV1File = "ai-vendor-security-governance.json";
    public const string SecurityV2File = "ai-vendor-security-governance-2.0.0.json";
    public const string IntakeFile = "ai-inherent-risk-intake.json";

    /// <summary>The day coverage is computed on; evidence below is dated a month before.</summary>
    public static readonly DateOnly Today = new(2026, 6, 1);

    private static readonly Lazy<CompiledQuestionnaire> V2 = new(() => Compile(SecurityV2File));
    private static readonly Lazy<CompiledQuestionnaire> V1 = new(() => Compile(SecurityV1File));
    private static readonly Lazy<CompiledQuestionnaire> IntakeQuestionnaire = new(() => Compile(IntakeFile));
    private static readonly Lazy<ControlCatalogue> TheCatalogue = new(() => ControlCatalogue.Parse(File.ReadAllText(CataloguePath)));

    public static CompiledQuestionnaire SecurityV2 => V2.Value;

    public static CompiledQuestionnaire SecurityV1 => V1.Value;

    public static CompiledQuestionnaire Intake => IntakeQuestionnaire.Value;

    public static ControlCatalogue Catalogue => TheCatalogue.Value;

    public static string CataloguePath => Path.Combine(TestData.RepositoryRoot(), "seed-data", "controls.json");

    public static string QuestionnairePath(string file) => Path.Combine(TestData.RepositoryRoot(), "seed-data", "questionnaires", file);

    public static CompiledQuestionnaire Compile(string file) => TestData.Compile(File.ReadAllText(QuestionnairePath(file)));

    /// <summary>The eight domains of the ISO 27001-for-AI article the questionnaire follows: one top-level section each.</summary>
    public static readonly IReadOnlyList<(string Section, string Domain)> Domains =
    [
        ("scope", "Scope"),
        ("ai_risk", "AI risk assessment and treatment"),
        ("privacy", "Data protection"),
        ("algorithm_governance", "Algorithm governance"),
        ("security_by_design", "Security by design"),
        ("third_parties", "Third-party risk"),
        ("incident_response", "Incident response"),
        ("monitoring", "Continuous monitoring"),
    ];

    /// <summary>The facts that shape which questions a vendor sees; everything else is answered favourably.</summary>
    public sealed record Profile(string Name, string Description, IReadOnlyDictionary<string, AnswerValue> Facts);

    /// <summary>Uses no language model, no agents, trains nothing and provides no general-purpose model; only deploys AI.</summary>
    public static readonly Profile Minimal = new("Minimal",
        "predictive models only; no language models, agents, training or general-purpose model; deployer under the EU AI Act",
        TestData.Answers(
            ("ai_capabilities", AnswerValue.Choices("classic_ml")),
            ("eu_role", AnswerValue.Text("deployer")),
            ("trains_models", AnswerValue.Boolean(false)),
            ("processes_personal_data", AnswerValue.Boolean(true)),
            ("hosting_regions", AnswerValue.Choices("eea")),
            ("inference_regions", AnswerValue.Choices("eea")),
            ("incidents_last_year", AnswerValue.Boolean(false))));

    /// <summary>Every section applies: hosted and own language models with retrieval, agents, training, a high-risk system, a GPAI model with systemic risk.</summary>
    public static readonly Profile Maximal = new("Maximal",
        "hosted and self-hosted language models with retrieval, agents, training, provider of a high-risk system and of a general-purpose model with systemic risk, data in the EEA and the US",
        TestData.Answers(
            ("ai_capabilities", AnswerValue.Choices("classic_ml", "llm_hosted", "llm_self", "vision_speech", "agents")),
            ("eu_role", AnswerValue.Text("both")),
            ("ai_act_classification", AnswerValue.Text("high_risk_annex_iii")),
            ("gpai_provider", AnswerValue.Boolean(true)),
            ("gpai_systemic_risk", AnswerValue.Boolean(true)),
            ("trains_models", AnswerValue.Boolean(true)),
            ("processes_personal_data", AnswerValue.Boolean(true)),
            ("hosting_regions", AnswerValue.Choices("eea", "us")),
            ("inference_regions", AnswerValue.Choices("eea", "us")),
            ("uses_retrieval", AnswerValue.Boolean(true)),
            ("foundation_model_providers", AnswerValue.Choices("model_vendor_api")),
            ("incidents_last_year", AnswerValue.Boolean(true))));

    /// <summary>
    /// A vendor of the profile answering every other question with its best choice (never "not applicable"), valid
    /// text, dates and numbers. Hidden questions get answers too; the engine ignores them.
    /// </summary>
    public static Dictionary<string, AnswerValue> FavourableAnswers(QuestionnaireDefinition definition, Profile profile)
    {
        var answers = new Dictionary<string, AnswerValue>(StringComparer.Ordinal);
        foreach (var item in definition.AllItems().Where(i => i.IsAnswerable))
        {
            if (profile.Facts.TryGetValue(item.Id, out var fact))
            {
                answers[item.Id] = fact;
                continue;
            }

            var best = item.Choices.Where(c => c.Result != ChoiceResult.NotApplicable).OrderByDescending(c => c.Score ?? -1).FirstOrDefault();
            answers[item.Id] = item.Type switch
            {
                ItemType.SingleChoice => AnswerValue.Text(best!.Value),
                ItemType.Boolean => AnswerValue.Boolean(best?.Value != "false"),
                ItemType.MultipleChoice => AnswerValue.Choices(item.Choices[0].Value),
                ItemType.Number => AnswerValue.Number(Math.Max(item.Min ?? 4, 4)),
                ItemType.Date => AnswerValue.Date(Today.AddMonths(-2)),
                ItemType.Url => AnswerValue.Text("https://vendor.example/trust"),
                ItemType.Email => AnswerValue.Text("security@vendor.example"),
                ItemType.File => AnswerValue.Files("file-" + item.Id),
                _ => AnswerValue.Text("Described in our trust centre, section 4."),
            };
        }

        return answers;
    }

    /// <summary>One document for every item that accepts evidence, provided a month before <see cref="Today"/>.</summary>
    public static Dictionary<string, IReadOnlyList<EvidenceAttachment>> AllEvidence(QuestionnaireDefinition definition) =>
        definition.AllItems().Where(i => i.Evidence is { Allowed: true })
            .ToDictionary(i => i.Id, i => (IReadOnlyList<EvidenceAttachment>)[new EvidenceAttachment("evidence-" + i.Id, Today.AddMonths(-1))], StringComparer.Ordinal);

    public static QuestionnaireEvaluation Evaluate(CompiledQuestionnaire questionnaire, Profile profile, bool withEvidence = true) =>
        new QuestionnaireEngine().Evaluate(questionnaire, FavourableAnswers(questionnaire.Definition, profile),
            withEvidence ? AllEvidence(questionnaire.Definition) : null, Today);

    /// <summary>Visible questions a vendor of the profile answers (info and finding items take no answer).</summary>
    public static int AnswerableCount(CompiledQuestionnaire questionnaire, Profile profile)
    {
        var evaluation = Evaluate(questionnaire, profile);
        return questionnaire.Definition.AllItems().Count(i => i.IsAnswerable && evaluation.Item(i.Id).Visible);
    }

    /// <summary>
    /// Coverage of a favourable vendor of the profile, with or without the evidence asked for. With <paramref name="assurance"/>
    /// the verified status is computed: every item that accepts evidence gets that level, the rest stay self-attested.
    /// </summary>
    public static IReadOnlyList<ControlCoverage> Coverage(Profile profile, bool withEvidence = true, AssuranceLevel? assurance = null)
    {
        var questionnaire = SecurityV2;
        var evaluation = Evaluate(questionnaire, profile, withEvidence);
        var levels = assurance is { } level
            ? questionnaire.Definition.AllItems().Where(i => i.Evidence is { Allowed: true }).ToDictionary(i => i.Id, _ => level, StringComparer.Ordinal)
            : null;
        return CoverageCalculator.Calculate(Catalogue, questionnaire, evaluation, null, levels);
    }

    /// <summary>Not missing: at least one mapped question was asked and answered (supported or weak).</summary>
    public static bool Addressed(ControlCoverage coverage) => coverage.Status != CoverageStatus.Missing;
}
