using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Portal;

/// <summary>Audit action names of the vendor portal; auditors filter by them, so they never change.</summary>
public static class PortalAuditActions
{
    public const string AssessmentSubmitted = SubmissionOperations.AssessmentSubmittedAction;
    public const string EvidenceUploaded = "assessment.evidence.uploaded";
}

/// <summary>
/// One autosaved answer: <see cref="SaveOutcome.Saved"/> or <see cref="SaveOutcome.Unchanged"/> (the sheet shows the answer),
/// <see cref="SaveOutcome.Locked"/> (why, in <see cref="Message"/>) or <see cref="SaveOutcome.Conflict"/> (the newer answer in
/// <see cref="Other"/>, null when it is gone).
/// </summary>
public sealed record AnswerSaved(string ItemId, SaveOutcome Outcome, string? Message, OtherAnswer? Other, AnswerSheet Sheet);

/// <summary>One question of a section form: the values entered and the version of the answer the form showed.</summary>
public sealed record SectionAnswer(IReadOnlyList<string> Values, int Version);

/// <summary>
/// A section form's result: how many answers were saved, or (when <see cref="Conflicts"/> or <see cref="ItemErrors"/> are not
/// empty) what was refused, with the sheet as it is now.
/// </summary>
public sealed record SectionSaved(string SectionId, string SectionTitle, int Saved, IReadOnlyList<string> Conflicts,
    IReadOnlyDictionary<string, string> ItemErrors, PortalSheet Sheet)
{
    public bool Refused => Conflicts.Count > 0 || ItemErrors.Count > 0;
}

/// <summary>A confirmed carried-over answer, or (<see cref="Error"/>) why it cannot be confirmed, with the sheet to show.</summary>
public sealed record AnswerConfirmed(string ItemId, string? Error, PortalSheet Sheet);

/// <summary>An uploaded evidence file (its safe name), or (<see cref="Error"/>) why it was refused, with the sheet to show.</summary>
public sealed record EvidenceStored(string ItemId, string? FileName, string? Error, PortalSheet Sheet);

/// <summary>
/// A workbook read back: a report per row, or (<see cref="Error"/>) why the file was refused (400), or (<see cref="Conflicts"/>)
/// why nothing from it was saved, with the sheet to show.
/// </summary>
public sealed record WorkbookImported(IReadOnlyList<WorkbookReport.Row> Rows, string? Error, IReadOnlyList<string> Conflicts, PortalSheet Sheet);

