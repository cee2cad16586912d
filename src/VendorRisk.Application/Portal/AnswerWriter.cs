using System.Globalization;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Portal;

public enum SaveOutcome
{
    Saved,
    Unchanged,
    Conflict,
    Invalid,
    Locked,
}

/// <summary>Someone else's newer answer: who, what and when, for the "keep theirs or overwrite" choice.</summary>
public sealed record OtherAnswer(string By, string Display, IReadOnlyList<string> Values, DateTimeOffset At, int Version);

public sealed record SaveResult(string ItemId, SaveOutcome Outcome, string? Message = null, OtherAnswer? Other = null);

/// <summary>
/// The one place answers are written, for autosave, the per-section form and the spreadsheet upload alike:
/// the item must exist and be open to the vendor, and an answer is only overwritten by someone who saw its
/// current version. A stale version is a conflict that names the other person and value, never a silent overwrite.
/// </summary>
public sealed class AnswerWriter(AppDbContext db, PortalGrant grant, AnswerSheet sheet, DateTimeOffset now)
{
    public static string LockedMessage(Assessment assessment) => SubmissionOperations.LockedMessage(assessment);

    /// <summary>Stages one answer (nothing is saved until <see cref="CommitAsync"/>).</summary>
    /// <param name="strict">Whether a required answer may not be cleared (spreadsheet upload). Either way a value must meet the item's
    /// own limits (length, range, pattern, options: the engine's checks) and the hard cap of <see cref="AnswerJson"/>; autosave used
    /// to store invalid values with a warning, e.g. 2 MB in a 200-character field (issue 16, item 9).</param>
    /// <param name="notApplicableReason">Why the question does not apply: required with a "not applicable" answer unless one is stored
    /// already (ADR-026); ignored, and a stored one cleared, with any other answer.</param>
    public SaveResult Stage(string itemId, IReadOnlyList<string> raw, int? clientVersion, bool onlyIfChanged, bool strict,
        string? notApplicableReason = null)
    {
        var item = sheet.Item(itemId);
        if (item is null || !item.IsAnswerable || item.Type == ItemType.File)
            return new SaveResult(itemId, SaveOutcome.Invalid, "There is no such question to answer.");
        if (!grant.Assessment.VendorMayAnswer(itemId))
            return new SaveResult(itemId, SaveOutcome.Locked, LockedMessage(grant.Assessment));
        var (value, error) = AnswerJson.FromInput(item.Type, raw);
        if (error is not null) return new SaveResult(itemId, SaveOutcome.Invalid, error);
        if (strict && value is null && item.Required)
            return new SaveResult(itemId, SaveOutcome.Invalid, "This question needs an answer.");
        // The evaluation with the new value is the sheet's evaluation once the value is staged: the response's visibility and
        // required-ness map reuses it instead of evaluating the whole questionnaire a second time (ADR-045).
        QuestionnaireEvaluation? evaluated = null;
        if (value is not null)
        {
            evaluated = sheet.EvaluateWith(itemId, value);
            var problem = evaluated.Item(itemId).Errors
                .FirstOrDefault(e => e.Code is not (AnswerErrorCode.Required or AnswerErrorCode.EvidenceRequired or AnswerErrorCode.EvidenceExpired));
            if (problem is not null) return new SaveResult(itemId, SaveOutcome.Invalid, Sentence(problem.Message));
        }
        var json = value is null ? null : AnswerJson.Serialize(value);
        sheet.Answers.TryGetValue(itemId, out var existing);
        var reason = string.IsNullOrWhiteSpace(notApplicableReason) ? null : notApplicableReason.Trim();
        if (AssuranceScoring.ChoosesNotApplicable(item, value))
        {
            reason ??= existing?.NotApplicableReason;
            if (reason is null) return new SaveResult(itemId, SaveOutcome.Invalid, AssuranceScoring.NotApplicableReasonRequired);
            if (reason.Length > AssessmentAnswer.NotApplicableReasonMaxLength)
                return new SaveResult(itemId, SaveOutcome.Invalid,
                    string.Create(CultureInfo.InvariantCulture, $"The reason is at most {AssessmentAnswer.NotApplicableReasonMaxLength} characters."));
        }
        else
        {
            reason = null;
        }
        var reasonChanged = reason != existing?.NotApplicableReason;
        if (!reasonChanged && (existing is null ? json is null : json == existing.ValueJson && (onlyIfChanged || !existing.CarriedOver)))
        {
            if (evaluated is not null) sheet.Staged(itemId, json, value, evaluated);
            return new SaveResult(itemId, SaveOutcome.Unchanged);
        }
        if (existing is not null && clientVersion != existing.Version)
            return new SaveResult(itemId, SaveOutcome.Conflict, null, null);
        if (existing is null)
        {
            var created = AssessmentAnswer.Create(grant.Assessment.Id, itemId, json, grant.UserId, now);
            created.ExplainNotApplicable(reason);
            db.AssessmentAnswers.Add(created);
            sheet.Answers[itemId] = created;
        }
        else
        {
            existing.Change(json, grant.UserId, now);
            existing.ExplainNotApplicable(reason);
        }
        sheet.Staged(itemId, json, value, evaluated);
        grant.Assessment.RecordVendorActivity();
        return new SaveResult(itemId, SaveOutcome.Saved);
    }

