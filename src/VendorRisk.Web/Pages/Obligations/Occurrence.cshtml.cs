using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Contracts;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Obligations;

/// <summary>
/// One due date of an obligation: meet it with a note (handler Meet) or with evidence and an optional note (handler
/// Upload, multipart), or waive it with a reason (handler Waive). Closing schedules the next occurrence. Internal members
/// read; vendor managers, admins and the obligation's owner close.
/// </summary>
[EvidenceUploadSizeLimit]
public sealed class OccurrenceModel(ObligationOperations operations, ObligationQueries obligations, TenantContext tenant, TimeProvider clock) : PageModel
{
    public OccurrenceViewDto Occurrence { get; private set; } = null!;
    public IReadOnlyList<OccurrenceHistoryDto> History { get; private set; } = [];
    public IReadOnlyList<OccurrenceReminderDto> Reminders { get; private set; } = [];
    public string? EvidenceName { get; private set; }
    public bool CanClose { get; private set; }
    public string Slug => tenant.Slug!;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    [BindProperty] public MeetInput Meet { get; set; } = new();
    [BindProperty] public WaiveInput Waive { get; set; } = new();
    [BindProperty] public MoveInput Move { get; set; } = new();

    public sealed class MoveInput
    {
        public DateOnly? DueOn { get; set; }
        public string Reason { get; set; } = "";
        /// <summary>The occurrence's version when the form was shown: a change in between is reported, not overwritten.</summary>
        public int? Version { get; set; }
    }

    public sealed class MeetInput
    {
        public string? Note { get; set; }
    }

    public sealed class WaiveInput
    {
        public string Reason { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostMeetAsync(Guid id, CancellationToken cancellationToken)
    {
        Keep(nameof(Meet));
        if (!ModelState.IsValid) return await ShowAsync(id, cancellationToken);
        return await AfterAsync(id, await operations.MeetAsync(id, Meet.Note, cancellationToken), nameof(Meet), "met", cancellationToken);
    }

    public async Task<IActionResult> OnPostUploadAsync(Guid id, IFormFile? file, CancellationToken cancellationToken)
    {
        Keep(nameof(Meet));
        if (!ModelState.IsValid) return await ShowAsync(id, cancellationToken);
        return await AfterAsync(id, await operations.MeetWithEvidenceAsync(id, Meet.Note, file, cancellationToken), nameof(Meet), "met", cancellationToken);
    }

    /// <summary>Corrects the due date of this open occurrence: fields Move.DueOn, Move.Reason, Move.Version.</summary>
    public async Task<IActionResult> OnPostMoveAsync(Guid id, CancellationToken cancellationToken)
    {
        Keep(nameof(Move));
        if (!ModelState.IsValid) return await ShowAsync(id, cancellationToken);
        var moved = await operations.MoveDueDateAsync(id, Move.DueOn, Move.Reason, Move.Version, cancellationToken);
        if (!moved.Succeeded) return this.Failure(moved, nameof(Move)) ?? await ShowAsync(id, cancellationToken);
        TempData["Status"] = $"The due date was moved to {Move.DueOn:yyyy-MM-dd}; reminders follow the new date.";
        return Redirect($"/t/{tenant.Slug}/obligations/occurrence/{id}");
    }

    public async Task<IActionResult> OnPostWaiveAsync(Guid id, CancellationToken cancellationToken)
    {
        Keep(nameof(Waive));
        if (!ModelState.IsValid) return await ShowAsync(id, cancellationToken);
        return await AfterAsync(id, await operations.WaiveAsync(id, Waive.Reason, cancellationToken), nameof(Waive), "waived", cancellationToken);
    }

    private async Task<IActionResult> AfterAsync(Guid id, Outcome<ClosedOccurrence> closed, string prefix, string verb, CancellationToken cancellationToken)
    {
        if (!closed.Succeeded)
        {
            // The upload field is bound on its own (name "file"), not under the form's prefix.
            var failure = closed.Errors.Any(e => e.Field == ContractFileUpload.FieldName) ? this.Failure(closed, "") : this.Failure(closed, prefix);
            return failure ?? await ShowAsync(id, cancellationToken);
        }
        TempData["Status"] = closed.Value!.Next is { } next
            ? $"The occurrence was {verb}. The next one is due on {next.DueOn:yyyy-MM-dd}."
            : $"The occurrence was {verb}. No further occurrence is due.";
        return Redirect($"/t/{tenant.Slug}/obligations/occurrence/{closed.Value.Next?.Id ?? id}");
    }

    private async Task<IActionResult> ShowAsync(Guid id, CancellationToken cancellationToken)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        if (await LoadAsync(id, cancellationToken) is { } failed) return failed;
        if (!CanClose)
        {
            // The forms are gone (someone closed it meanwhile): their field messages go to the summary.
            foreach (var message in ModelState.Where(e => e.Key.Length > 0).SelectMany(e => e.Value!.Errors).Select(e => e.ErrorMessage).ToList())
                ModelState.AddModelError(string.Empty, message);
        }
        return Page();
    }

    /// <summary>Only the submitted form is validated; the other forms on the page were not posted.</summary>
    private void Keep(string prefix)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(prefix + ".", StringComparison.Ordinal)).ToList())
            ModelState.Remove(key);
    }

    /// <summary>Null when loaded; otherwise the result to answer.</summary>
    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var details = await obligations.OccurrenceAsync(id, cancellationToken);
        if (!details.Succeeded) return this.Failure(details) ?? NotFound();
        (Occurrence, History, Reminders, EvidenceName, CanClose) =
            (details.Value!.Occurrence, details.Value.History, details.Value.Reminders, details.Value.EvidenceName, details.Value.CanClose);
        return null;
    }
}
