using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Contracts;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Application.Contracts;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;

namespace VendorRisk.Web.Pages.Obligations;

/// <summary>
/// Adds an obligation to a contract from a catalogue entry (<c>?contractId=&amp;type=</c>, defaults from the entry) or
/// edits one (<c>/{id}</c>). The first due date is fixed once the obligation exists; its first occurrence is created
/// with it. Vendor managers and admins only.
/// </summary>
[Authorize(Policy = Policies.ManageVendors)]
public sealed class EditModel(AppDbContext db, AuditLog audit, TenantContext tenant, TimeProvider clock, ContractQueries contracts) : PageModel
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

    public sealed class ObligationInput
    {
        [Required(ErrorMessage = "Enter a title.")]
        [StringLength(Obligation.TitleMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string Title { get; set; } = "";
        [StringLength(Obligation.ClauseMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string? ClauseReference { get; set; }
        [Required(ErrorMessage = "Choose the obligation's owner.")]
        public Guid? OwnerUserId { get; set; }
        /// <summary>Bound as text so an unknown value gets our message, not the model binder's.</summary>
        [Required(ErrorMessage = RecurrenceText.Choices)]
        public string? Recurrence { get; set; }
        public DateOnly? FirstDueOn { get; set; }
        [StringLength(Obligation.ReminderPlanMaxLength, ErrorMessage = Obligation.ReminderPlanMessage)]
        public string? ReminderPlan { get; set; }
        public bool NeedsVendorEvidence { get; set; }
        public int? NotificationHours { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid? id, Guid? contractId, string? type, CancellationToken cancellationToken)
    {
        if (id is { } existing)
        {
            var obligation = await db.Set<Obligation>().AsNoTracking().SingleOrDefaultAsync(o => o.Id == existing, cancellationToken);
            if (obligation is null || !await LoadAsync(obligation.ContractId, obligation.TypeKey, cancellationToken)) return NotFound();
            Id = existing;
            Version = obligation.Version;
            OpenOccurrenceId = await db.Set<ObligationOccurrence>().Where(o => o.ObligationId == existing && o.Status == OccurrenceStatus.Open)
                .Select(o => (Guid?)o.Id).FirstOrDefaultAsync(cancellationToken);
            Input = new ObligationInput
            {
                Title = obligation.Title, ClauseReference = obligation.ClauseReference, OwnerUserId = obligation.OwnerUserId,
                Recurrence = obligation.Recurrence.ToString(), FirstDueOn = obligation.FirstDueOn,
                ReminderPlan = obligation.ReminderPlan.Replace(",", ", ", StringComparison.Ordinal),
                NeedsVendorEvidence = obligation.NeedsVendorEvidence, NotificationHours = obligation.NotificationHours,
            };
            return Page();
        }
        if (contractId is null || type is null || !await LoadAsync(contractId.Value, type, cancellationToken, forNew: true)) return NotFound();
        Input = new ObligationInput
        {
            Title = Type.Name, OwnerUserId = tenant.UserId, Recurrence = Type.DefaultRecurrence.ToString(),
            ReminderPlan = Obligation.DefaultReminderPlan, NeedsVendorEvidence = Type.NeedsVendorEvidence, NotificationHours = Type.DefaultHours,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, Guid? contractId, string? type, CancellationToken cancellationToken)
    {
        Obligation? obligation = null;
        if (id is { } existing)
        {
            obligation = await db.Set<Obligation>().SingleOrDefaultAsync(o => o.Id == existing, cancellationToken);
            if (obligation is null || !await LoadAsync(obligation.ContractId, obligation.TypeKey, cancellationToken)) return NotFound();
            Id = existing;
            Input.FirstDueOn = obligation.FirstDueOn;
        }
        else if (contractId is null || type is null || !await LoadAsync(contractId.Value, type, cancellationToken, forNew: true))
        {
            return NotFound();
        }

        var recurrence = default(Recurrence);
        if (Input.Recurrence is not null && !RecurrenceText.TryParse(Input.Recurrence, out recurrence))
            ModelState.AddModelError("Input.Recurrence", RecurrenceText.Choices);
        if (obligation is null && Input.FirstDueOn is null)
            ModelState.AddModelError("Input.FirstDueOn", "Enter the first due date.");
        if (Input.OwnerUserId is { } owner && Owners.All(o => o.Id != owner))
            ModelState.AddModelError("Input.OwnerUserId", "Choose an owner from this organisation.");
        if (!Type.HasHours)
            ModelState.Remove("Input.NotificationHours");
        else if (Input.NotificationHours is < 0)
            ModelState.AddModelError("Input.NotificationHours", Obligation.NegativeHoursMessage);
        else if (Input.NotificationHours is 0)
            ModelState.AddModelError("Input.NotificationHours", Obligation.ZeroHoursMessage);
        else if (Input.NotificationHours is > Obligation.MaxHours)
            ModelState.AddModelError("Input.NotificationHours", $"The notification period must be at most {Obligation.MaxHours} hours.");
        else if (Input.NotificationHours is null && ModelState.GetFieldValidationState("Input.NotificationHours") != Microsoft.AspNetCore.Mvc.ModelBinding.ModelValidationState.Invalid)
            ModelState.AddModelError("Input.NotificationHours", "Enter within how many hours the vendor must notify.");
        if (Obligation.NormalisePlan(Input.ReminderPlan) is null)
            ModelState.AddModelError("Input.ReminderPlan", Obligation.ReminderPlanMessage);
        if (!ModelState.IsValid) return Page();

        var terms = new ObligationTerms(Input.Title, Input.ClauseReference, Input.OwnerUserId!.Value, recurrence,
            Input.ReminderPlan ?? "", Input.NeedsVendorEvidence, Type.HasHours ? Input.NotificationHours : null);
        try
        {
            if (obligation is null)
            {
                var vendorId = await db.Set<Contract>().Where(c => c.Id == ContractId).Select(c => c.VendorId).SingleAsync(cancellationToken);
                obligation = Obligation.Create(ContractId, vendorId, Type.Key, Input.FirstDueOn!.Value, terms, clock.GetUtcNow());
                new ObligationLifecycle(db, audit, clock).Add(obligation);
            }
            else
            {
                var before = new { obligation.Title, obligation.ClauseReference, obligation.OwnerUserId, recurrence = obligation.Recurrence.ToString(),
                    obligation.ReminderPlan, obligation.NeedsVendorEvidence, obligation.NotificationHours };
                obligation.Update(terms);
                db.Entry(obligation).Property(o => o.Version).OriginalValue = Version;
                audit.Record(ObligationLifecycle.ActionUpdated, nameof(Obligation), obligation.Id, new
                {
                    before,
                    after = new { obligation.Title, obligation.ClauseReference, obligation.OwnerUserId, recurrence = obligation.Recurrence.ToString(),
                        obligation.ReminderPlan, obligation.NeedsVendorEvidence, obligation.NotificationHours },
                });
            }
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            Version = await db.Set<Obligation>().Where(o => o.Id == id).Select(o => o.Version).SingleAsync(cancellationToken);
            ModelState.Remove(nameof(Version));
            ModelState.AddModelError(string.Empty,
                "Someone else saved this obligation while you were editing. Your changes are still in the form: check them and save again.");
            return Page();
        }
        TempData["Status"] = id is null ? $"{obligation.Title} was added; it is first due on {obligation.FirstDueOn:yyyy-MM-dd}." : $"{obligation.Title} was saved.";
        return Redirect($"/t/{tenant.Slug}/contracts/details/{ContractId}#obligations-heading");
    }

    private async Task<bool> LoadAsync(Guid contractId, string typeKey, CancellationToken cancellationToken, bool forNew = false)
    {
        var contract = await db.Set<Contract>().Where(c => c.Id == contractId).Select(c => new { c.Id, c.Title }).SingleOrDefaultAsync(cancellationToken);
        if (contract is null) return false;
        var catalogue = await contracts.CatalogueAsync(includeRetired: !forNew, cancellationToken);
        if (catalogue.FirstOrDefault(t => t.Key == typeKey) is not { } type) return false;
        (ContractId, ContractTitle, Type) = (contract.Id, contract.Title, type);
        Owners = await contracts.OwnersAsync(cancellationToken);
        return true;
    }
}
