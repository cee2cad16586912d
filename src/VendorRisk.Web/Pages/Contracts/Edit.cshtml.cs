using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Contracts;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Contracts;

/// <summary>Creates a contract for a vendor (<c>?vendorId=</c>) or edits one (<c>/{id}</c>). Vendor managers and admins only.</summary>
[Authorize(Policy = Policies.ManageVendors)]
public sealed class EditModel(ContractOperations operations, ContractQueries contracts, TenantContext tenant, TimeProvider clock) : PageModel
{
    [BindProperty] public ContractInput Input { get; set; } = new();
    [BindProperty] public int Version { get; set; }
    public Guid? Id { get; private set; }
    public IReadOnlyList<MemberChoice> Owners { get; private set; } = [];
    public IReadOnlyList<VendorChoice> Vendors { get; private set; } = [];
    public string Slug => tenant.Slug!;

    /// <summary>The form's fields; the rules live in <see cref="ContractOperations"/>.</summary>
    public sealed class ContractInput
    {
        public Guid? VendorId { get; set; }
        public string Title { get; set; } = "";
        public string? Reference { get; set; }
        public DateOnly? StartsOn { get; set; }
        public DateOnly? EndsOn { get; set; }
        public int? RenewalPeriodMonths { get; set; }
        public int? NoticePeriodDays { get; set; }
        public decimal? Value { get; set; }
        public string? Currency { get; set; }
        public Guid? OwnerUserId { get; set; }

        public static ContractInput From(ContractDetails d) => new()
        {
            VendorId = d.VendorId, Title = d.Title ?? "", Reference = d.Reference, StartsOn = d.StartsOn, EndsOn = d.EndsOn,
            RenewalPeriodMonths = d.RenewalPeriodMonths, NoticePeriodDays = d.NoticePeriodDays, Value = d.Value, Currency = d.Currency,
            OwnerUserId = d.OwnerUserId,
        };

        public ContractDetails ToDetails() =>
            new(VendorId, Title, Reference, StartsOn, EndsOn, RenewalPeriodMonths, NoticePeriodDays, Value, Currency, OwnerUserId);
    }

    public async Task<IActionResult> OnGetAsync(Guid? id, Guid? vendorId, CancellationToken cancellationToken)
    {
        if (id is { } existing)
        {
            var contract = await contracts.FindForEditAsync(existing, cancellationToken);
            if (!contract.Succeeded) return this.Failure(contract) ?? NotFound();
            (Id, Version, Input) = (existing, contract.Value!.Version, ContractInput.From(contract.Value.Details));
        }
        else
        {
            if (vendorId is { } v && await contracts.VendorExistsAsync(v, cancellationToken) is { Succeeded: false } missing)
                return this.Failure(missing) ?? NotFound();
            Input = new ContractInput { VendorId = vendorId, StartsOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), OwnerUserId = tenant.UserId };
        }
        await LoadListsAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken cancellationToken)
    {
        Id = id;
        // Input the browser could not bind (a malformed date or number) is refused before any rule is checked.
        var saved = !ModelState.IsValid ? null
            : id is { } existing ? await operations.UpdateAsync(existing, Input.ToDetails(), Version, cancellationToken)
            : await operations.CreateAsync(Input.ToDetails(), cancellationToken);
        if (saved is { Succeeded: true })
        {
            TempData["Status"] = id is null ? "The contract was created." : "The contract was saved.";
            return Redirect($"/t/{tenant.Slug}/contracts/details/{id ?? ((Outcome<Guid>)saved).Value}");
        }
        if (saved is { Status: OutcomeStatus.Conflict } && id is { } current && (await contracts.FindForEditAsync(current, cancellationToken)).Value is { } now)
        {
            // The person's changes stay in the form; the version moves on so that saving again overwrites knowingly.
            Version = now.Version;
            ModelState.Remove(nameof(Version));
            ModelState.AddModelError(string.Empty, saved.Message!);
        }
        else if (saved is not null && this.Failure(saved) is { } result)
        {
            return result;
        }
        if (id is { } edited)
        {
            // The vendor of a contract never changes: the form shows the contract's own.
            var shown = await contracts.FindForEditAsync(edited, cancellationToken);
            if (!shown.Succeeded) return this.Failure(shown) ?? NotFound();
            Input.VendorId = shown.Value!.Details.VendorId;
        }
        await LoadListsAsync(cancellationToken);
        return Page();
    }

    private async Task LoadListsAsync(CancellationToken cancellationToken)
    {
        var choices = await contracts.FormChoicesAsync(cancellationToken);
        (Vendors, Owners) = (choices.Vendors, choices.Owners);
    }
}