/// <summary>
/// What a vendor contact does to an assessment in the portal: autosave an answer, save a section form, confirm a carried-over
/// answer, upload evidence, read a filled-in workbook back. Each starts at <see cref="PortalQueries.OpenAssessmentAsync"/> (the
/// <see cref="AnswerAssessment"/> handler; a foreign id is not found) and writes through <see cref="AnswerWriter"/> in one transaction.
/// </summary>
public sealed class PortalOperations(AppDbContext db, PortalQueries portal, TimeProvider clock, AuditLog audit, IEvidenceStorage storage,
    IConfiguration configuration, ILogger<PortalOperations> logger)
{
    private const string NoSuchQuestionnaire = "There is no such questionnaire for you to answer.";

    private DateTimeOffset Now => clock.GetUtcNow();

    private async Task<(PortalGrant Grant, AnswerSheet Sheet)?> OpenAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        if (await portal.OpenAssessmentAsync(assessmentId, cancellationToken) is not { } grant) return null;
        return (grant, await AnswerSheet.LoadAsync(db, grant.Assessment, DateOnly.FromDateTime(Now.UtcDateTime), cancellationToken));
    }

    /// <summary>The sheet as the database holds it now, after a refused write (nothing this scope staged survives).</summary>
    private async Task<PortalSheet> ReloadAsync(PortalGrant grant, AnswerSheet sheet, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        grant = grant with { Assessment = await db.Assessments.SingleAsync(a => a.Id == grant.Assessment.Id, cancellationToken) };
        return await portal.WithContributorsAsync(grant, await AnswerSheet.LoadAsync(db, grant.Assessment, sheet.Today, cancellationToken), cancellationToken);
    }

    /// <summary>Saves one answer, if the contact saw its current <paramref name="version"/>.</summary>
    public async Task<Outcome<AnswerSaved>> AutosaveAsync(Guid assessmentId, string? itemId, IReadOnlyList<string>? values, int? version,
        CancellationToken cancellationToken)
    {
        if (await OpenAsync(assessmentId, cancellationToken) is not (var grant, var sheet)) return Fail.NotFound(NoSuchQuestionnaire);
        if (itemId is not { Length: > 0 }) return Fail.Invalid("itemId", "The request names no question.");
        var writer = new AnswerWriter(db, grant, sheet, Now);
        var result = writer.Stage(itemId, values ?? [], version, onlyIfChanged: false, strict: false);
        switch (result.Outcome)
        {
            case SaveOutcome.Invalid:
                return Fail.Invalid("itemId", result.Message!);
            case SaveOutcome.Locked:
                return new AnswerSaved(itemId, SaveOutcome.Locked, result.Message, null, sheet);
            case SaveOutcome.Conflict:
                return new AnswerSaved(itemId, SaveOutcome.Conflict, null, await AnswerWriter.CurrentAsync(db, sheet, assessmentId, itemId, cancellationToken), sheet);
            case SaveOutcome.Saved when !await writer.CommitAsync(cancellationToken):
                return writer.LockedMeanwhile
                    ? new AnswerSaved(itemId, SaveOutcome.Locked, AnswerWriter.LockedMessage(writer.Current!), null, sheet)
                    : new AnswerSaved(itemId, SaveOutcome.Conflict, null, await AnswerWriter.CurrentAsync(db, sheet, assessmentId, itemId, cancellationToken), sheet);
        }
        return new AnswerSaved(itemId, result.Outcome, null, null, sheet);
    }

    /// <summary>The no-script fallback: saves every changed answer of one section with the same conflict rule, all or nothing.</summary>
    public async Task<Outcome<SectionSaved>> SaveSectionAsync(Guid assessmentId, string? sectionId, IReadOnlyDictionary<string, SectionAnswer> answers,
        CancellationToken cancellationToken)
    {
        if (await OpenAsync(assessmentId, cancellationToken) is not (var grant, var sheet)) return Fail.NotFound(NoSuchQuestionnaire);
        var section = sheet.Definition.AllSections().FirstOrDefault(s => s.Id == sectionId);
        if (section is null) return Fail.NotFound("There is no such section.");
        var writer = new AnswerWriter(db, grant, sheet, Now);
        var results = new List<SaveResult>();
        foreach (var item in section.Items.Where(i => i.IsAnswerable && i.Type != ItemType.File && grant.Assessment.VendorMayAnswer(i.Id)))
        {
            if (!answers.TryGetValue(item.Id, out var answer)) continue;
            results.Add(writer.Stage(item.Id, answer.Values, answer.Version, onlyIfChanged: true, strict: false));
        }
        var conflicts = new List<string>();
        foreach (var conflict in results.Where(r => r.Outcome == SaveOutcome.Conflict))
        {
            var other = await AnswerWriter.CurrentAsync(db, sheet, assessmentId, conflict.ItemId, cancellationToken);
            conflicts.Add($"{sheet.Item(conflict.ItemId)?.Text}: {other?.By ?? "Someone"} changed this to '{other?.Display}' at {other?.At.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC. Your answer was not saved; change it again to overwrite theirs.");
        }
        var itemErrors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var invalid in results.Where(r => r.Outcome is SaveOutcome.Invalid or SaveOutcome.Locked))
            itemErrors[invalid.ItemId] = invalid.Message ?? "Not saved.";
        var saved = results.Count(r => r.Outcome == SaveOutcome.Saved);
        if (saved > 0 && !await writer.CommitAsync(cancellationToken))
            conflicts.Add("Someone saved answers in this section at the same moment; nothing was saved. Check the answers and save again.");
        if (conflicts.Count > 0 || itemErrors.Count > 0)
            return new SectionSaved(section.Id, section.Title, saved, conflicts, itemErrors, await ReloadAsync(grant, sheet, cancellationToken));
        return new SectionSaved(section.Id, section.Title, saved, [], itemErrors, new PortalSheet(grant, sheet, new Dictionary<Guid, string>()));
    }

    /// <summary>Confirms a carried-over answer as still true.</summary>
    public async Task<Outcome<AnswerConfirmed>> ConfirmAsync(Guid assessmentId, string? itemId, CancellationToken cancellationToken)
    {
        if (await OpenAsync(assessmentId, cancellationToken) is not (var grant, var sheet)) return Fail.NotFound(NoSuchQuestionnaire);
        if (itemId is null || !sheet.Answers.TryGetValue(itemId, out var answer) || !answer.CarriedOver) return Fail.NotFound("There is no such answer to confirm.");
        if (!grant.Assessment.VendorMayAnswer(itemId))
            return new AnswerConfirmed(itemId, AnswerWriter.LockedMessage(grant.Assessment), await portal.WithContributorsAsync(grant, sheet, cancellationToken));
        answer.Confirm(grant.UserId, Now);
        grant.Assessment.RecordVendorActivity();
        await db.SaveChangesAsync(cancellationToken);
        return new AnswerConfirmed(itemId, null, new PortalSheet(grant, sheet, new Dictionary<Guid, string>()));
    }

    /// <summary>Stores one evidence file for a question (and adds it to a file question's answer), audited.</summary>
    public async Task<Outcome<EvidenceStored>> UploadEvidenceAsync(Guid assessmentId, string? itemId, IFormFile? file, CancellationToken cancellationToken)
    {
        if (await OpenAsync(assessmentId, cancellationToken) is not (var grant, var sheet)) return Fail.NotFound(NoSuchQuestionnaire);
        var item = itemId is null ? null : sheet.Item(itemId);
        if (item is null || !item.IsAnswerable || (item.Type != ItemType.File && item.Evidence is not { Allowed: true }))
            return Fail.NotFound("There is no such question to upload evidence for.");
        var (name, error) = await TryStoreEvidenceAsync(grant, sheet, item, file, cancellationToken);
        if (error is not null) return new EvidenceStored(item.Id, null, error, await ReloadAsync(grant, sheet, cancellationToken));
        return new EvidenceStored(item.Id, name, null, new PortalSheet(grant, sheet, new Dictionary<Guid, string>()));
    }

    private async Task<(string? Name, string? Error)> TryStoreEvidenceAsync(PortalGrant grant, AnswerSheet sheet, QuestionnaireItem item, IFormFile? file,
        CancellationToken cancellationToken)
    {
        if (!grant.Assessment.VendorMayAnswer(item.Id)) return (null, AnswerWriter.LockedMessage(grant.Assessment));
        if (file is null) return (null, "Choose a file to upload.");
        var max = EvidenceInspector.MaxBytes(configuration);
        var name = EvidenceInspector.SafeFileName(file.FileName);
        if (file.Length > max) return (null, $"The file is larger than {EvidenceInspector.Size(max)}.");
        byte[] content;
        using (var buffer = new MemoryStream((int)Math.Min(file.Length, max)))
        {
            await file.CopyToAsync(buffer, cancellationToken);
            content = buffer.ToArray();
        }
        if (content.Length > max) return (null, $"The file is larger than {EvidenceInspector.Size(max)}.");
        var (contentType, refusal) = EvidenceInspector.Inspect(name, content);
        if (refusal is not null) return (null, refusal);

        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        await using (var stream = new MemoryStream(content, writable: false))
            await storage.SaveAsync(key, stream, cancellationToken);
        try
        {
            var now = Now;
            var evidence = EvidenceFile.Create(grant.Assessment.Id, item.Id, name, contentType!, content.Length, sha256, key, grant.UserId, now);
            db.EvidenceFiles.Add(evidence);
            if (item.Type == ItemType.File)
            {
                var files = sheet.ValueOf(item.Id)?.ListValue.ToList() ?? [];
                files.Add(evidence.Id.ToString());
                var json = AnswerJson.Serialize(AnswerValue.Files(files));
                if (sheet.Answers.TryGetValue(item.Id, out var answer)) answer.Change(json, grant.UserId, now);
                else db.AssessmentAnswers.Add(sheet.Answers[item.Id] = AssessmentAnswer.Create(grant.Assessment.Id, item.Id, json, grant.UserId, now));
            }
            grant.Assessment.RecordVendorActivity();
            audit.Record(PortalAuditActions.EvidenceUploaded, nameof(EvidenceFile), evidence.Id,
                new { assessmentId = grant.Assessment.Id, itemId = item.Id, fileName = name, length = content.Length, sha256 });
            await db.SaveChangesAsync(cancellationToken);
            sheet.Evidence.TryAdd(item.Id, []);
            sheet.Evidence[item.Id].Add(evidence);
            sheet.Reevaluate();
            return (name, null);
        }
        catch (DbUpdateException ex)
        {
            logger.LogInformation(ex, "Evidence upload for {ItemId} lost a race; the stored file is removed", item.Id);
            await storage.DeleteAsync(key, CancellationToken.None);
            return (null, "Someone changed this question at the same moment. Reload the page and upload again.");
        }
    }

    /// <summary>Reads a filled-in workbook: valid answers are saved (all in one transaction), the others reported by row.</summary>
    public async Task<Outcome<WorkbookImported>> ImportWorkbookAsync(Guid assessmentId, IFormFile? workbook, CancellationToken cancellationToken)
    {
        if (await OpenAsync(assessmentId, cancellationToken) is not (var grant, var sheet)) return Fail.NotFound(NoSuchQuestionnaire);
        var max = EvidenceInspector.MaxBytes(configuration);
        if (workbook is null || workbook.Length == 0)
            return new WorkbookImported([], "Choose the filled-in workbook (.xlsx) to upload.", [], await portal.WithContributorsAsync(grant, sheet, cancellationToken));
        if (workbook.Length > max)
            return new WorkbookImported([], $"The file is larger than {EvidenceInspector.Size(max)}.", [], await portal.WithContributorsAsync(grant, sheet, cancellationToken));
        using var buffer = new MemoryStream();
        await workbook.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        var writer = new AnswerWriter(db, grant, sheet, Now);
        var (rows, error) = WorkbookReport.Read(buffer, sheet, writer);
        if (error is not null)
            return new WorkbookImported([], error, [], await portal.WithContributorsAsync(grant, sheet, cancellationToken));
        if (rows.Any(r => r.Outcome == SaveOutcome.Saved) && !await writer.CommitAsync(cancellationToken))
            return new WorkbookImported([], null, ["Someone saved answers at the same moment; nothing from the workbook was saved. Upload it again."],
                await ReloadAsync(grant, sheet, cancellationToken));
        return new WorkbookImported(rows, null, [], await portal.WithContributorsAsync(grant, sheet, cancellationToken));
    }
}
