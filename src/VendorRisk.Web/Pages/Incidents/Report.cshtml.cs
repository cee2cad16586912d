using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Incidents;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;
using VendorRisk.Web.Pages.Shared;

namespace VendorRisk.Web.Pages.Incidents;

/// <summary>An internal user reports an incident at one of the tenant's vendors. Auditors read only.</summary>
public sealed class ReportModel(IncidentOperations operations, IncidentQueries incidents, TenantContext tenant, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid VendorId { get; set; }
    [BindProperty] public IncidentForm Input { get; set; } = new();
    public string VendorName { get; private set; } = "";
    public IReadOnlyList<(Guid Id, string Name)> Systems { get; private set; } = [];
    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } failed) return failed;
        return tenant.HasAnyRole(IncidentOperations.Report.AnyOf) ? Page() : Forbid();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is { } failed) return failed;
        if (!tenant.HasAnyRole(IncidentOperations.Report.AnyOf)) return Forbid();
        Input.Check(ModelState, "Input.", clock.GetUtcNow());
        // The systems are checked even when the form is not complete, so every message shows at once.
        if (!await incidents.AreVendorSystemsAsync(VendorId, Input.AiSystemIds, cancellationToken))
            ModelState.AddModelError("Input.AiSystemIds", IncidentOperations.SystemsMessage);
        if (!ModelState.IsValid) return Page();
        var reported = await operations.ReportAsync(VendorId, Input.ToReport, Input.AiSystemIds, cancellationToken);
        if (!reported.Succeeded) return this.Failure(reported) ?? Page();
        TempData["Status"] = "The incident was recorded; the vendor's owner and the tenant admins were notified.";
        return Redirect($"/t/{Slug}/incidents/details/{reported.Value}");
    }

    /// <summary>Null when loaded; otherwise the result to answer.</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var form = await incidents.ReportFormAsync(VendorId, cancellationToken);
        if (!form.Succeeded) return this.Failure(form) ?? NotFound();
        (VendorName, Systems) = (form.Value!.VendorName, form.Value.Systems.Select(s => (s.Id, s.Name)).ToList());
        return null;
    }
}
