using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Common;
using VendorRisk.Application.Incidents;
using VendorRisk.Domain.Incidents;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Incidents;

/// <summary>
/// One incident: what was reported and whether on time; its status moves forward (investigating, contained, closed: closing needs
/// the lessons learned); "start a review" proposes a review of the vendor to its owner. Every change is audited.
/// </summary>
public sealed class DetailsModel(IncidentOperations operations, IncidentQueries incidents, TenantContext tenant) : PageModel
{
    public Incident Incident { get; private set; } = null!;
    public string VendorName { get; private set; } = "";
    public string ReportedBy { get; private set; } = "";
    public IReadOnlyList<string> Systems { get; private set; } = [];
    public Guid? ProposalId { get; private set; }
    [BindProperty] public string? LessonsLearned { get; set; }
    [BindProperty] public IncidentStatus? NextStatus { get; set; }
    [BindProperty] public int Version { get; set; }
    public bool CanUpdate { get; private set; }
    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await LoadAsync(id, cancellationToken) is { } failed) return failed;
        LessonsLearned = Incident.LessonsLearned;
        Version = Incident.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostStatusAsync(Guid id, CancellationToken cancellationToken) =>
        await AfterAsync(id, await operations.MoveStatusAsync(id, NextStatus, Version, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostLessonsAsync(Guid id, CancellationToken cancellationToken) =>
        await AfterAsync(id, await operations.RecordLessonsAsync(id, LessonsLearned, Version, cancellationToken), cancellationToken);

    public async Task<IActionResult> OnPostStartReviewAsync(Guid id, CancellationToken cancellationToken) =>
        await AfterAsync(id, await operations.StartReviewAsync(id, Version, cancellationToken), cancellationToken);

    private async Task<IActionResult> AfterAsync(Guid id, Outcome<string> changed, CancellationToken cancellationToken)
    {
        if (changed.Succeeded)
        {
            TempData["Status"] = changed.Value;
            return Redirect($"/t/{Slug}/incidents/details/{id}");
        }
        if (this.Failure(changed, prefix: "") is { } result) return result;
        // The page shows the current state with the person's lessons still in the form.
        var posted = LessonsLearned;
        if (await LoadAsync(id, cancellationToken) is { } failed) return failed;
        LessonsLearned = posted;
        Version = Incident.Version;
        ModelState.Remove(nameof(Version));
        return Page();
    }

    /// <summary>Null when loaded; otherwise the result to answer.</summary>
    private async Task<IActionResult?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var details = await incidents.DetailsAsync(id, cancellationToken);
        if (!details.Succeeded) return this.Failure(details) ?? NotFound();
        var d = details.Value!;
        (Incident, VendorName, ReportedBy, Systems, ProposalId, CanUpdate) = (d.Incident, d.VendorName, d.ReportedBy, d.Systems, d.ProposalId, d.CanUpdate);
        return null;
    }
}
