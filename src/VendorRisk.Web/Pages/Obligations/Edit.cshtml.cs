using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Contracts;
using VendorRisk.Domain.Contracts;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Obligations;

/// <summary>
/// Adds an obligation to a contract from a catalogue entry (<c>?contractId=&amp;type=</c>, defaults from the entry) or
/// edits one (<c>/{id}</c>). The first due date is fixed once the obligation exists; its first occurrence is created
/// with it. Vendor managers and admins only.
/// </summary>
[Authorize(Policy = Policies.ManageVendors)]
public sealed class EditModel(ObligationOperations operations, ObligationQueries obligations, TenantContext tenant) : PageModel
{
    [BindProperty] public ObligationInput Input { get; set; } = new();
    [BindProperty] public int Version { get; set; }
    public Guid? Id { get; private set; }
    /// <summary>The obligation's open occurrence, whose due date can be corrected on its page.</summary>
    public Guid? OpenOccurrenceId { get; private set; }
    public Guid ContractId { get; private set; }
    public string ContractTitle { get; private set; } = "";
    public ObligationTemplate Type { get; private set; } = null!;
    public IReadOnlyList<MemberChoice> Owners { get; private set; } = [];
    public string Slug => tenant.Slug!;

    /// <summary>The form's fields; the rules live in <see cref="ObligationOperations"/>.</summary>
    public sealed class ObligationInput
    {
        public string Title { get; set; } = "";
        public string? ClauseReference { get; set; }
        public Guid? OwnerUserId { get; set; }
        /// <summary>Bound as text so an unknown value gets our message, not the model binder's.</summary>
        public string? Recurrence { get; set; }
        public DateOnly? FirstDueOn { get; set; }
        public string? ReminderPlan { get; set; }
        public bool NeedsVendorEvidence { get; set; }
        public int? NotificationHours { get; set; }

        public ObligationDetails ToDetails() =>
            new(Title, ClauseReference, OwnerUserId, Recurrence, FirstDueOn, ReminderPlan, NeedsVendorEvidence, NotificationHours);

        public static ObligationInput From(ObligationDetails d) => new()
        {
            Title = d.Title ?? "", ClauseReference = d.ClauseReference, OwnerUserId = d.OwnerUserId, Recurrence = d.Recurrence,
            FirstDueOn = d.FirstDueOn, ReminderPlan = d.ReminderPlan, NeedsVendorEvidence = d.NeedsVendorEvidence, NotificationHours = d.NotificationHours,
        };
    }

    public async Task<IActionResult> OnGetAsync(Guid? id, Guid? contractId, string? type, CancellationToken cancellationToken)
    {
        if (id is { } existing)
        {
            var form = await obligations.EditFormAsync(existing, cancellationToken);
            if (!form.Succeeded) return this.Failure(form) ?? NotFound();
            Show(form.Value!);
            Version = form.Value!.Version;
            Input = ObligationInput.From(form.Value.Details!);
            return Page();
        }
        if (contractId is null || type is null) return NotFound();
        var blank = await obligations.NewFormAsync(contractId.Value, type, cancellationToken);
        if (!blank.Succeeded) return this.Failure(blank) ?? NotFound();
        Show(blank.Value!);
        Input = new ObligationInput
        {
            Title = Type.Name, OwnerUserId = tenant.UserId, Recurrence = Type.DefaultRecurrence.ToString(),
            ReminderPlan = Obligation.DefaultReminderPlan, NeedsVendorEvidence = Type.NeedsVendorEvidence, NotificationHours = Type.DefaultHours,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, Guid? contractId, string? type, CancellationToken cancellationToken)
    {
        var form = id is { } existing ? await obligations.EditFormAsync(existing, cancellationToken)
            : contractId is null || type is null ? null
            : await obligations.NewFormAsync(contractId.Value, type, cancellationToken);
        if (form is null) return NotFound();
        if (!form.Succeeded) return this.Failure(form) ?? NotFound();
        Show(form.Value!);
        if (id is not null) Input.FirstDueOn = form.Value!.Details!.FirstDueOn;
        // Input the browser could not bind (a malformed number or date) is refused before any rule is checked; hours only count
        // for a type that has them.
        if (!Type.HasHours) ModelState.Remove("Input.NotificationHours");
        if (!ModelState.IsValid) return Page();

        var saved = id is { } edited
            ? await operations.UpdateAsync(edited, Input.ToDetails(), Version, cancellationToken)
            : await operations.CreateAsync(contractId!.Value, type!, Input.ToDetails(), cancellationToken);
        if (saved.Succeeded)
        {
            TempData["Status"] = id is null
                ? $"{saved.Value!.Title} was added; it is first due on {saved.Value.FirstDueOn:yyyy-MM-dd}."
                : $"{saved.Value!.Title} was saved.";
            return Redirect($"/t/{tenant.Slug}/contracts/details/{saved.Value.ContractId}#obligations-heading");
        }
        if (saved.Status == OutcomeStatus.Conflict && id is { } stale && (await obligations.EditFormAsync(stale, cancellationToken)).Value is { } now)
        {
            Version = now.Version;
            ModelState.Remove(nameof(Version));
            ModelState.AddModelError(string.Empty, saved.Message!);
            return Page();
        }
        return this.Failure(saved) ?? Page();
    }

    private void Show(ObligationFormDto form)
    {
        (Id, ContractId, ContractTitle, Type, Owners) = (form.Id, form.ContractId, form.ContractTitle, form.Type, form.Owners);
        OpenOccurrenceId = form.OpenOccurrenceId;
    }
}
