using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using VendorRisk.Application.Common;
using VendorRisk.Application.Contracts;
using VendorRisk.Application.Findings;
using VendorRisk.Application.Incidents;
using VendorRisk.Application.Evidence;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Evidence;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Incidents;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Email;
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
/// <see cref="Other"/>, null when it is gone). The sheet is the one loaded for saving this answer (<see cref="AnswerSheet.LoadForAnswerAsync"/>):
/// its answers, visibility, required-ness and progress are exact; it holds the saved question's evidence only.
/// </summary>
public sealed record AnswerSaved(string ItemId, SaveOutcome Outcome, string? Message, OtherAnswer? Other, AnswerSheet Sheet);

/// <summary>One question of a section form: the values entered and the version of the answer the form showed.</summary>
public sealed record SectionAnswer(IReadOnlyList<string> Values, int Version)
{
    /// <summary>Why the question does not apply, with a "not applicable" answer (ADR-026).</summary>
    public string? NotApplicableReason { get; init; }
}

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

/// <summary>
/// An uploaded or reused evidence file (its safe name), or (<see cref="Error"/>) why it was refused, with messages for the fields
/// (<see cref="Errors"/>: <c>Kind</c>, <c>DocumentDate</c>, <c>ValidUntil</c>, <c>Issuer</c>, <c>Scope</c>, <c>Replaces</c>, <c>Reuse</c>) and the sheet to show.
/// </summary>
public sealed record EvidenceStored(string ItemId, string? FileName, string? Error, PortalSheet Sheet, IReadOnlyList<FieldError>? Errors = null);

/// <summary>
/// What the vendor says about an evidence document it uploads: its kind (key; may be left out when the question accepts one kind or any),
/// its date, its expiry or period end, issuer and scope, and the rejected record it replaces.
/// </summary>
public sealed record EvidenceDetails(string? Kind, DateOnly? DocumentDate, DateOnly? ValidUntil, string? Issuer, string? Scope, Guid? Replaces);

/// <summary>
/// A workbook read back: a report per row, or (<see cref="Error"/>) why the file was refused (400), or (<see cref="Conflicts"/>)
/// why nothing from it was saved, with the sheet to show.
/// </summary>
public sealed record WorkbookImported(IReadOnlyList<WorkbookReport.Row> Rows, string? Error, IReadOnlyList<string> Conflicts, PortalSheet Sheet);

/// <summary>An evidence file to download, with the safe name to offer it under.</summary>
public sealed record EvidenceDownload(Stream Content, string ContentType, string FileName);

/// <summary>A remediation plan sent to the organisation: the finding's title, and where its page is.</summary>
public sealed record RemediationSent(string FindingTitle, string TenantName, string Slug);

/// <summary>Something the vendor sent to an organisation (an incident report, obligation evidence): what, to whom, and where its portal is.</summary>
public sealed record SentToOrganisation(string What, string TenantName, string Slug);

