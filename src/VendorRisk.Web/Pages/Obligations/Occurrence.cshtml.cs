using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Contracts;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Application.Contracts;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Application.Common;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Obligations;

/// <summary>
/// One due date of an obligation: meet it with a note (handler Meet) or with evidence and an optional note (handler
/// Upload, multipart), or waive it with a reason (handler Waive). Closing schedules the next occurrence. Internal members
/// read; vendor managers, admins and the obligation's owner close.
/// </summary>
[EvidenceUploadSizeLimit]
public sealed class OccurrenceModel(AppDbContext db, TenantContext tenant, TimeProvider clock, AuditLog audit, IEvidenceStorage storage,
    IConfiguration configuration, Access access) : PageModel
{
    public sealed record View(Guid Id, Guid ObligationId, string Title, string? Clause, Guid ContractId, string ContractTitle, Guid VendorId,
        string VendorName, string? OwnerName, Guid OwnerUserId, Recurrence Recurrence, bool NeedsVendorEvidence, int? NotificationHours,
        int Sequence, int Version, DateOnly DueOn, OccurrenceStatus Status, DateTimeOffset? ClosedAt, string? ClosedBy, bool ClosedByVendor, string? Note,
        Guid? EvidenceFileId);

    public sealed record HistoryRow(Guid Id, int Sequence, DateOnly DueOn, OccurrenceStatus Status, DateTimeOffset? ClosedAt);

    public sealed record ReminderRow(string Step, int DueRevision, int Recipients, DateTimeOffset CreatedAt);

    public View Occurrence { get; private set; } = null!;
    public IReadOnlyList<HistoryRow> History { get; private set; } = [];
    public IReadOnlyList<ReminderRow> Reminders { get; private set; } = [];
    public string? EvidenceName { get; private set; }
    public bool CanClose { get; private set; }
    public string Slug => tenant.Slug!;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    [BindProperty] public MeetInput Meet { get; set; } = new();
    [BindProperty] public WaiveInput Waive { get; set; } = new();
    [BindProperty] public MoveInput Move { get; set; } = new();

    public sealed class MoveInput
    {
        [Required(ErrorMessage = "Enter the new due date.")]
        public DateOnly? DueOn { get; set; }

        [Required(ErrorMessage = ObligationOccurrence.MoveReasonMessage)]
        [StringLength(ObligationOccurrence.NoteMaxLength, MinimumLength = ObligationOccurrence.WaiverReasonMinLength,
            ErrorMessage = ObligationOccurrence.MoveReasonMessage)]
        public string Reason { get; set; } = "";

        /// <summary>The occurrence's version when the form was shown: a change in between is reported, not overwritten.</summary>
        public int? Version { get; set; }
    }

    public sealed class MeetInput
    {
        [StringLength(ObligationOccurrence.NoteMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string? Note { get; set; }
    }

    public sealed class WaiveInput
    {
        [Required(ErrorMessage = "Give the reason for the waiver.")]
        [StringLength(ObligationOccurrence.NoteMaxLength, MinimumLength = ObligationOccurrence.WaiverReasonMinLength,
            ErrorMessage = "Give the reason for the waiver in {2} to {1} characters.")]
        public string Reason { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostMeetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await DenyAsync(id, cancellationToken) is { } denied) return denied;
        Keep(nameof(Meet));
        if (string.IsNullOrWhiteSpace(Meet.Note) && ModelState.IsValid)
            ModelState.AddModelError("Meet.Note", "Write a note that says how the obligation was met, or upload evidence.");
        if (!ModelState.IsValid) return await ShowAsync(id, cancellationToken);
        var outcome = await new ObligationLifecycle(db, audit, clock).MeetAsync(id, Meet.Note, null, UserId, false, cancellationToken);
        return await AfterAsync(id, outcome, "Meet.Note", "met", cancellationToken);
    }

    public async Task<IActionResult> OnPostUploadAsync(Guid id, IFormFile? file, CancellationToken cancellationToken)
    {
        if (await DenyAsync(id, cancellationToken) is { } denied) return denied;
        Keep(nameof(Meet));
        if (!ModelState.IsValid) return await ShowAsync(id, cancellationToken);
        var contractId = await ContractOfAsync(id, cancellationToken);
        var upload = await ContractFileUpload.StoreAsync(file, storage, configuration, contractId, id, UserId, false, clock.GetUtcNow(), cancellationToken);
        if (upload.File is null)
        {
            ModelState.AddModelError(ContractFileUpload.FieldName, upload.Error!);
            return await ShowAsync(id, cancellationToken);
        }
        var outcome = await new ObligationLifecycle(db, audit, clock).MeetAsync(id, Meet.Note, upload.File, UserId, false, cancellationToken);
        if (!outcome.Succeeded) await ContractFileUpload.DiscardAsync(storage, upload.File);
        return await AfterAsync(id, outcome, ContractFileUpload.FieldName, "met", cancellationToken);
    }

    /// <summary>Corrects the due date of this open occurrence: fields Move.DueOn, Move.Reason, Move.Version.</summary>
    public async Task<IActionResult> OnPostMoveAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await DenyAsync(id, cancellationToken) is { } denied) return denied;
        Keep(nameof(Move));
        if (Move.DueOn is { } wanted && wanted < Today && ModelState.GetFieldValidationState("Move.DueOn") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
            ModelState.AddModelError("Move.DueOn", ObligationOccurrence.PastDueDateMessage);
        if (!ModelState.IsValid) return await ShowAsync(id, cancellationToken);
        var (found, error) = await new ObligationLifecycle(db, audit, clock).MoveDueDateAsync(id, Move.DueOn!.Value, Move.Reason, UserId, Move.Version,
            cancellationToken);
        if (!found) return NotFound();
        if (error is not null)
        {
            ModelState.AddModelError(error == ObligationOccurrence.MoveReasonMessage ? "Move.Reason" : "Move.DueOn", error);
            return await ShowAsync(id, cancellationToken);
        }
        TempData["Status"] = $"The due date was moved to {Move.DueOn:yyyy-MM-dd}; reminders follow the new date.";
        return Redirect($"/t/{tenant.Slug}/obligations/occurrence/{id}");
    }

    public async Task<IActionResult> OnPostWaiveAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await DenyAsync(id, cancellationToken) is { } denied) return denied;
        Keep(nameof(Waive));
        if (!ModelState.IsValid) return await ShowAsync(id, cancellationToken);
        var outcome = await new ObligationLifecycle(db, audit, clock).WaiveAsync(id, Waive.Reason, UserId, cancellationToken);
        return await AfterAsync(id, outcome, "Waive.Reason", "waived", cancellationToken);
    }

    private Guid UserId => tenant.UserId!.Value;

    private async Task<IActionResult> AfterAsync(Guid id, CloseOutcome outcome, string errorKey, string verb, CancellationToken cancellationToken)
    {
        if (!outcome.Found) return NotFound();
        if (outcome.Error is not null)
        {
            ModelState.AddModelError(errorKey, outcome.Error);
            return await ShowAsync(id, cancellationToken);
        }
        TempData["Status"] = outcome.Next is { } next
            ? $"The occurrence was {verb}. The next one is due on {next.DueOn:yyyy-MM-dd}."
            : $"The occurrence was {verb}. No further occurrence is due.";
        return Redirect($"/t/{tenant.Slug}/obligations/occurrence/{outcome.Next?.Id ?? id}");
    }

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken cancellationToken)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        if (!CanClose)
        {
            // The forms are gone (someone closed it meanwhile): their field messages go to the summary.
            foreach (var message in ModelState.Where(e => e.Key.Length > 0).SelectMany(e => e.Value!.Errors).Select(e => e.ErrorMessage).ToList())
                ModelState.AddModelError(string.Empty, message);
        }
        return Page();
    }

    /// <summary>404 for an occurrence this tenant does not have; 403 unless the user manages vendors or owns the obligation.</summary>
    private async Task<IActionResult?> DenyAsync(Guid id, CancellationToken cancellationToken)
    {
        var owner = await db.Set<ObligationOccurrence>().Where(o => o.Id == id)
            .Join(db.Set<Obligation>(), o => o.ObligationId, ob => ob.Id, (o, ob) => (Guid?)ob.OwnerUserId)
            .SingleOrDefaultAsync(cancellationToken);
        if (owner is null) return NotFound();
        return await MayCloseAsync(owner.Value) ? null : Forbid();
    }

    private async Task<bool> MayCloseAsync(Guid ownerUserId) =>
        await access.AllowsAsync(ContractOperations.Manage)
        || (tenant.UserId == ownerUserId && tenant.Roles != Domain.Tenancy.TenantRoles.Auditor);

    private Task<Guid> ContractOfAsync(Guid id, CancellationToken cancellationToken) =>
        db.Set<ObligationOccurrence>().Where(o => o.Id == id)
            .Join(db.Set<Obligation>(), o => o.ObligationId, ob => ob.Id, (o, ob) => ob.ContractId)
            .SingleAsync(cancellationToken);

    /// <summary>Only the submitted form is validated; the other forms on the page were not posted.</summary>
    private void Keep(string prefix)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(prefix + ".", StringComparison.Ordinal)).ToList())
            ModelState.Remove(key);
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var view = await (
                from o in db.Set<ObligationOccurrence>()
                where o.Id == id
                join ob in db.Set<Obligation>() on o.ObligationId equals ob.Id
                join c in db.Set<Contract>() on ob.ContractId equals c.Id
                join v in db.Vendors on c.VendorId equals v.Id
                select new View(o.Id, ob.Id, ob.Title, ob.ClauseReference, c.Id, c.Title, v.Id, v.LegalName,
                    db.Users.Where(u => u.Id == ob.OwnerUserId).Select(u => u.DisplayName).FirstOrDefault(), ob.OwnerUserId,
                    ob.Recurrence, ob.NeedsVendorEvidence, ob.NotificationHours, o.Sequence, o.Version, o.DueOn, o.Status, o.ClosedAt,
                    db.Users.Where(u => u.Id == o.ClosedByUserId).Select(u => u.DisplayName).FirstOrDefault(), o.ClosedByVendor, o.Note,
                    o.EvidenceFileId))
            .SingleOrDefaultAsync(cancellationToken);
        if (view is null) return false;
        Occurrence = view;
        History = await db.Set<ObligationOccurrence>().Where(o => o.ObligationId == view.ObligationId).OrderByDescending(o => o.Sequence)
            .Select(o => new HistoryRow(o.Id, o.Sequence, o.DueOn, o.Status, o.ClosedAt)).ToListAsync(cancellationToken);
        Reminders = await db.Set<ObligationReminder>().Where(r => r.OccurrenceId == id).OrderBy(r => r.CreatedAt)
            .Select(r => new ReminderRow(r.Step, r.DueRevision, r.Recipients, r.CreatedAt)).ToListAsync(cancellationToken);
        EvidenceName = view.EvidenceFileId is { } fileId
            ? await db.Set<ContractFile>().Where(f => f.Id == fileId).Select(f => f.FileName).SingleOrDefaultAsync(cancellationToken)
            : null;
        CanClose = view.Status == OccurrenceStatus.Open && await MayCloseAsync(view.OwnerUserId);
        return true;
    }
}