    /// <summary>True when the last <see cref="CommitAsync"/> found the questionnaire submitted (or closed) meanwhile.</summary>
    public bool LockedMeanwhile => Current is not null;

    /// <summary>The questionnaire as it was found when the commit was refused.</summary>
    public Assessment? Current { get; private set; }

    /// <summary>
    /// Saves what was staged. False when another save won a race, or when the questionnaire was submitted between
    /// loading it and saving (<see cref="LockedMeanwhile"/>): the status is read again inside the write transaction,
    /// after this write took the database's write lock, so an answer never lands on a submitted questionnaire.
    /// </summary>
    public async Task<bool> CommitAsync(CancellationToken cancellationToken)
    {
        var changed = db.ChangeTracker.Entries<AssessmentAnswer>()
            .Where(e => e.State is EntityState.Added or EntityState.Modified).Select(e => e.Entity.ItemId).ToList();
        // One transaction of its own: no savepoint inside it (nothing to roll back to but the whole of it).
        db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            var state = await StateOf(db, grant.Assessment.Id, cancellationToken);
            if (state is null || changed.Any(itemId => !Assessment.VendorMayAnswer(state.Status, state.ReopenedItemIdsJson, itemId)))
            {
                Current = await db.Assessments.AsNoTracking().Where(a => a.Id == grant.Assessment.Id).SingleAsync(cancellationToken);
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }
            await transaction.CommitAsync(cancellationToken);
            // The sheet's evaluation already follows what was staged (AnswerSheet.Staged).
            return true;
        }
        catch (DbUpdateException)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return false;
        }
    }

    private sealed record AssessmentState(AssessmentStatus Status, string ReopenedItemIdsJson);

    // Read on every save inside the write transaction: compiled once, and only the two columns the check needs.
    private static readonly Func<AppDbContext, Guid, CancellationToken, Task<AssessmentState?>> StateOf =
        EF.CompileAsyncQuery((AppDbContext db, Guid id, CancellationToken _) =>
            db.Assessments.AsNoTracking().Where(a => a.Id == id).Select(a => new AssessmentState(a.Status, a.ReopenedItemIdsJson)).SingleOrDefault());

    /// <summary>The answer as it is in the database now, described for a conflict message.</summary>
    public static async Task<OtherAnswer?> CurrentAsync(AppDbContext db, AnswerSheet sheet, Guid assessmentId, string itemId, CancellationToken cancellationToken)
    {
        var row = await db.AssessmentAnswers.AsNoTracking()
            .Where(a => a.AssessmentId == assessmentId && a.ItemId == itemId)
            .Select(a => new { a.ValueJson, a.UpdatedAt, a.UpdatedByUserId, a.Version })
            .SingleOrDefaultAsync(cancellationToken);
        if (row is null) return null;
        var name = row.UpdatedByUserId is { } by
            ? await db.Users.Where(u => u.Id == by).Select(u => u.DisplayName != "" ? u.DisplayName : u.Email).SingleOrDefaultAsync(cancellationToken)
            : null;
        var value = row.ValueJson is null ? null : AnswerJson.Deserialize(row.ValueJson);
        var item = sheet.Item(itemId);
        return new OtherAnswer(name ?? "Someone", item is null ? "" : Display(item, value), RawValues(value), row.UpdatedAt, row.Version);
    }

    public static IReadOnlyList<string> RawValues(AnswerValue? value) => value switch
    {
        null => [],
        { Kind: AnswerKind.Choices or AnswerKind.Files } => value.ListValue,
        _ => [value.ToInvariantString()],
    };

    /// <summary>An answer as a person reads it: choice labels, Yes/No, "(no answer)".</summary>
    public static string Display(QuestionnaireItem item, AnswerValue? value)
    {
        if (value is null || value.IsEmpty) return "(no answer)";
        string Label(string v) => item.Choices.FirstOrDefault(c => c.Value == v)?.Label
            ?? (item.Type == ItemType.Boolean ? (v == "true" ? "Yes" : v == "false" ? "No" : v) : v);
        return value.Kind switch
        {
            AnswerKind.Choices => string.Join(", ", value.ListValue.Select(Label)),
            AnswerKind.Files => string.Create(CultureInfo.InvariantCulture, $"{value.ListValue.Length} file(s)"),
            _ => Label(value.ToInvariantString()),
        };
    }

    private static string Sentence(string message) => message.Length == 0 ? message : char.ToUpperInvariant(message[0]) + message[1..] + ".";
}
