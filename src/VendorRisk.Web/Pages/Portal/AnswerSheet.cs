using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Web.Pages.Portal;

/// <summary>Progress of a set of questions: answered required (visible) items out of all of them.</summary>
public sealed record Progress(int Answered, int Total)
{
    public int Percent => Total == 0 ? 100 : (int)Math.Round(100.0 * Answered / Total);
}

/// <summary>
/// An assessment's questionnaire with its current answers and evidence, evaluated by the engine. Every visibility,
/// required-ness and progress figure the portal shows (on the page and in autosave responses) comes from here,
/// so the browser never needs a second implementation of the expression language.
/// </summary>
public sealed class AnswerSheet
{
    private static readonly QuestionnaireEngine Engine = new();

    private AnswerSheet(CompiledQuestionnaire questionnaire, Dictionary<string, AssessmentAnswer> answers,
        Dictionary<string, List<EvidenceFile>> evidence, DateOnly today)
    {
        Questionnaire = questionnaire;
        Answers = answers;
        Evidence = evidence;
        Today = today;
        Evaluation = Evaluate();
    }

    public CompiledQuestionnaire Questionnaire { get; }
    public QuestionnaireDefinition Definition => Questionnaire.Definition;
    public Dictionary<string, AssessmentAnswer> Answers { get; }
    public Dictionary<string, List<EvidenceFile>> Evidence { get; }
    public DateOnly Today { get; }
    public QuestionnaireEvaluation Evaluation { get; private set; }

    public static async Task<CompiledQuestionnaire> CompileAsync(AppDbContext db, Assessment assessment, CancellationToken cancellationToken)
    {
        var (questionnaire, problem) = await Infrastructure.Assessments.PinnedQuestionnaire.LoadAsync(db, assessment, cancellationToken);
        return questionnaire ?? throw new DomainException(problem!);
    }

    /// <summary>Loads (tracked) answers and evidence of an assessment in the current tenant.</summary>
    public static async Task<AnswerSheet> LoadAsync(AppDbContext db, Assessment assessment, DateOnly today, CancellationToken cancellationToken)
    {
        var compiled = await CompileAsync(db, assessment, cancellationToken);
        var answers = await db.AssessmentAnswers.Where(a => a.AssessmentId == assessment.Id).ToListAsync(cancellationToken);
        var files = await db.EvidenceFiles.AsNoTracking().Where(f => f.AssessmentId == assessment.Id)
            .OrderBy(f => f.UploadedAt).ToListAsync(cancellationToken);
        return new AnswerSheet(compiled, answers.ToDictionary(a => a.ItemId, StringComparer.Ordinal),
            files.GroupBy(f => f.ItemId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal), today);
    }

    /// <summary>For the portal list: evaluation of answers read elsewhere (no tracking, no evidence).</summary>
    public static QuestionnaireEvaluation EvaluateValues(CompiledQuestionnaire questionnaire, IEnumerable<(string ItemId, string? ValueJson)> answers) =>
        Engine.Evaluate(questionnaire, answers.Where(a => a.ValueJson is not null)
            .ToDictionary(a => a.ItemId, a => AnswerJson.Deserialize(a.ValueJson!), StringComparer.Ordinal));

    public QuestionnaireEvaluation Reevaluate() => Evaluation = Evaluate();

    /// <summary>Evaluates as if <paramref name="itemId"/> had <paramref name="value"/> (for checking one value before saving it).</summary>
    public QuestionnaireEvaluation EvaluateWith(string itemId, AnswerValue? value)
    {
        var values = Values();
        if (value is null) values.Remove(itemId); else values[itemId] = value;
        return Engine.Evaluate(Questionnaire, values, EvidenceAttachments(), Today);
    }

    public AnswerValue? ValueOf(string itemId) =>
        Answers.TryGetValue(itemId, out var answer) && answer.ValueJson is { } json ? AnswerJson.Deserialize(json) : null;

    public QuestionnaireItem? Item(string itemId) => Definition.AllItems().FirstOrDefault(i => i.Id == itemId);

    public static Progress ProgressOf(QuestionnaireEvaluation evaluation, IEnumerable<QuestionnaireItem> items)
    {
        var states = items.Where(i => i.IsAnswerable).Select(i => evaluation.Item(i.Id)).Where(s => s.Visible && s.Required).ToList();
        return new Progress(states.Count(s => s.Answered), states.Count);
    }

    public Progress ProgressOf(IEnumerable<QuestionnaireItem> items) => ProgressOf(Evaluation, items);

    /// <summary>What the browser needs to mirror the engine: visibility and required-ness per item and section, and progress.</summary>
    public object ClientState()
    {
        var sections = Definition.AllSections().ToDictionary(s => s.Id, StringComparer.Ordinal);
        return new
        {
            items = Definition.AllItems().ToDictionary(i => i.Id, i =>
            {
                var state = Evaluation.Item(i.Id);
                return new { visible = state.Visible, required = state.Required };
            }, StringComparer.Ordinal),
            sections = Evaluation.Sections.ToDictionary(s => s.SectionId, s => new
            {
                visible = s.Visible,
                progress = ProgressOf(sections[s.SectionId].Items),
            }, StringComparer.Ordinal),
            overall = ProgressOf(Definition.AllItems()),
        };
    }

    private Dictionary<string, AnswerValue> Values() =>
        Answers.Values.Where(a => a.ValueJson is not null)
            .ToDictionary(a => a.ItemId, a => AnswerJson.Deserialize(a.ValueJson!), StringComparer.Ordinal);

    private Dictionary<string, IReadOnlyList<EvidenceAttachment>> EvidenceAttachments()
    {
        var attachments = Evidence.ToDictionary(e => e.Key,
            e => (IReadOnlyList<EvidenceAttachment>)e.Value.Select(f => new EvidenceAttachment(f.Id.ToString(), DateOnly.FromDateTime(f.UploadedAt.UtcDateTime))).ToList(),
            StringComparer.Ordinal);
        return attachments;
    }

    private QuestionnaireEvaluation Evaluate() => Engine.Evaluate(Questionnaire, Values(), EvidenceAttachments(), Today);
}