/// <summary>
/// What a vendor contact does to an assessment in the portal: autosave an answer, save a section form, confirm a carried-over
/// answer, upload evidence, read a filled-in workbook back. Each starts at <see cref="PortalQueries.OpenAssessmentAsync"/> (the
/// <see cref="AnswerAssessment"/> handler; a foreign id is not found) and writes through <see cref="AnswerWriter"/> in one transaction.
/// </summary>
public sealed class PortalOperations(AppDbContext db, PortalQueries portal, TimeProvider clock, AuditLog audit, IEvidenceStorage storage,
    IConfiguration configuration, Access access, FindingNotifications notifications, EmailOutbox outbox, IncidentReporting reporting,
    EvidenceDeletion deletion, ILogger<PortalOperations> logger)
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
    /// <param name="notApplicableReason">Why the question does not apply, with a "not applicable" answer (ADR-026).</param>
    public async Task<Outcome<AnswerSaved>> AutosaveAsync(Guid assessmentId, string? itemId, IReadOnlyList<string>? values, int? version,
        CancellationToken cancellationToken, string? notApplicableReason = null)
    {
        if (await portal.OpenAssessmentAsync(assessmentId, cancellationToken) is not { } grant) return Fail.NotFound(NoSuchQuestionnaire);
        if (itemId is not { Length: > 0 }) return Fail.Invalid("itemId", "The request names no question.");
        // Only what saving this answer needs: the answers, and the question's own evidence when it takes some (ADR-045).
        var sheet = await AnswerSheet.LoadForAnswerAsync(db, grant.Assessment, itemId, DateOnly.FromDateTime(Now.UtcDateTime), cancellationToken);
        var writer = new AnswerWriter(db, grant, sheet, Now);
        var result = writer.Stage(itemId, values ?? [], version, onlyIfChanged: false, strict: false, notApplicableReason);
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
            results.Add(writer.Stage(item.Id, answer.Values, answer.Version, onlyIfChanged: true, strict: false, answer.NotApplicableReason));
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

    /// <summary>
    /// Stores one evidence document for a question with what the vendor says it is (<paramref name="details"/>), as a record of the vendor
    /// linked to the question (and added to a file question's answer), audited. Refusals come back in <see cref="EvidenceStored.Error"/> (the
    /// file) and <see cref="EvidenceStored.Errors"/> (beside each field); nothing is stored then. A replacement names the rejected record.
    /// </summary>
    public async Task<Outcome<EvidenceStored>> UploadEvidenceAsync(Guid assessmentId, string? itemId, IFormFile? file, EvidenceDetails? details,
        CancellationToken cancellationToken)
    {
        if (await OpenAsync(assessmentId, cancellationToken) is not (var grant, var sheet)) return Fail.NotFound(NoSuchQuestionnaire);
        var item = itemId is null ? null : sheet.Item(itemId);
        if (item is null || !item.IsAnswerable || (item.Type != ItemType.File && item.Evidence is not { Allowed: true }))
            return Fail.NotFound("There is no such question to upload evidence for.");
        var (name, error, errors) = await TryStoreEvidenceAsync(grant, sheet, item, file, details ?? new EvidenceDetails(null, null, null, null, null, null),
            cancellationToken);
        if (error is not null || errors.Count > 0)
            return new EvidenceStored(item.Id, null, error ?? "Correct the document's details.", await ReloadAsync(grant, sheet, cancellationToken), errors);
        return new EvidenceStored(item.Id, name, null, new PortalSheet(grant, sheet, new Dictionary<Guid, string>()));
    }

    /// <summary>
    /// Links a document the vendor already uploaded (<paramref name="recordId"/>) to a question instead of uploading it again: only the
    /// contact's own vendor's documents that are not rejected, of a kind the question accepts and still valid today. Audited.
    /// </summary>
    public async Task<Outcome<EvidenceStored>> ReuseEvidenceAsync(Guid assessmentId, string? itemId, Guid? recordId, CancellationToken cancellationToken)
    {
        if (await OpenAsync(assessmentId, cancellationToken) is not (var grant, var sheet)) return Fail.NotFound(NoSuchQuestionnaire);
        var item = itemId is null ? null : sheet.Item(itemId);
        if (item is null || !item.IsAnswerable || (item.Type != ItemType.File && item.Evidence is not { Allowed: true }))
            return Fail.NotFound("There is no such question to upload evidence for.");
        string? refusal = null;
        if (!grant.Assessment.VendorMayAnswer(item.Id)) refusal = AnswerWriter.LockedMessage(grant.Assessment);
        else if (recordId is null) refusal = "Choose one of your documents.";
        else if (sheet.ReusableFor(item).All(d => d.RecordId != recordId))
            refusal = "That document cannot back this question: it is rejected, expired, already attached, or of a kind the question does not accept.";
        if (refusal is not null)
            return new EvidenceStored(item.Id, null, refusal, await ReloadAsync(grant, sheet, cancellationToken), [new FieldError("Reuse", refusal)]);
        var record = await db.EvidenceRecords.AsNoTracking().SingleAsync(r => r.Id == recordId && r.VendorId == grant.Assessment.VendorId, cancellationToken);
        var link = Link(grant, sheet, item, record, null);
        audit.Record(EvidenceAuditActions.Reused, nameof(EvidenceRecord), record.Id,
            new { assessmentId = grant.Assessment.Id, itemId = item.Id, linkId = link.Id, fileName = record.FileName });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            logger.LogInformation(ex, "Evidence reuse for {ItemId} lost a race", item.Id);
            const string raced = "Someone changed this question at the same moment. Reload the page and try again.";
            return new EvidenceStored(item.Id, null, raced, await ReloadAsync(grant, sheet, cancellationToken), [new FieldError("Reuse", raced)]);
        }
        AddToSheet(sheet, item, record, link);
        return new EvidenceStored(item.Id, record.FileName, null, new PortalSheet(grant, sheet, new Dictionary<Guid, string>()));
    }

    /// <summary>
    /// Takes a document off a question while the vendor may still answer it (before submission, or reopened in a clarification round), unless
    /// a reviewer accepted it (ADR-039): the link goes and a file question's answer stops listing it. A document of the vendor's that no reviewer
    /// examined and nothing else links is deleted with its stored file (after the commit); a rejected one stays as the record of its review.
    /// Audited. Refusals come back in <see cref="EvidenceStored.Error"/> (field <c>Remove</c>).
    /// </summary>
    public async Task<Outcome<EvidenceStored>> RemoveEvidenceAsync(Guid assessmentId, Guid? linkId, CancellationToken cancellationToken)
    {
        if (await OpenAsync(assessmentId, cancellationToken) is not (var grant, var sheet)) return Fail.NotFound(NoSuchQuestionnaire);
        var link = linkId is null ? null : await db.EvidenceFiles.SingleOrDefaultAsync(f => f.Id == linkId && f.AssessmentId == assessmentId, cancellationToken);
        if (link is null || !await access.AllowsAsync(RemoveEvidence.Requirement, link)) return Fail.NotFound("There is no such document on this questionnaire.");
        var record = await db.EvidenceRecords.SingleAsync(r => r.Id == link.RecordId, cancellationToken);
        string? refusal = null;
        if (!grant.Assessment.VendorMayAnswer(link.ItemId)) refusal = AnswerWriter.LockedMessage(grant.Assessment);
        else if (record.Review == EvidenceReview.Accepted)
            refusal = $"The reviewers accepted \"{record.FileName}\", so it stays with your answers. Upload a newer document beside it if it changed.";
        if (refusal is not null)
            return new EvidenceStored(link.ItemId, null, refusal, await ReloadAsync(grant, sheet, cancellationToken), [new FieldError("Remove", refusal)]);

        var now = Now;
        await EvidenceDeletion.UnlistAsync(db, [link], grant.UserId, now, cancellationToken);
        db.EvidenceFiles.Remove(link);
        var deleteRecord = record.ByVendor && record.Review == EvidenceReview.Pending
            && !await db.EvidenceFiles.AnyAsync(f => f.RecordId == record.Id && f.Id != link.Id, cancellationToken)
            && !await db.DecisionConditions.AnyAsync(c => c.ClosureEvidenceRecordId == record.Id, cancellationToken);
        if (deleteRecord)
        {
            db.EvidenceRecords.Remove(record);
            deletion.ScheduleSweep(grant.Assessment.TenantId, record.StorageKey);
        }
        grant.Assessment.RecordVendorActivity();
        audit.Record(EvidenceAuditActions.Removed, nameof(EvidenceFile), link.Id, new
        {
            assessmentId, itemId = link.ItemId, recordId = record.Id, fileName = record.FileName, review = record.Review.ToString(), recordDeleted = deleteRecord,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            logger.LogInformation(ex, "Evidence removal for {ItemId} lost a race", link.ItemId);
            const string raced = "Someone changed this question at the same moment. Reload the page and try again.";
            return new EvidenceStored(link.ItemId, null, raced, await ReloadAsync(grant, sheet, cancellationToken), [new FieldError("Remove", raced)]);
        }
        if (deleteRecord) await deletion.DeleteStoredAsync(record.StorageKey);
        return new EvidenceStored(link.ItemId, record.FileName, null, await ReloadAsync(grant, sheet, cancellationToken));
    }

    /// <summary>Links <paramref name="record"/> to the question (replacing <paramref name="replaced"/> in a file question's answer), staged.</summary>
    private EvidenceFile Link(PortalGrant grant, AnswerSheet sheet, QuestionnaireItem item, EvidenceRecord record, Guid? replaced)
    {
        var now = Now;
        var link = EvidenceFile.Link(grant.Assessment.Id, item.Id, record, grant.UserId, now);
        db.EvidenceFiles.Add(link);
        if (item.Type == ItemType.File)
        {
            var files = sheet.ValueOf(item.Id)?.ListValue.ToList() ?? [];
            if (replaced is { } old) files.Remove(old.ToString());
            files.Add(link.Id.ToString());
            var json = AnswerJson.Serialize(AnswerValue.Files(files));
            if (sheet.Answers.TryGetValue(item.Id, out var answer)) answer.Change(json, grant.UserId, now);
            else db.AssessmentAnswers.Add(sheet.Answers[item.Id] = AssessmentAnswer.Create(grant.Assessment.Id, item.Id, json, grant.UserId, now));
        }
        grant.Assessment.RecordVendorActivity();
        return link;
    }

    private static void AddToSheet(AnswerSheet sheet, QuestionnaireItem item, EvidenceRecord record, EvidenceFile link)
    {
        sheet.Evidence.TryAdd(item.Id, []);
        sheet.Evidence[item.Id].Add(new SheetEvidence(link.Id, record.Id, record.FileName, record.Length, record.Kind, record.DocumentDate, record.ValidUntil,
            record.Issuer, record.Scope, record.Review, record.RejectionReason, false, false));
        sheet.Reevaluate();
    }

    /// <summary>What the vendor's details say about the upload: the kind, or why it cannot be taken (field <c>Kind</c>).</summary>
    private static (EvidenceKind? Kind, string? Error) KindOf(QuestionnaireItem item, string? key)
    {
        var accepted = item.Evidence?.Kinds ?? [];
        if (string.IsNullOrWhiteSpace(key))
        {
            if (accepted.IsDefaultOrEmpty) return (EvidenceKind.Other, null);
            if (accepted.Length == 1) return (accepted[0], null);
            return (null, "Choose what kind of document this is.");
        }
        if (EvidenceKinds.FromKey(key) is not { } kind) return (null, "Choose what kind of document this is.");
        if (!accepted.IsDefaultOrEmpty && !accepted.Contains(kind))
            return (null, "This question accepts only: " + string.Join(", ", accepted.Select(k => k.Label())) + ".");
        return (kind, null);
    }

    private async Task<(string? Name, string? Error, IReadOnlyList<FieldError> Errors)> TryStoreEvidenceAsync(PortalGrant grant, AnswerSheet sheet,
        QuestionnaireItem item, IFormFile? file, EvidenceDetails details, CancellationToken cancellationToken)
    {
        if (!grant.Assessment.VendorMayAnswer(item.Id)) return (null, AnswerWriter.LockedMessage(grant.Assessment), []);
        var errors = new List<FieldError>();
        var (kind, kindError) = KindOf(item, details.Kind);
        if (kindError is not null) errors.Add(new FieldError("Kind", kindError));
        errors.AddRange(EvidenceRecord.Check(details.DocumentDate, details.ValidUntil, details.Issuer, details.Scope, DateOnly.FromDateTime(Now.UtcDateTime))
            .Select(e => new FieldError(e.Field, e.Message)));
        Guid? replaced = null;
        if (details.Replaces is { } replaces)
        {
            replaced = sheet.Evidence.GetValueOrDefault(item.Id)?.FirstOrDefault(e => e.RecordId == replaces && e.Review == EvidenceReview.Rejected && !e.Replaced)?.LinkId;
            if (replaced is null) errors.Add(new FieldError("Replaces", "There is no rejected document of this question to replace."));
        }
        if (file is null) return (null, "Choose a file to upload.", errors);
        var max = EvidenceInspector.MaxBytes(configuration);
        var name = EvidenceInspector.SafeFileName(file.FileName);
        if (file.Length > max) return (null, $"The file is larger than {EvidenceInspector.Size(max)}.", errors);
        // Streamed (ADR-038): the request's buffered copy is inspected, hashed and handed to the store without being held in memory.
        await using var content = file.OpenReadStream();
        var (contentType, refusal) = EvidenceInspector.Inspect(name, content);
        if (refusal is not null) return (null, refusal, errors);
        if (errors.Count > 0) return (null, null, errors);

        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var sha256 = await EvidenceInspector.Sha256Async(content, cancellationToken);
        await storage.SaveAsync(key, content, cancellationToken);
        var saved = false;
        try
        {
            var now = Now;
            var record = EvidenceRecord.Create(grant.Assessment.VendorId, kind!.Value, name, contentType!, content.Length, sha256, key,
                details.DocumentDate!.Value, details.ValidUntil, details.Issuer, details.Scope, grant.UserId, byVendor: true, now, details.Replaces);
            db.EvidenceRecords.Add(record);
            var evidence = Link(grant, sheet, item, record, replaced);
            audit.Record(PortalAuditActions.EvidenceUploaded, nameof(EvidenceFile), evidence.Id,
                new { assessmentId = grant.Assessment.Id, itemId = item.Id, recordId = record.Id, fileName = name, length = content.Length, sha256,
                    kind = record.Kind.Key(), documentDate = record.DocumentDate, validUntil = record.ValidUntil, replaces = details.Replaces });
            await db.SaveChangesAsync(cancellationToken);
            saved = true;
            AddToSheet(sheet, item, record, evidence);
            return (name, null, []);
        }
        catch (DbUpdateException ex)
        {
            logger.LogInformation(ex, "Evidence upload for {ItemId} lost a race; the stored file is removed", item.Id);
            return (null, "Someone changed this question at the same moment. Reload the page and upload again.", []);
        }
        finally
        {
            // Nothing half-written: a file whose record was not saved is removed from storage.
            if (!saved) await storage.DeleteAsync(key, CancellationToken.None);
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

    /// <summary>
    /// An evidence file of an assessment the contact may answer, always audited; another assessment's file (or another tenant's) is not
    /// found. Inside the route's tenant only the owning assessment id is read before the access check.
    /// </summary>
    public async Task<Outcome<EvidenceDownload>> DownloadEvidenceAsync(Guid fileId, CancellationToken cancellationToken)
    {
        var assessmentId = await db.EvidenceFiles.Where(f => f.Id == fileId).Select(f => (Guid?)f.AssessmentId).SingleOrDefaultAsync(cancellationToken);
        if (assessmentId is null || await portal.OpenAssessmentAsync(assessmentId.Value, cancellationToken) is null)
            return Fail.NotFound("There is no such file.");
        var file = await db.EvidenceFiles.AsNoTracking().SingleOrDefaultAsync(f => f.Id == fileId && f.AssessmentId == assessmentId, cancellationToken);
        if (file is null || await storage.OpenReadAsync(file.StorageKey, cancellationToken) is not { } stream) return Fail.NotFound("There is no such file.");
        audit.Record(AuditActions.EvidenceDownloaded, nameof(EvidenceFile), file.Id,
            new { assessmentId = file.AssessmentId, itemId = file.ItemId, fileName = file.FileName, byVendor = true });
        await db.SaveChangesAsync(cancellationToken);
        return new EvidenceDownload(stream, file.ContentType, EvidenceInspector.SafeFileName(file.FileName));
    }

    /// <summary>
    /// The vendor answers a finding with a remediation plan and a target date (<see cref="AnswerFinding"/>), if it saw the finding's
    /// current <paramref name="version"/>; the finding's internal owner is e-mailed. Invalid names Plan and TargetOn (or the form);
    /// Conflict when the finding changed meanwhile.
    /// </summary>
    public async Task<Outcome<RemediationSent>> ProposeRemediationAsync(Guid assessmentId, Guid findingId, string? plan, DateOnly? targetOn, int version,
        CancellationToken cancellationToken)
    {
        if (await portal.OpenAssessmentAsync(assessmentId, cancellationToken) is not { } grant) return Fail.NotFound(NoSuchQuestionnaire);
        var finding = await db.ReviewFindings.SingleOrDefaultAsync(f => f.Id == findingId && f.AssessmentId == assessmentId
            && f.OwnerKind == FindingOwnerKind.Vendor, cancellationToken);
        if (finding is null || !await access.AllowsAsync(AnswerFinding.Requirement, finding)) return Fail.NotFound("There is no such finding.");

        var errors = new List<FieldError>();
        if (!finding.VendorMayAnswer) errors.Add(new FieldError("", $"This finding is {ReviewFinding.Describe(finding.Status)} and takes no remediation plan."));
        if (string.IsNullOrWhiteSpace(plan)) errors.Add(new FieldError("Plan", "Describe your remediation plan."));
        else if (plan.Length > ReviewFinding.TextMaxLength)
            errors.Add(new FieldError("Plan", string.Create(CultureInfo.InvariantCulture, $"Use at most {ReviewFinding.TextMaxLength} characters.")));
        if (targetOn is null) errors.Add(new FieldError("TargetOn", "Give the date the remediation will be done."));
        else if (!BusinessDates.InRange(targetOn.Value)) errors.Add(new FieldError("TargetOn", BusinessDates.OutOfRangeMessage("The target date")));
        else if (targetOn < DateOnly.FromDateTime(Now.UtcDateTime)) errors.Add(new FieldError("TargetOn", "The target date cannot be in the past."));
        if (errors.Count > 0) return Fail.Invalid(errors);
        if (finding.Version != version) return Fail.Conflict(ChangedMessage(finding));

        db.Entry(finding).Property(f => f.Version).OriginalValue = version;
        try
        {
            finding.ProposeRemediation(plan!, targetOn!.Value, grant.UserId, Now);
        }
        catch (DomainException e)
        {
            return Fail.Invalid("", e.Message);
        }
        var notified = await notifications.RemediationProposedAsync(grant.Membership.TenantId, grant.Membership.Slug, finding,
            grant.Membership.VendorName, grant.Assessment.Title, cancellationToken);
        audit.Record(AuditActions.FindingRemediationProposed, nameof(ReviewFinding), finding.Id, new
        {
            finding.AssessmentId, plan = finding.RemediationPlan, targetOn = finding.RemediationTargetOn, notified,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.ReviewFindings.AsNoTracking().SingleOrDefaultAsync(f => f.Id == findingId && f.AssessmentId == assessmentId
                && f.OwnerKind == FindingOwnerKind.Vendor, cancellationToken);
            return current is null ? Fail.NotFound("There is no such finding.") : Fail.Conflict(ChangedMessage(current));
        }
        if (notified is not null) outbox.NudgeDelivery();
        return new RemediationSent(finding.Title, grant.Membership.TenantName, grant.Membership.Slug);
    }

    private static string ChangedMessage(ReviewFinding current) =>
        $"\"{current.Title}\" changed while you were answering (it is now {ReviewFinding.Describe(current.Status)}). Your text is still in the form: check the finding and send it again.";

    /// <summary>
    /// The vendor reports an incident to the route's organisation through the contact's own membership <paramref name="membershipId"/>
    /// (another is not found), for AI systems of its own only (Invalid on <c>AiSystemIds</c>). The report's own fields are checked by
    /// the form. One save; the organisation is e-mailed.
    /// </summary>
    public async Task<Outcome<SentToOrganisation>> ReportIncidentAsync(Guid membershipId, Func<IReadOnlyCollection<Guid>, IncidentReport> report,
        IReadOnlyCollection<Guid> aiSystemIds, CancellationToken cancellationToken)
    {
        if (await portal.CurrentAsync(cancellationToken) is not { } membership || membership.MembershipId != membershipId
            || access.Tenant.UserId is not { } userId)
            return Fail.NotFound("There is no such organisation for you to report to.");
        var systems = await reporting.VendorSystemsAsync(membership.VendorId, aiSystemIds, cancellationToken);
        if (systems is null) return Fail.Invalid("AiSystemIds", OwnSystemsMessage);
        Incident incident;
        try
        {
            incident = await reporting.ReportAsync(membership.VendorId, report(systems), userId, byVendor: true, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DomainException e)
        {
            db.ChangeTracker.Clear();
            return Fail.Invalid("", e.Message);
        }
        outbox.NudgeDelivery();
        return new SentToOrganisation(incident.Title, membership.TenantName, membership.Slug);
    }

    public const string OwnSystemsMessage = "Choose among your own AI systems.";

    /// <summary>
    /// The vendor sends the evidence an obligation occurrence waits for (<see cref="SendObligationEvidence"/>): the file is stored and the
    /// occurrence met (the next one scheduled), audited, in one save. Another vendor's or organisation's occurrence is not found; a refused
    /// file is Invalid (the stored file is removed).
    /// </summary>
    public async Task<Outcome<SentToOrganisation>> SendObligationEvidenceAsync(Guid occurrenceId, IFormFile? file, CancellationToken cancellationToken)
    {
        const string notFound = "There is no such obligation waiting for your evidence.";
        if (await portal.CurrentAsync(cancellationToken) is not { } membership || access.Tenant.UserId is not { } userId) return Fail.NotFound(notFound);
        // Inside the route's tenant (the filters apply): only the contact's own vendor's occurrences that wait for its evidence.
        var obligation = await db.Set<ObligationOccurrence>().Where(o => o.Id == occurrenceId)
            .Join(db.Set<Obligation>(), o => o.ObligationId, ob => ob.Id, (o, ob) => ob)
            .AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (obligation is null || !await access.AllowsAsync(SendObligationEvidence.Requirement, obligation)) return Fail.NotFound(notFound);

        var upload = await ContractFileUpload.StoreAsync(file, storage, configuration, obligation.ContractId, occurrenceId, userId, true,
            clock.GetUtcNow(), cancellationToken);
        if (upload.File is not { } stored) return Fail.Invalid("", upload.Error ?? "Choose a file to upload.");
        var met = await new ObligationLifecycle(db, audit, clock).MeetAsync(occurrenceId, null, stored, userId, true, cancellationToken);
        if (!met.Found) return Fail.NotFound(notFound);
        if (!met.Succeeded)
        {
            await ContractFileUpload.DiscardAsync(storage, stored);
            return Fail.Invalid("", met.Error!);
        }
        return new SentToOrganisation(stored.FileName, membership.TenantName, membership.Slug);
    }
}
