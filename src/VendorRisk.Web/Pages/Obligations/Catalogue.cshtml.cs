using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Domain.Contracts;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Application.Common;
using VendorRisk.Application.Contracts;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Obligations;

/// <summary>
/// The obligation catalogue: the shipped AI-specific entries (read-only) and the tenant's own types, which vendor
/// managers and admins add, rename, retire and restore. Every change is audited.
/// </summary>
public sealed class CatalogueModel(ObligationOperations operations, ObligationQueries obligations, TenantContext tenant) : PageModel
{
    public IReadOnlyList<ObligationTemplate> Shipped => ShippedObligationTypes.All;
    public IReadOnlyList<ObligationTypeRowDto> Own { get; private set; } = [];
    public bool CanManage { get; private set; }
    public string Slug => tenant.Slug!;
    /// <summary>The type being edited (<c>?edit=</c>), if any.</summary>
    public Guid? Editing { get; private set; }

    [BindProperty] public TypeInput Input { get; set; } = new();

    /// <summary>The form's fields; the rules live in <see cref="ObligationOperations.SaveTypeAsync"/>.</summary>
    public sealed class TypeInput
    {
        public string Name { get; set; } = "";
        public string? Description { get; set; }
        public string? DefaultRecurrence { get; set; } = nameof(Recurrence.Yearly);
        public bool NeedsVendorEvidence { get; set; }
        public bool HasHours { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(Guid? edit, CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } failed) return failed;
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
        Editing = id;
        var saved = await operations.SaveTypeAsync(id, new ObligationTypeDetails(Input.Name, Input.Description, Input.DefaultRecurrence,
            Input.NeedsVendorEvidence, Input.HasHours, Input.Version), cancellationToken);
        if (saved.Succeeded)
        {
            TempData["Status"] = $"{saved.Value} was saved.";
            return Redirect($"/t/{tenant.Slug}/obligations/catalogue");
        }
        if (this.Failure(saved) is { } result) return result;
        if (saved.Status == OutcomeStatus.Invalid) Response.StatusCode = StatusCodes.Status400BadRequest;
        return await LoadAsync(cancellationToken) ?? Page();
    }

    public async Task<IActionResult> OnPostRetireAsync(Guid id, bool restore, CancellationToken cancellationToken)
    {
        var retired = await operations.RetireTypeAsync(id, restore, cancellationToken);
        if (retired.Status == OutcomeStatus.Conflict)
        {
            TempData["Status"] = retired.Message;
            return Redirect($"/t/{tenant.Slug}/obligations/catalogue");
        }
        if (!retired.Succeeded) return this.Failure(retired) ?? NotFound();
        TempData["Status"] = restore ? $"{retired.Value} is offered again." : $"{retired.Value} is retired; its obligations keep it.";
        return Redirect($"/t/{tenant.Slug}/obligations/catalogue");
    }

    /// <summary>Null when loaded; otherwise the result to answer.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var types = await obligations.TypesAsync(cancellationToken);
        if (!types.Succeeded) return this.Failure(types) ?? NotFound();
        (Own, CanManage) = (types.Value!.Own, types.Value.CanManage);
        return null;
    }
}
