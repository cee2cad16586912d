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
using VendorRisk.Application.Common;
using VendorRisk.Application.Contracts;

namespace VendorRisk.Web.Pages.Obligations;

/// <summary>
/// The obligation catalogue: the shipped AI-specific entries (read-only) and the tenant's own types, which vendor
/// managers and admins add, rename, retire and restore. Every change is audited.
/// </summary>
public sealed class CatalogueModel(AppDbContext db, TenantContext tenant, TimeProvider clock, AuditLog audit, Access access) : PageModel
{
    public const string ActionTypeCreated = "obligation-type.created";
    public const string ActionTypeUpdated = "obligation-type.updated";
    public const string ActionTypeRetired = "obligation-type.retired";
    public const string ActionTypeRestored = "obligation-type.restored";

    public sealed record OwnRow(Guid Id, string Name, string? Description, Recurrence DefaultRecurrence, bool NeedsVendorEvidence, bool HasHours,
        bool IsRetired, int Version, int InUse);

    public IReadOnlyList<ObligationTemplate> Shipped => ShippedObligationTypes.All;
    public IReadOnlyList<OwnRow> Own { get; private set; } = [];
    public bool CanManage { get; private set; }
    public string Slug => tenant.Slug!;
    /// <summary>The type being edited (<c>?edit=</c>), if any.</summary>
    public Guid? Editing { get; private set; }

    [BindProperty] public TypeInput Input { get; set; } = new();

    public sealed class TypeInput
    {
        [Required(ErrorMessage = "Enter a name.")]
        [StringLength(ObligationType.NameMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string Name { get; set; } = "";
        [StringLength(ObligationType.DescriptionMaxLength, ErrorMessage = "Use at most {1} characters.")]
        public string? Description { get; set; }
        [Required(ErrorMessage = RecurrenceText.Choices)]
        public string? DefaultRecurrence { get; set; } = nameof(Recurrence.Yearly);
        public bool NeedsVendorEvidence { get; set; }
        public bool HasHours { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid? edit, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (edit is { } id)
        {
            if (!CanManage) return Forbid();
            if (Own.FirstOrDefault(t => t.Id == id) is not { } row) return NotFound();
            Editing = id;
            Input = new TypeInput
            {
                Name = row.Name, Description = row.Description, DefaultRecurrence = row.DefaultRecurrence.ToString(),
                NeedsVendorEvidence = row.NeedsVendorEvidence, HasHours = row.HasHours, Version = row.Version,
            };
        }
        return Page();
    }

    /// <summary>Adds a type (no id) or saves an edited one (<c>?id=</c>).</summary>
    public async Task<IActionResult> OnPostSaveAsync(Guid? id, CancellationToken cancellationToken)
    {
        if (!await access.AllowsAsync(ContractOperations.Manage)) return Forbid();
        ObligationType? type = null;
        if (id is { } existing)
        {
            type = await db.Set<ObligationType>().SingleOrDefaultAsync(t => t.Id == existing, cancellationToken);
            if (type is null) return NotFound();
            Editing = existing;
        }
        var recurrence = default(Recurrence);
        if (Input.DefaultRecurrence is not null && !RecurrenceText.TryParse(Input.DefaultRecurrence, out recurrence))
            ModelState.AddModelError("Input.DefaultRecurrence", RecurrenceText.Choices);
        if (ModelState.IsValid && await db.Set<ObligationType>().AnyAsync(t => t.Id != id && t.Name == Input.Name.Trim(), cancellationToken))
            ModelState.AddModelError("Input.Name", "Another type of this organisation has this name.");
        if (ModelState.IsValid && ShippedObligationTypes.All.Any(t => string.Equals(t.Name, Input.Name.Trim(), StringComparison.OrdinalIgnoreCase)))
            ModelState.AddModelError("Input.Name", "The shipped catalogue has an entry of this name already.");
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(cancellationToken);
            return Page();
        }
        try
        {
            if (type is null)
            {
                type = ObligationType.Create(Input.Name, Input.Description, recurrence, Input.NeedsVendorEvidence, Input.HasHours, clock.GetUtcNow());
                db.Set<ObligationType>().Add(type);
                audit.Record(ActionTypeCreated, nameof(ObligationType), type.Id, Snapshot(type));
            }
            else
            {
                var before = Snapshot(type);
                type.Update(Input.Name, Input.Description, recurrence, Input.NeedsVendorEvidence, Input.HasHours);
                db.Entry(type).Property(t => t.Version).OriginalValue = Input.Version;
                audit.Record(ActionTypeUpdated, nameof(ObligationType), type.Id, new { before, after = Snapshot(type) });
            }
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DomainException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            await LoadAsync(cancellationToken);
            return Page();
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError(string.Empty, "Someone else changed this type at the same moment. Reload the page and try again.");
            await LoadAsync(cancellationToken);
            return Page();
        }
        TempData["Status"] = $"{type.Name} was saved.";
        return Redirect($"/t/{tenant.Slug}/obligations/catalogue");
    }

    public async Task<IActionResult> OnPostRetireAsync(Guid id, bool restore, CancellationToken cancellationToken)
    {
        if (!await access.AllowsAsync(ContractOperations.Manage)) return Forbid();
        var type = await db.Set<ObligationType>().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (type is null) return NotFound();
        try
        {
            if (restore) type.Restore(); else type.Retire();
        }
        catch (DomainException e)
        {
            TempData["Status"] = e.Message;
            return Redirect($"/t/{tenant.Slug}/obligations/catalogue");
        }
        audit.Record(restore ? ActionTypeRestored : ActionTypeRetired, nameof(ObligationType), type.Id, new { type.Name });
        await db.SaveChangesAsync(cancellationToken);
        TempData["Status"] = restore ? $"{type.Name} is offered again." : $"{type.Name} is retired; its obligations keep it.";
        return Redirect($"/t/{tenant.Slug}/obligations/catalogue");
    }

    private static object Snapshot(ObligationType t) =>
        new { t.Key, t.Name, t.Description, defaultRecurrence = t.DefaultRecurrence.ToString(), t.NeedsVendorEvidence, t.HasHours };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Own = await db.Set<ObligationType>().OrderBy(t => t.IsRetired).ThenBy(t => t.Name)
            .Select(t => new OwnRow(t.Id, t.Name, t.Description, t.DefaultRecurrence, t.NeedsVendorEvidence, t.HasHours, t.IsRetired, t.Version,
                db.Set<Obligation>().Count(o => o.TypeKey == t.Key)))
            .ToListAsync(cancellationToken);
        CanManage = await access.AllowsAsync(ContractOperations.Manage);
    }
}
