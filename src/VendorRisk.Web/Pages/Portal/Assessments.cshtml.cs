using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Application.Portal;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Portal;

/// <summary>
/// Answering one assessment as a vendor contact: sections and questions rendered on the server with the
/// engine's visibility, autosave per answer (JSON) with a per-section form as the no-script fallback, evidence
/// uploads, carried-over answers to confirm, submission, and the offline spreadsheet round trip.
/// Every handler first passes <see cref="PortalAccess.EnterAssessmentAsync"/>; a foreign id is a 404.
/// </summary>
[Authorize]
[EvidenceUploadSizeLimit]
public sealed class AssessmentsModel(AppDbContext db, TenantContext tenant, TimeProvider clock, AuditLog audit,
    IEvidenceStorage storage, IConfiguration configuration, ILogger<AssessmentsModel> logger) : PageModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record AutosaveRequest(string? ItemId, List<string>? Values, int? Version);

    public PortalGrant Grant { get; private set; } = null!;
    public AnswerSheet Sheet { get; private set; } = null!;
    public Dictionary<Guid, string> ContributorNames { get; private set; } = [];
    /// <summary>Required answers still missing after a submit attempt (item id, question, section id).</summary>
    public IReadOnlyList<(string ItemId, string Text, string Message)> Missing { get; private set; } = [];
    public IReadOnlyList<string> Conflicts { get; private set; } = [];
    public IReadOnlyList<WorkbookReport.Row> WorkbookRows { get; private set; } = [];
    public Dictionary<string, string> ItemErrors { get; } = new(StringComparer.Ordinal);
    public long MaxEvidenceBytes => EvidenceInspector.MaxBytes(configuration);

    public bool IsOpen => Grant.Assessment.Status is AssessmentStatus.Sent or AssessmentStatus.InProgress or AssessmentStatus.ClarificationRequested;

    private DateTimeOffset Now => clock.GetUtcNow();

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await new PortalAccess(db, tenant).EnterAssessmentAsync(User, id, cancellationToken) is not { } grant) return false;
        Grant = grant;
        Sheet = await AnswerSheet.LoadAsync(db, grant.Assessment, DateOnly.FromDateTime(Now.UtcDateTime), cancellationToken);
        return true;
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        var people = Sheet.Answers.Values.Select(a => a.UpdatedByUserId).OfType<Guid>().Distinct().ToList();
        ContributorNames = await db.Users.Where(u => people.Contains(u.Id))
            .Select(u => new { u.Id, Name = u.DisplayName != "" ? u.DisplayName : u.Email })
            .ToDictionaryAsync(u => u.Id, u => u.Name ?? "", cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        return await ShowAsync(cancellationToken);
    }

    /// <summary>Saves one answer; JSON (or form) body with itemId, values and the version the client started from.</summary>
    public async Task<IActionResult> OnPostAutosaveAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        AutosaveRequest? request;
        try
        {
            request = Request.HasJsonContentType()
                ? await Request.ReadFromJsonAsync<AutosaveRequest>(Json, cancellationToken)
                : Request.HasFormContentType ? FromForm(await Request.ReadFormAsync(cancellationToken)) : null;
        }
        catch (JsonException)
        {
            request = null;
        }
        if (request?.ItemId is not { Length: > 0 } itemId)
            return Problem400("The request names no question.");

        var writer = new AnswerWriter(db, Grant, Sheet, Now);
        var result = writer.Stage(itemId, request.Values ?? [], request.Version, onlyIfChanged: false, strict: false);
        switch (result.Outcome)
        {
            case SaveOutcome.Invalid:
                return Problem400(result.Message!);
            case SaveOutcome.Locked:
                return new JsonResult(new { locked = true, message = result.Message }) { StatusCode = StatusCodes.Status409Conflict };
            case SaveOutcome.Conflict:
                return await ConflictAsync(itemId, cancellationToken);
            case SaveOutcome.Saved when !await writer.CommitAsync(cancellationToken):
                return writer.LockedMeanwhile
                    ? new JsonResult(new { locked = true, message = AnswerWriter.LockedMessage(writer.Current!) }) { StatusCode = StatusCodes.Status409Conflict }
                    : await ConflictAsync(itemId, cancellationToken);
        }
        var answer = Sheet.Answers.GetValueOrDefault(itemId);
        var state = Sheet.Evaluation.Item(itemId);
        return new JsonResult(new
        {
            itemId,
            version = answer?.Version ?? 0,
            savedAt = answer?.UpdatedAt ?? Now,
            message = "Saved",
            errors = state.Errors.Where(e => e.Code != Domain.Questionnaires.Evaluation.AnswerErrorCode.Required).Select(e => e.Message).ToList(),
            state = Sheet.ClientState(),
        });
    }

    private static AutosaveRequest FromForm(IFormCollection form) => new(
        form["itemId"].ToString(),
        form["values"].Select(v => v ?? "").ToList(),
        int.TryParse(form["version"], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null);

    private static JsonResult Problem400(string message) => new(new { message }) { StatusCode = StatusCodes.Status400BadRequest };

    private async Task<IActionResult> ConflictAsync(string itemId, CancellationToken cancellationToken)
    {
        var other = await AnswerWriter.CurrentAsync(db, Sheet, Grant.Assessment.Id, itemId, cancellationToken);
        var at = other?.At.ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC";
        return new JsonResult(new
        {
            conflict = true,
            itemId,
            by = other?.By,
            value = other?.Display,
            values = other?.Values ?? [],
            at = other?.At,
            version = other?.Version ?? 0,
            message = other is null
                ? "This answer changed while you were editing it. Reload the page to see the latest answers."
                : $"{other.By} changed this to '{other.Display}' at {at}: keep theirs or overwrite.",
        }) { StatusCode = StatusCodes.Status409Conflict };
    }

    /// <summary>The no-script fallback: saves every changed answer of one section with the same conflict rule.</summary>
    public async Task<IActionResult> OnPostSectionAsync(Guid id, string? sectionId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var section = Sheet.Definition.AllSections().FirstOrDefault(s => s.Id == sectionId);
        if (section is null) return NotFound();
        var form = await Request.ReadFormAsync(cancellationToken);
        var writer = new AnswerWriter(db, Grant, Sheet, Now);
        var results = new List<SaveResult>();
        foreach (var item in section.Items.Where(i => i.IsAnswerable && i.Type != ItemType.File && Grant.Assessment.VendorMayAnswer(i.Id)))
        {
            if (!form.ContainsKey("v." + item.Id)) continue;
            var version = int.TryParse(form["v." + item.Id], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
            results.Add(writer.Stage(item.Id, form["q." + item.Id].Select(x => x ?? "").ToList(), version, onlyIfChanged: true, strict: false));
        }
        var conflicts = new List<string>();
        foreach (var conflict in results.Where(r => r.Outcome == SaveOutcome.Conflict))
        {
            var other = await AnswerWriter.CurrentAsync(db, Sheet, Grant.Assessment.Id, conflict.ItemId, cancellationToken);
            conflicts.Add($"{Sheet.Item(conflict.ItemId)?.Text}: {other?.By ?? "Someone"} changed this to '{other?.Display}' at {other?.At.ToString("HH:mm", CultureInfo.InvariantCulture)} UTC. Your answer was not saved; change it again to overwrite theirs.");
        }
        foreach (var invalid in results.Where(r => r.Outcome is SaveOutcome.Invalid or SaveOutcome.Locked))
            ItemErrors[invalid.ItemId] = invalid.Message ?? "Not saved.";
        var saved = results.Count(r => r.Outcome == SaveOutcome.Saved);
        if (saved > 0 && !await writer.CommitAsync(cancellationToken))
            conflicts.Add("Someone saved answers in this section at the same moment; nothing was saved. Check the answers and save again.");
        if (conflicts.Count > 0 || ItemErrors.Count > 0)
        {
            Conflicts = conflicts;
            db.ChangeTracker.Clear();
            return await ReloadAndShowAsync(id, cancellationToken);
        }
        TempData["Status"] = saved == 0 ? "Nothing to save: no answer changed." : $"Saved {saved} answer{(saved == 1 ? "" : "s")} in {section.Title}.";
        return Redirect($"/portal/assessments/{id}#section-{section.Id}");
    }

    private async Task<IActionResult> ReloadAndShowAsync(Guid id, CancellationToken cancellationToken)
    {
        Grant = Grant with { Assessment = await db.Assessments.SingleAsync(a => a.Id == id, cancellationToken) };
        Sheet = await AnswerSheet.LoadAsync(db, Grant.Assessment, Sheet.Today, cancellationToken);
        return await ShowAsync(cancellationToken);
    }

    /// <summary>Confirms a carried-over answer as still true.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(Guid id, string? itemId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        if (itemId is null || !Sheet.Answers.TryGetValue(itemId, out var answer) || !answer.CarriedOver) return NotFound();
        if (!Grant.Assessment.VendorMayAnswer(itemId))
        {
            ItemErrors[itemId] = AnswerWriter.LockedMessage(Grant.Assessment);
            return await ShowAsync(cancellationToken);
        }
        answer.Confirm(Grant.UserId, Now);
        Grant.Assessment.RecordVendorActivity();
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = "Answer confirmed.";
        return Redirect($"/portal/assessments/{id}#item-{itemId}");
    }

    /// <summary>Uploads one evidence file for a question (multipart: itemId, file).</summary>
    public async Task<IActionResult> OnPostUploadAsync(Guid id, string? itemId, IFormFile? file, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var item = itemId is null ? null : Sheet.Item(itemId);
        if (item is null || !item.IsAnswerable || (item.Type != ItemType.File && item.Evidence is not { Allowed: true })) return NotFound();
        var error = await TryStoreEvidenceAsync(item, file, cancellationToken);
        var wantsJson = Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);
        if (error is not null)
        {
            if (wantsJson) return Problem400(error);
            ItemErrors[item.Id] = error;
            db.ChangeTracker.Clear();
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await ReloadAndShowAsync(id, cancellationToken);
        }
        if (wantsJson) return new JsonResult(new { message = "Uploaded", state = Sheet.ClientState() });
        TempData["Status"] = $"Uploaded {EvidenceInspector.SafeFileName(file!.FileName)}.";
        return Redirect($"/portal/assessments/{id}#item-{item.Id}");
    }

    private async Task<string?> TryStoreEvidenceAsync(QuestionnaireItem item, IFormFile? file, CancellationToken cancellationToken)
    {
        if (!Grant.Assessment.VendorMayAnswer(item.Id)) return AnswerWriter.LockedMessage(Grant.Assessment);
        if (file is null) return "Choose a file to upload.";
        var max = MaxEvidenceBytes;
        var name = EvidenceInspector.SafeFileName(file.FileName);
        if (file.Length > max) return $"The file is larger than {EvidenceInspector.Size(max)}.";
        byte[] content;
        using (var buffer = new MemoryStream((int)Math.Min(file.Length, max)))
        {
            await file.CopyToAsync(buffer, cancellationToken);
            content = buffer.ToArray();
        }
        if (content.Length > max) return $"The file is larger than {EvidenceInspector.Size(max)}.";
        var (contentType, refusal) = EvidenceInspector.Inspect(name, content);
        if (refusal is not null) return refusal;

        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        await using (var stream = new MemoryStream(content, writable: false))
            await storage.SaveAsync(key, stream, cancellationToken);
        try
        {
            var evidence = EvidenceFile.Create(Grant.Assessment.Id, item.Id, name, contentType!, content.Length, sha256, key, Grant.UserId, Now);
            db.EvidenceFiles.Add(evidence);
            if (item.Type == ItemType.File)
            {
                var files = Sheet.ValueOf(item.Id)?.ListValue.ToList() ?? [];
                files.Add(evidence.Id.ToString());
                var json = AnswerJson.Serialize(AnswerValue.Files(files));
                if (Sheet.Answers.TryGetValue(item.Id, out var answer)) answer.Change(json, Grant.UserId, Now);
                else db.AssessmentAnswers.Add(Sheet.Answers[item.Id] = AssessmentAnswer.Create(Grant.Assessment.Id, item.Id, json, Grant.UserId, Now));
            }
            Grant.Assessment.RecordVendorActivity();
            audit.Record(PortalAuditActions.EvidenceUploaded, nameof(EvidenceFile), evidence.Id,
                new { assessmentId = Grant.Assessment.Id, itemId = item.Id, fileName = name, length = content.Length, sha256 });
            await db.SaveChangesAsync(cancellationToken);
            Sheet.Evidence.TryAdd(item.Id, []);
            Sheet.Evidence[item.Id].Add(evidence);
            Sheet.Reevaluate();
            return null;
        }
        catch (DbUpdateException ex)
        {
            logger.LogInformation(ex, "Evidence upload for {ItemId} lost a race; the stored file is removed", item.Id);
            await storage.DeleteAsync(key, CancellationToken.None);
            return "Someone changed this question at the same moment. Reload the page and upload again.";
        }
    }

    /// <summary>Validates every visible required answer with the engine and submits, or lists what is missing.</summary>
    public async Task<IActionResult> OnPostSubmitAsync(Guid id, [FromServices] SubmissionOperations submissions, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var submitted = await submissions.SubmitAsync(id, cancellationToken);
        switch (submitted.Status)
        {
            case Application.Common.OutcomeStatus.Ok:
                TempData["Status"] = submitted.Value!.Resubmission ? "Your answers were submitted again. Thank you." : "Your answers were submitted. Thank you.";
                return Redirect($"/portal/assessments/{id}");
            case Application.Common.OutcomeStatus.Invalid:
                Missing = submitted.Errors.Select(e => (e.Field, Sheet.Item(e.Field)?.Text ?? e.Field, e.Message)).ToList();
                return await ShowAsync(cancellationToken);
            case Application.Common.OutcomeStatus.Conflict:
                Conflicts = [submitted.Message!];
                if (!IsOpen) Response.StatusCode = StatusCodes.Status409Conflict;
                db.ChangeTracker.Clear();
                return await ReloadAndShowAsync(id, cancellationToken);
            default:
                return NotFound();
        }
    }

    /// <summary>The questionnaire as an XLSX workbook to fill in offline.</summary>
    public async Task<IActionResult> OnGetWorkbookAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        var bytes = WorkbookReport.Write(Sheet, Grant.Assessment);
        var name = EvidenceInspector.SafeFileName(Grant.Assessment.Title) + ".xlsx";
        return File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
    }

    /// <summary>Reads a filled-in workbook: valid answers are saved, others reported by row.</summary>
    public async Task<IActionResult> OnPostWorkbookAsync(Guid id, IFormFile? workbook, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        if (workbook is null || workbook.Length == 0)
        {
            ItemErrors["workbook"] = "Choose the filled-in workbook (.xlsx) to upload.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await ShowAsync(cancellationToken);
        }
        if (workbook.Length > MaxEvidenceBytes)
        {
            ItemErrors["workbook"] = $"The file is larger than {EvidenceInspector.Size(MaxEvidenceBytes)}.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await ShowAsync(cancellationToken);
        }
        using var buffer = new MemoryStream();
        await workbook.CopyToAsync(buffer, cancellationToken);
        buffer.Position = 0;
        var writer = new AnswerWriter(db, Grant, Sheet, Now);
        var (rows, error) = WorkbookReport.Read(buffer, Sheet, writer);
        if (error is not null)
        {
            ItemErrors["workbook"] = error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await ShowAsync(cancellationToken);
        }
        if (rows.Any(r => r.Outcome == SaveOutcome.Saved) && !await writer.CommitAsync(cancellationToken))
        {
            db.ChangeTracker.Clear();
            Conflicts = ["Someone saved answers at the same moment; nothing from the workbook was saved. Upload it again."];
            return await ReloadAndShowAsync(id, cancellationToken);
        }
        WorkbookRows = rows;
        return await ShowAsync(cancellationToken);
    }
}

/// <summary>Audit action names of the vendor portal; auditors filter by them, so they never change.</summary>
public static class PortalAuditActions
{
    public const string AssessmentSubmitted = SubmissionOperations.AssessmentSubmittedAction;
    public const string EvidenceUploaded = "assessment.evidence.uploaded";
}
