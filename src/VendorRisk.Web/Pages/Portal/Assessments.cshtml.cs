using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Portal;
using VendorRisk.Domain.Assessments;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Portal;

/// <summary>
/// Answering one assessment as a vendor contact: sections and questions rendered on the server with the
/// engine's visibility, autosave per answer (JSON) with a per-section form as the no-script fallback, evidence
/// uploads, carried-over answers to confirm, submission, and the offline spreadsheet round trip.
/// Every handler calls one query of <see cref="PortalQueries"/> or one operation of <see cref="PortalOperations"/>, which pass
/// <see cref="PortalQueries.OpenAssessmentAsync"/>; a foreign id is a 404.
/// </summary>
[Authorize]
[EvidenceUploadSizeLimit]
public sealed class AssessmentsModel(PortalQueries portal, PortalOperations operations, PortalNotesQueries notes, IConfiguration configuration,
    TimeProvider clock) : PageModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record AutosaveRequest(string? ItemId, List<string>? Values, int? Version, string? Reason = null);

    public PortalGrant Grant { get; private set; } = null!;
    public AnswerSheet Sheet { get; private set; } = null!;
    public IReadOnlyDictionary<Guid, string> ContributorNames { get; private set; } = new Dictionary<Guid, string>();
    /// <summary>Required answers still missing after a submit attempt (item id, question, section id).</summary>
    public IReadOnlyList<(string ItemId, string Text, string Message)> Missing { get; private set; } = [];
    public IReadOnlyList<string> Conflicts { get; private set; } = [];
    public IReadOnlyList<WorkbookReport.Row> WorkbookRows { get; private set; } = [];
    public Dictionary<string, string> ItemErrors { get; } = new(StringComparer.Ordinal);
    public long MaxEvidenceBytes => EvidenceInspector.MaxBytes(configuration);
    /// <summary>Reopened questions with the reviewers' words, comments shared with the vendor, and a reassessment's changes.</summary>
    public PortalNotes Notes { get; private set; } = PortalNotes.None;
    /// <summary>What a refused reply or confirmation said, shown at the top of the page.</summary>
    public string? Refusal { get; private set; }

    /// <summary>This page's address, in the assessment's tenant.</summary>
    public string PageUrl => $"/t/{Grant.Membership.Slug}/portal/assessments/{Grant.Assessment.Id}";

    public bool IsOpen => Grant.Assessment.Status is AssessmentStatus.Sent or AssessmentStatus.InProgress or AssessmentStatus.ClarificationRequested;

    private async Task<PageResult> ShowAsync(PortalSheet sheet)
    {
        (Grant, Sheet, ContributorNames) = (sheet.Grant, sheet.Sheet, sheet.ContributorNames);
        Notes = await notes.NotesAsync(sheet, HttpContext.RequestAborted);
        return Page();
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await portal.SheetAsync(id, cancellationToken) is { } sheet ? await ShowAsync(sheet) : NotFound();

    /// <summary>Saves one answer; JSON (or form) body with itemId, values and the version the client started from.</summary>
    public async Task<IActionResult> OnPostAutosaveAsync(Guid id, CancellationToken cancellationToken)
    {
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
        var saved = await operations.AutosaveAsync(id, request?.ItemId, request?.Values, request?.Version, cancellationToken, request?.Reason);
        if (saved.Status == OutcomeStatus.Invalid) return Problem400(saved.Message!);
        if (!saved.Succeeded) return NotFound();
        var (itemId, outcome, message, other, sheet) = saved.Value!;
        switch (outcome)
        {
            case SaveOutcome.Locked:
                return new JsonResult(new { locked = true, message }) { StatusCode = StatusCodes.Status409Conflict };
            case SaveOutcome.Conflict:
                return Conflict(itemId, other);
        }
        var answer = sheet.Answers.GetValueOrDefault(itemId);
        var state = sheet.Evaluation.Item(itemId);
        return new JsonResult(new
        {
            itemId,
            version = answer?.Version ?? 0,
            savedAt = answer?.UpdatedAt ?? clock.GetUtcNow(),
            message = "Saved",
            errors = state.Errors.Where(e => e.Code != Domain.Questionnaires.Evaluation.AnswerErrorCode.Required).Select(e => e.Message).ToList(),
            state = sheet.ClientState(),
        });
    }

    private static AutosaveRequest FromForm(IFormCollection form) => new(
        form["itemId"].ToString(),
        form["values"].Select(v => v ?? "").ToList(),
        int.TryParse(form["version"], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null,
        form["reason"].ToString());

    private static JsonResult Problem400(string message) => new(new { message }) { StatusCode = StatusCodes.Status400BadRequest };

    private static JsonResult Conflict(string itemId, OtherAnswer? other)
    {
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
        var form = await Request.ReadFormAsync(cancellationToken);
        var answers = new Dictionary<string, SectionAnswer>(StringComparer.Ordinal);
        foreach (var key in form.Keys.Where(k => k.StartsWith("v.", StringComparison.Ordinal)))
        {
            var itemId = key[2..];
            var version = int.TryParse(form[key], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
            answers[itemId] = new SectionAnswer(form["q." + itemId].Select(x => x ?? "").ToList(), version)
            {
                NotApplicableReason = form["na." + itemId].ToString(),
            };
        }
        var saved = await operations.SaveSectionAsync(id, sectionId, answers, cancellationToken);
        if (!saved.Succeeded) return NotFound();
        var result = saved.Value!;
        if (result.Refused)
        {
            Conflicts = result.Conflicts;
            foreach (var (itemId, error) in result.ItemErrors) ItemErrors[itemId] = error;
            return await ShowAsync(result.Sheet);
        }
        Grant = result.Sheet.Grant;
        TempData["Status"] = result.Saved == 0 ? "Nothing to save: no answer changed." : $"Saved {result.Saved} answer{(result.Saved == 1 ? "" : "s")} in {result.SectionTitle}.";
        return Redirect($"{PageUrl}#section-{result.SectionId}");
    }

    /// <summary>Confirms a carried-over answer as still true.</summary>
    public async Task<IActionResult> OnPostConfirmAsync(Guid id, string? itemId, CancellationToken cancellationToken)
    {
        var confirmed = await operations.ConfirmAsync(id, itemId, cancellationToken);
        if (!confirmed.Succeeded) return NotFound();
        var result = confirmed.Value!;
        if (result.Error is not null)
        {
            ItemErrors[result.ItemId] = result.Error;
            return await ShowAsync(result.Sheet);
        }
        Grant = result.Sheet.Grant;
        TempData["Status"] = "Answer confirmed.";
        return Redirect($"{PageUrl}#item-{result.ItemId}");
    }

    /// <summary>
    /// Confirms every carried-over answer to an unchanged question at once (of <paramref name="sectionId"/> when given): one POST, one
    /// transaction. A refusal is shown at the top of the page with a 4xx status.
    /// </summary>
    public async Task<IActionResult> OnPostConfirmAllAsync(Guid id, string? sectionId, [FromServices] CarryOverOperations carryOver,
        CancellationToken cancellationToken)
    {
        var confirmed = await carryOver.ConfirmAsync(id, sectionId, cancellationToken);
        if (confirmed.Status is OutcomeStatus.NotFound or OutcomeStatus.Forbidden) return NotFound();
        if (!confirmed.Succeeded) return await RefuseAsync(id, confirmed, cancellationToken);
        var result = confirmed.Value!;
        Grant = result.Sheet.Grant;
        TempData["Status"] = result.Message;
        return Redirect(sectionId is null ? PageUrl : $"{PageUrl}#section-{sectionId}");
    }

    /// <summary>Saves the vendor's reply to the reviewers at a reopened question (an empty reply removes it).</summary>
    public async Task<IActionResult> OnPostReplyAsync(Guid id, string? itemId, string? reply, [FromServices] ClarificationReplyOperations replies,
        CancellationToken cancellationToken)
    {
        var replied = await replies.ReplyAsync(id, itemId, reply, cancellationToken);
        if (replied.Status is OutcomeStatus.NotFound or OutcomeStatus.Forbidden) return NotFound();
        if (!replied.Succeeded) return await RefuseAsync(id, replied, cancellationToken);
        TempData["Status"] = replied.Value;
        if (await portal.SheetAsync(id, cancellationToken) is not { } sheet) return NotFound();
        Grant = sheet.Grant;
        return Redirect($"{PageUrl}#item-{itemId}");
    }

    /// <summary>Shows the page as the database holds it with the refusal's message (at the field it names, and at the top) and a 400 or 409.</summary>
    private async Task<IActionResult> RefuseAsync(Guid id, Outcome outcome, CancellationToken cancellationToken)
    {
        Response.StatusCode = outcome.Status == OutcomeStatus.Invalid ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
        Refusal = outcome.Status == OutcomeStatus.Invalid ? string.Join(" ", outcome.Errors.Select(e => e.Message)) : outcome.Message;
        foreach (var error in outcome.Errors.Where(e => e.Field.StartsWith("reply-", StringComparison.Ordinal)))
            ItemErrors[error.Field] = error.Message;
        if (Request.HasFormContentType && Request.Form["reply"] is { Count: > 0 } typed && Request.Form["itemId"].ToString() is { Length: > 0 } replyItem)
            ReplyDrafts[replyItem] = typed.ToString();
        return await portal.FreshSheetAsync(id, cancellationToken) is { } current ? await ShowAsync(current) : NotFound();
    }

    /// <summary>A refused reply's text, kept in its field.</summary>
    public Dictionary<string, string> ReplyDrafts { get; } = new(StringComparer.Ordinal);

    /// <summary>What the upload form says about the document (multipart fields beside the file).</summary>
    public sealed class EvidenceInput
    {
        public string? Kind { get; set; }
        public DateOnly? DocumentDate { get; set; }
        public DateOnly? ValidUntil { get; set; }
        public string? Issuer { get; set; }
        public string? Scope { get; set; }
        public Guid? Replaces { get; set; }

        public EvidenceDetails ToDetails() => new(Kind, DocumentDate, ValidUntil, Issuer, Scope, Replaces);
    }

    /// <summary>The item whose upload form was refused, what was entered, and the message for each field.</summary>
    public (string ItemId, EvidenceInput Input, IReadOnlyDictionary<string, string> Errors)? EvidenceForm { get; private set; }

    /// <summary>Uploads one evidence file for a question (multipart: itemId, file, and the document's details).</summary>
    public async Task<IActionResult> OnPostUploadAsync(Guid id, string? itemId, IFormFile? file, [FromForm(Name = "evidence")] EvidenceInput? evidence,
        CancellationToken cancellationToken)
    {
        evidence ??= new EvidenceInput();
        // A date the browser could not send as a date is refused beside its field, not taken as "none".
        var unreadable = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in new[] { nameof(EvidenceInput.DocumentDate), nameof(EvidenceInput.ValidUntil) })
        {
            if (ModelState[$"evidence.{field}"] is { Errors.Count: > 0 }) unreadable[field] = "Enter the date as year-month-day, e.g. 2026-03-31.";
        }
        var uploaded = await operations.UploadEvidenceAsync(id, itemId, file, evidence.ToDetails(), cancellationToken);
        return await StoredAsync(uploaded, evidence, unreadable, "Uploaded");
    }

    /// <summary>Links a document the vendor already uploaded to a question (form: itemId, recordId).</summary>
    public async Task<IActionResult> OnPostReuseAsync(Guid id, string? itemId, Guid? recordId, CancellationToken cancellationToken) =>
        await StoredAsync(await operations.ReuseEvidenceAsync(id, itemId, recordId, cancellationToken), new EvidenceInput(), new Dictionary<string, string>(), "Attached");

    /// <summary>Takes a document off a question the vendor may still answer (form: linkId), unless a reviewer accepted it.</summary>
    public async Task<IActionResult> OnPostRemoveEvidenceAsync(Guid id, Guid? linkId, CancellationToken cancellationToken) =>
        await StoredAsync(await operations.RemoveEvidenceAsync(id, linkId, cancellationToken), new EvidenceInput(), new Dictionary<string, string>(), "Removed");

    private async Task<IActionResult> StoredAsync(Outcome<EvidenceStored> stored, EvidenceInput input, Dictionary<string, string> unreadable, string verb)
    {
        if (!stored.Succeeded) return NotFound();
        var result = stored.Value!;
        var wantsJson = Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);
        if (result.Error is not null)
        {
            if (wantsJson) return Problem400(result.Error);
            ItemErrors[result.ItemId] = result.Error;
            var errors = (result.Errors ?? []).GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Message, StringComparer.Ordinal);
            foreach (var (field, message) in unreadable) errors[field] = message;
            EvidenceForm = (result.ItemId, input, errors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await ShowAsync(result.Sheet);
        }
        if (wantsJson) return new JsonResult(new { message = verb, state = result.Sheet.Sheet.ClientState() });
        Grant = result.Sheet.Grant;
        TempData["Status"] = $"{verb} {result.FileName}.";
        return Redirect($"{PageUrl}#item-{result.ItemId}");
    }

    /// <summary>Validates every visible required answer with the engine and submits, or lists what is missing.</summary>
    public async Task<IActionResult> OnPostSubmitAsync(Guid id, [FromServices] SubmissionOperations submissions, CancellationToken cancellationToken)
    {
        if (await portal.SheetAsync(id, cancellationToken) is not { } sheet) return NotFound();
        await ShowAsync(sheet);
        var submitted = await submissions.SubmitAsync(id, cancellationToken);
        switch (submitted.Status)
        {
            case OutcomeStatus.Ok:
                TempData["Status"] = submitted.Value!.Resubmission ? "Your answers were submitted again. Thank you." : "Your answers were submitted. Thank you.";
                return Redirect(PageUrl);
            case OutcomeStatus.Invalid:
                Missing = submitted.Errors.Select(e => (e.Field, Sheet.Item(e.Field)?.Text ?? e.Field, e.Message)).ToList();
                return Page();
            case OutcomeStatus.Conflict:
                Conflicts = [submitted.Message!];
                // As the refused submission left the questionnaire (submitted meanwhile, or no longer open): a 409.
                if (!IsOpen) Response.StatusCode = StatusCodes.Status409Conflict;
                return await portal.FreshSheetAsync(id, cancellationToken) is { } current ? await ShowAsync(current) : NotFound();
            default:
                return NotFound();
        }
    }

    /// <summary>The questionnaire as an XLSX workbook to fill in offline.</summary>
    public async Task<IActionResult> OnGetWorkbookAsync(Guid id, CancellationToken cancellationToken) =>
        await portal.WorkbookAsync(id, cancellationToken) is { } workbook ? File(workbook.Content, workbook.ContentType, workbook.FileName) : NotFound();

    /// <summary>Reads a filled-in workbook: valid answers are saved, others reported by row.</summary>
    public async Task<IActionResult> OnPostWorkbookAsync(Guid id, IFormFile? workbook, CancellationToken cancellationToken)
    {
        var imported = await operations.ImportWorkbookAsync(id, workbook, cancellationToken);
        if (!imported.Succeeded) return NotFound();
        var result = imported.Value!;
        if (result.Error is not null)
        {
            ItemErrors["workbook"] = result.Error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        Conflicts = result.Conflicts;
        WorkbookRows = result.Rows;
        return await ShowAsync(result.Sheet);
    }
}
