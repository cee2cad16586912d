using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Evidence;
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

/// <summary>One document linked to a question, as the vendor's sheet shows it (<see cref="Replaced"/>: a newer upload replaces this rejected one).</summary>
public sealed record SheetEvidence(Guid LinkId, Guid RecordId, string FileName, long Length, EvidenceKind Kind, DateOnly DocumentDate, DateOnly? ValidUntil,
    string? Issuer, string? Scope, EvidenceReview Review, string? RejectionReason, bool CarriedOver, bool Replaced);

/// <summary>A document of the vendor's that questions may reuse while it is valid (ADR-025).</summary>
public sealed record VendorEvidence(Guid RecordId, string FileName, EvidenceKind Kind, DateOnly DocumentDate, DateOnly? ValidUntil, EvidenceReview Review,
    string? Issuer, string? Scope);

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


    private readonly Dictionary<string, QuestionnaireItem> _items;
    // Parsed answer values by item, reused while an answer's JSON is unchanged: an evaluation re-reads every answer.
    private readonly Dictionary<string, (string Json, AnswerValue Value)> _parsed = new(StringComparer.Ordinal);
    private QuestionnaireEvaluation? _evaluation;

    private readonly IReadOnlyList<VendorEvidence>? _vendorDocuments;

    private AnswerSheet(CompiledQuestionnaire questionnaire, Dictionary<string, AssessmentAnswer> answers,
        Dictionary<string, List<SheetEvidence>> evidence, IReadOnlyList<VendorEvidence>? vendorDocuments, DateOnly today, string? evidenceOf = null)
    {
        Questionnaire = questionnaire;
        Answers = answers;
        Evidence = evidence;
        _vendorDocuments = vendorDocuments;
        Today = today;
        EvidenceOf = evidenceOf;
        _items = ItemsById.GetValue(questionnaire, q => q.Definition.AllItems().ToDictionary(i => i.Id, StringComparer.Ordinal));
    }

    public CompiledQuestionnaire Questionnaire { get; }
    public QuestionnaireDefinition Definition => Questionnaire.Definition;
    public Dictionary<string, AssessmentAnswer> Answers { get; }
    /// <summary>The documents linked to each question (only to <see cref="EvidenceOf"/> on a sheet loaded for one answer).</summary>
    public Dictionary<string, List<SheetEvidence>> Evidence { get; }

    /// <summary>
    /// Null on a whole sheet; on a sheet loaded for saving one answer (<see cref="LoadForAnswerAsync"/>), the question whose evidence it
    /// holds: the evaluation's evidence errors of the other questions mean nothing there (visibility, required-ness and progress do not
    /// depend on evidence, so they are exact).
    /// </summary>
    public string? EvidenceOf { get; }

    /// <summary>The vendor's documents that are not rejected, newest first (what questions may reuse); not on a sheet loaded for one answer.</summary>
    public IReadOnlyList<VendorEvidence> VendorDocuments =>
        _vendorDocuments ?? throw new InvalidOperationException("A sheet loaded for saving one answer holds none of the vendor's documents.");
    public DateOnly Today { get; }
    /// <summary>The engine's evaluation of the current answers, computed on first use (an autosave needs it only after saving).</summary>
    public QuestionnaireEvaluation Evaluation => _evaluation ??= Evaluate();

    public static async Task<CompiledQuestionnaire> CompileAsync(AppDbContext db, Assessment assessment, CancellationToken cancellationToken)
    {
        var (questionnaire, problem) = await Assessments.PinnedQuestionnaire.LoadAsync(db, assessment, cancellationToken);
        return questionnaire ?? throw new DomainException(problem!);
    }

    /// <summary>Loads (tracked) answers and the evidence of an assessment in the current tenant, and the vendor's reusable documents.</summary>
    public static async Task<AnswerSheet> LoadAsync(AppDbContext db, Assessment assessment, DateOnly today, CancellationToken cancellationToken)
    {
        var compiled = await CompileAsync(db, assessment, cancellationToken);
        var answers = new List<AssessmentAnswer>();
        await foreach (var answer in AnswersOf(db, assessment.Id).WithCancellation(cancellationToken)) answers.Add(answer);
        var files = await Links(db, db.EvidenceFiles.Where(f => f.AssessmentId == assessment.Id)).ToListAsync(cancellationToken);
        var documents = await db.EvidenceRecords.AsNoTracking().Where(r => r.VendorId == assessment.VendorId && r.ByVendor && r.Review != EvidenceReview.Rejected)
            .OrderByDescending(r => r.DocumentDate).ThenByDescending(r => r.UploadedAt)
            .Select(r => new VendorEvidence(r.Id, r.FileName, r.Kind, r.DocumentDate, r.ValidUntil, r.Review, r.Issuer, r.Scope))
            .ToListAsync(cancellationToken);
        return new AnswerSheet(compiled, answers.ToDictionary(a => a.ItemId, StringComparer.Ordinal),
            files.GroupBy(f => f.ItemId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(f => f.Evidence).ToList(), StringComparer.Ordinal),
            documents, today);
    }

    /// <summary>
    /// What saving the answer to <paramref name="itemId"/> needs (autosave, ADR-045): the (tracked) answers, and the documents linked to
    /// that question only when it takes evidence (its own evidence errors are reported beside it); not the vendor's reusable documents.
    /// </summary>
    public static async Task<AnswerSheet> LoadForAnswerAsync(AppDbContext db, Assessment assessment, string itemId, DateOnly today,
        CancellationToken cancellationToken)
    {
        var compiled = await CompileAsync(db, assessment, cancellationToken);
        var answers = new Dictionary<string, AssessmentAnswer>(StringComparer.Ordinal);
        await foreach (var answer in AnswersOf(db, assessment.Id).WithCancellation(cancellationToken)) answers[answer.ItemId] = answer;
        var evidence = new Dictionary<string, List<SheetEvidence>>(StringComparer.Ordinal);
        var item = ItemsById.GetValue(compiled, q => q.Definition.AllItems().ToDictionary(i => i.Id, StringComparer.Ordinal)).GetValueOrDefault(itemId);
        if (item?.Evidence is not null)
        {
            var files = await Links(db, db.EvidenceFiles.Where(f => f.AssessmentId == assessment.Id && f.ItemId == itemId)).ToListAsync(cancellationToken);
            if (files.Count > 0) evidence[itemId] = [.. files.Select(f => f.Evidence)];
        }
        return new AnswerSheet(compiled, answers, evidence, null, today, itemId);
    }

    private sealed record Link(string ItemId, SheetEvidence Evidence);

    /// <summary>The documents behind <paramref name="links"/>, in upload order.</summary>
    private static IQueryable<Link> Links(AppDbContext db, IQueryable<EvidenceFile> links) =>
        links.AsNoTracking().OrderBy(f => f.UploadedAt)
            .Join(db.EvidenceRecords, f => f.RecordId, r => r.Id, (f, r) => new Link(f.ItemId, new SheetEvidence(f.Id, r.Id, r.FileName, r.Length, r.Kind,
                r.DocumentDate, r.ValidUntil, r.Issuer, r.Scope, r.Review, r.RejectionReason, f.CarriedOver,
                db.EvidenceRecords.Any(n => n.ReplacesId == r.Id))));

    /// <summary>
    /// The vendor's documents <paramref name="item"/> may reuse today: of a kind it accepts, valid today with its validity days, and not linked
    /// to it already.
    /// </summary>
    public IReadOnlyList<VendorEvidence> ReusableFor(QuestionnaireItem item)
    {
        if (!item.IsAnswerable || (item.Type != ItemType.File && item.Evidence is not { Allowed: true })) return [];
        var linked = Evidence.GetValueOrDefault(item.Id)?.Select(e => e.RecordId).ToHashSet() ?? [];
        var kinds = item.Evidence?.Kinds ?? [];
        return [.. VendorDocuments.Where(d => !linked.Contains(d.RecordId) && (kinds.IsDefaultOrEmpty || kinds.Contains(d.Kind))
            && EvidenceRecord.IsValidOn(d.Review, d.DocumentDate, d.ValidUntil, Today, item.Evidence?.ValidityDays))];
    }

    /// <summary>For the portal list: evaluation of answers read elsewhere (no tracking, no evidence).</summary>
    public static QuestionnaireEvaluation EvaluateValues(CompiledQuestionnaire questionnaire, IEnumerable<(string ItemId, string? ValueJson)> answers) =>
        Engine.Evaluate(questionnaire, answers.Where(a => a.ValueJson is not null)
            .ToDictionary(a => a.ItemId, a => AnswerJson.Deserialize(a.ValueJson!), StringComparer.Ordinal));

    public QuestionnaireEvaluation Reevaluate() => _evaluation = Evaluate();

    /// <summary>Answers changed: the next read of <see cref="Evaluation"/> evaluates again.</summary>
    public void Invalidate() => _evaluation = null;

    /// <summary>
    /// <paramref name="itemId"/>'s answer now holds <paramref name="json"/> (parsed: <paramref name="value"/>); <paramref name="evaluated"/>,
    /// when given, is <see cref="EvaluateWith"/> of that value on this sheet, i.e. the evaluation of the answers as they now are, which
    /// becomes <see cref="Evaluation"/> (null: evaluated again on next use).
    /// </summary>
    internal void Staged(string itemId, string? json, AnswerValue? value, QuestionnaireEvaluation? evaluated)
    {
        if (json is not null && value is not null) _parsed[itemId] = (json, value);
        _evaluation = evaluated;
    }

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
        // Rejected documents back nothing (ADR-025); the others count from their document date, not their upload.
        return global::VendorRisk.Application.Assessments.EvidenceAttachments.Group(Evidence.SelectMany(e => e.Value.Where(f => f.Review != EvidenceReview.Rejected)
            .Select(f => (e.Key, new EvidenceAttachment(f.LinkId.ToString(), f.DocumentDate, f.ValidUntil)))));
    }

    private QuestionnaireEvaluation Evaluate() => Engine.Evaluate(Questionnaire, Values(), EvidenceAttachments(), Today);
}
