using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Portal;

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

    // Item lookup by id for each compiled (immutable, cached) questionnaire, built once instead of a scan per call.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CompiledQuestionnaire, Dictionary<string, QuestionnaireItem>> ItemsById = new();

    private static readonly Func<AppDbContext, Guid, IAsyncEnumerable<AssessmentAnswer>> AnswersOf =
        EF.CompileAsyncQuery((AppDbContext db, Guid assessmentId) => db.AssessmentAnswers.Where(a => a.AssessmentId == assessmentId));

    private static readonly Func<AppDbContext, Guid, IAsyncEnumerable<EvidenceFile>> EvidenceOf =
        EF.CompileAsyncQuery<AppDbContext, Guid, EvidenceFile>((db, assessmentId) =>
            db.EvidenceFiles.AsNoTracking().Where(f => f.AssessmentId == assessmentId).OrderBy(f => f.UploadedAt));

    private readonly Dictionary<string, QuestionnaireItem> _items;
    // Parsed answer values by item, reused while an answer's JSON is unchanged: an evaluation re-reads every answer.
    private readonly Dictionary<string, (string Json, AnswerValue Value)> _parsed = new(StringComparer.Ordinal);
    private QuestionnaireEvaluation? _evaluation;

    private AnswerSheet(CompiledQuestionnaire questionnaire, Dictionary<string, AssessmentAnswer> answers,
        Dictionary<string, List<EvidenceFile>> evidence, DateOnly today)
    {
        Questionnaire = questionnaire;
        Answers = answers;
        Evidence = evidence;
        Today = today;
        _items = ItemsById.GetValue(questionnaire, q => q.Definition.AllItems().ToDictionary(i => i.Id, StringComparer.Ordinal));
    }

    public CompiledQuestionnaire Questionnaire { get; }
    public QuestionnaireDefinition Definition => Questionnaire.Definition;
    public Dictionary<string, AssessmentAnswer> Answers { get; }
    public Dictionary<string, List<EvidenceFile>> Evidence { get; }
    public DateOnly Today { get; }
    /// <summary>The engine's evaluation of the current answers, computed on first use (an autosave needs it only after saving).</summary>
    public QuestionnaireEvaluation Evaluation => _evaluation ??= Evaluate();

    public static async Task<CompiledQuestionnaire> CompileAsync(AppDbContext db, Assessment assessment, CancellationToken cancellationToken)
    {
        var (questionnaire, problem) = await Assessments.PinnedQuestionnaire.LoadAsync(db, assessment, cancellationToken);
        return questionnaire ?? throw new DomainException(problem!);
    }

    /// <summary>Loads (tracked) answers and evidence of an assessment in the current tenant.</summary>
    public static async Task<AnswerSheet> LoadAsync(AppDbContext db, Assessment assessment, DateOnly today, CancellationToken cancellationToken)
    {
        var compiled = await CompileAsync(db, assessment, cancellationToken);
        var answers = new List<AssessmentAnswer>();
        await foreach (var answer in AnswersOf(db, assessment.Id).WithCancellation(cancellationToken)) answers.Add(answer);
        var files = new List<EvidenceFile>();
        await foreach (var file in EvidenceOf(db, assessment.Id).WithCancellation(cancellationToken)) files.Add(file);
        return new AnswerSheet(compiled, answers.ToDictionary(a => a.ItemId, StringComparer.Ordinal),
            files.GroupBy(f => f.ItemId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal), today);
    }

    /// <summary>For the portal list: evaluation of answers read elsewhere (no tracking, no evidence).</summary>
    public static QuestionnaireEvaluation EvaluateValues(CompiledQuestionnaire questionnaire, IEnumerable<(string ItemId, string? ValueJson)> answers) =>
        Engine.Evaluate(questionnaire, answers.Where(a => a.ValueJson is not null)
            .ToDictionary(a => a.ItemId, a => AnswerJson.Deserialize(a.ValueJson!), StringComparer.Ordinal));

    public QuestionnaireEvaluation Reevaluate() => _evaluation = Evaluate();

    /// <summary>Answers changed: the next read of <see cref="Evaluation"/> evaluates again.</summary>
    public void Invalidate() => _evaluation = null;

    /// <summary>Evaluates as if <paramref name="itemId"/> had <paramref name="value"/> (for checking one value before saving it).</summary>
    public QuestionnaireEvaluation EvaluateWith(string itemId, AnswerValue? value)
    {
        var values = Values();
        if (value is null) values.Remove(itemId); else values[itemId] = value;
        return Engine.Evaluate(Questionnaire, values, EvidenceAttachments(), Today);
    }

    public AnswerValue? ValueOf(string itemId) =>
        Answers.TryGetValue(itemId, out var answer) && answer.ValueJson is { } json ? Parsed(itemId, json) : null;

    public QuestionnaireItem? Item(string itemId) => _items.GetValueOrDefault(itemId);

    private AnswerValue Parsed(string itemId, string json)
    {
        if (_parsed.TryGetValue(itemId, out var cached) && string.Equals(cached.Json, json, StringComparison.Ordinal)) return cached.Value;
        var value = AnswerJson.Deserialize(json);
        _parsed[itemId] = (json, value);
        return value;
    }

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

    /// <summary>The current answers as the engine reads them.</summary>
    public Dictionary<string, AnswerValue> Values()
    {
        var values = new Dictionary<string, AnswerValue>(Answers.Count, StringComparer.Ordinal);
        foreach (var answer in Answers.Values)
        {
            if (answer.ValueJson is { } json) values[answer.ItemId] = Parsed(answer.ItemId, json);
        }
        return values;
    }

    private Dictionary<string, IReadOnlyList<EvidenceAttachment>> EvidenceAttachments()
    {
        var attachments = Evidence.ToDictionary(e => e.Key,
            e => (IReadOnlyList<EvidenceAttachment>)e.Value.Select(f => new EvidenceAttachment(f.Id.ToString(), DateOnly.FromDateTime(f.UploadedAt.UtcDateTime))).ToList(),
            StringComparer.Ordinal);
        return attachments;
    }

    private QuestionnaireEvaluation Evaluate() => Engine.Evaluate(Questionnaire, Values(), EvidenceAttachments(), Today);
}
