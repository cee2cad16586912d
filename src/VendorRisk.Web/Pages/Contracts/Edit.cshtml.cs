using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Contracts;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Authorization;

namespace VendorRisk.Web.Pages.Contracts;

/// <summary>Creates a contract for a vendor (<c>?vendorId=</c>) or edits one (<c>/{id}</c>). Vendor managers and admins only.</summary>
[Authorize(Policy = Policies.ManageVendors)]
public sealed class EditModel(AppDbContext db, AuditLog audit, TenantContext tenant, TimeProvider clock) : PageModel
{
    public sealed record VendorOption(Guid Id, string Name);

    [BindProperty] public ContractInput Input { get; set; } = new();
    [BindProperty] public int Version { get; set; }
    public Guid? Id { get; private set; }
    public IReadOnlyList<ContractAccess.Person> Owners { get; private set; } = [];
    public IReadOnlyList<VendorOption> Vendors { get; private set; } = [];
    public string Slug => tenant.Slug!;

    public sealed class ContractInput
    {
        [Required(ErrorMessage = "Choose the vendor.")]
        public Guid? VendorId { get; set; }
        [Required(ErrorMessage = "Enter the contract's title.")]
        [StringLength(Contract.TitleMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string Title { get; set; } = "";
        [StringLength(Contract.ReferenceMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string? Reference { get; set; }
        [Required(ErrorMessage = "Enter the start date.")]
        public DateOnly? StartsOn { get; set; }
        public DateOnly? EndsOn { get; set; }
        [Range(1, Contract.MaxPeriod, ErrorMessage = "The renewal period must be between {1} and {2} months.")]
        public int? RenewalPeriodMonths { get; set; }
        [Range(0, Contract.MaxPeriod, ErrorMessage = "The notice period must be between {1} and {2} days.")]
        public int? NoticePeriodDays { get; set; }
        public decimal? Value { get; set; }
        [RegularExpression("^[A-Za-z]{3}$", ErrorMessage = "Use the three-letter currency code, such as EUR or USD.")]
        public string? Currency { get; set; }
        [Required(ErrorMessage = "Choose the contract's owner.")]
        public Guid? OwnerUserId { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid? id, Guid? vendorId, CancellationToken cancellationToken)
    {
        if (id is { } existing)
        {
            var contract = await db.Set<Contract>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == existing, cancellationToken);
            if (contract is null) return NotFound();
            Id = existing;
            Version = contract.Version;
            Input = new ContractInput
            {
                VendorId = contract.VendorId, Title = contract.Title, Reference = contract.Reference, StartsOn = contract.StartsOn,
                EndsOn = contract.EndsOn, RenewalPeriodMonths = contract.RenewalPeriodMonths, NoticePeriodDays = contract.NoticePeriodDays,
                Value = contract.Value, Currency = contract.Currency, OwnerUserId = contract.OwnerUserId,
            };
        }
        else
        {
            if (vendorId is { } v && !await db.Vendors.AnyAsync(x => x.Id == v, cancellationToken)) return NotFound();
            Input = new ContractInput
            {
                VendorId = vendorId, StartsOn = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), OwnerUserId = ContractAccess.UserIdOf(User),
            };
        }
        await LoadListsAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid? id, CancellationToken cancellationToken)
    {
        Contract? contract = null;
        if (id is { } existing)
        {
            contract = await db.Set<Contract>().SingleOrDefaultAsync(c => c.Id == existing, cancellationToken);
            if (contract is null) return NotFound();
            Id = existing;
            // The vendor of a contract never changes.
            Input.VendorId = contract.VendorId;
            ModelState.Remove("Input.VendorId");
        }
        await LoadListsAsync(cancellationToken);
        if (Input.VendorId is { } vendorId && contract is null && Vendors.All(v => v.Id != vendorId))
            ModelState.AddModelError("Input.VendorId", "Choose a vendor of this organisation.");
        if (Input.OwnerUserId is { } owner && Owners.All(o => o.Id != owner))
            ModelState.AddModelError("Input.OwnerUserId", "Choose an owner from this organisation.");
        if (Input.StartsOn is { } start && Input.EndsOn is { } end && end <= start)
            ModelState.AddModelError("Input.EndsOn", "The end date must be after the start date.");
        if (Input.Value is < 0)
            ModelState.AddModelError("Input.Value", "The value cannot be negative.");
        else if (Input.Value is > Contract.MaxValue)
            ModelState.AddModelError("Input.Value", "The value is too large.");
        if (Input.Value is not null && string.IsNullOrWhiteSpace(Input.Currency))
            ModelState.AddModelError("Input.Currency", "Give the currency of the value.");
        if (Input.Value is null && !string.IsNullOrWhiteSpace(Input.Currency))
            ModelState.AddModelError("Input.Value", "Give the value in this currency, or leave the currency empty.");
        if (!ModelState.IsValid) return Page();

        var terms = new ContractTerms(Input.Title, Input.Reference, Input.StartsOn!.Value, Input.EndsOn, Input.RenewalPeriodMonths,
            Input.NoticePeriodDays, Input.Value, Input.Currency);
        try
        {
            if (contract is null)
            {
                contract = Contract.Create(Input.VendorId!.Value, terms, Input.OwnerUserId!.Value, clock.GetUtcNow());
                db.Set<Contract>().Add(contract);
                audit.Record(ContractAccess.ActionContractCreated, nameof(Contract), contract.Id, Snapshot(contract));
            }
            else
            {
                var before = Snapshot(contract);
                contract.Update(terms, Input.OwnerUserId!.Value);
                db.Entry(contract).Property(c => c.Version).OriginalValue = Version;
                audit.Record(ContractAccess.ActionContractUpdated, nameof(Contract), contract.Id, new { before, after = Snapshot(contract) });
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
            Version = await db.Set<Contract>().Where(c => c.Id == id).Select(c => c.Version).SingleAsync(cancellationToken);
            ModelState.Remove(nameof(Version));
            ModelState.AddModelError(string.Empty,
                "Someone else saved this contract while you were editing. Your changes are still in the form: check them and save again.");
            return Page();
        }
        TempData["Status"] = id is null ? "The contract was created." : "The contract was saved.";
        return Redirect($"/t/{tenant.Slug}/contracts/details/{contract.Id}");
    }

    private static object Snapshot(Contract c) => new
    {
        c.VendorId, c.Title, c.Reference, c.StartsOn, c.EndsOn, c.RenewalPeriodMonths, c.NoticePeriodDays, c.Value, c.Currency, c.OwnerUserId,
    };

    private async Task LoadListsAsync(CancellationToken cancellationToken)
    {
        Owners = await ContractAccess.OwnersAsync(db, cancellationToken);
        Vendors = await db.Vendors.OrderBy(v => v.LegalName).Select(v => new VendorOption(v.Id, v.LegalName)).ToListAsync(cancellationToken);
    }
}
