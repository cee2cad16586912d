using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Conditions;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Portal;

/// <summary>
/// The conditions of approval the organisation of the route gave the contact's vendor (ADR-027): what must be done, by when, and the
/// state; an open one takes the vendor's evidence of closure (<see cref="ConditionOperations.SubmitClosureAsync"/>), which a tenant admin
/// or committee member then verifies. Only the contact's own vendor's vendor-owned conditions are read (<see cref="ConditionQueries.PortalAsync"/>).
/// </summary>
[Authorize]
public sealed class ConditionsModel(ConditionQueries conditions, ConditionOperations operations, TenantContext tenant) : PageModel
{
    public IReadOnlyList<ConditionRow> Conditions { get; private set; } = [];
    public string Slug => tenant.Slug!;
    public string TenantName => tenant.TenantName ?? "";

    [BindProperty] public ClosureInput Input { get; set; } = new();

    public sealed class ClosureInput
    {
        public Guid ConditionId { get; set; }
        public string? Evidence { get; set; }
        /// <summary>Only to carry the file's message (the file itself binds as <c>file</c>).</summary>
        public string? File { get; set; }
        public int Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ?? Page();

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        // A condition of another vendor, or an internal one, is not found: the portal never reveals it.
        if (await LoadAsync(cancellationToken) is { } problem) return problem;
        if (Conditions.All(c => c.Id != Input.ConditionId)) return NotFound();
        var sent = await operations.SubmitClosureAsync(Input.ConditionId, Input.Evidence, Input.Version, cancellationToken, file);
        if (sent.Succeeded)
        {
            TempData["Status"] = $"Thank you: your evidence was sent to {TenantName}, who will verify it.";
            return Redirect($"/t/{Slug}/portal/conditions");
        }
        if (sent.Status is OutcomeStatus.NotFound or OutcomeStatus.Forbidden) return NotFound();
        if (await LoadAsync(cancellationToken) is { } again) return again;
        if (sent.Status == OutcomeStatus.Conflict && Conditions.SingleOrDefault(c => c.Id == Input.ConditionId) is { } current)
        {
            ModelState.Remove("Input.Version");
            Input.Version = current.Version;
        }
        return this.Failure(sent) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var rows = await conditions.PortalAsync(cancellationToken);
        if (!rows.Succeeded) return NotFound();
        Conditions = rows.Value!;
        return null;
    }
}
