using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Coverage;
using VendorRisk.Domain.Coverage;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Coverage;

/// <summary>
/// Portfolio control coverage: for every catalogue control (optionally one framework), how many vendors' latest
/// assessments support it, support it weakly or leave it missing, read from the stored coverage (ADR-016). A count
/// opens the list of those vendors, each linking to its own coverage page. Stale coverage is recomputed first, at
/// most <see cref="RefreshPerRequest"/> vendors per request; more than that goes to a background job.
/// </summary>
public sealed class IndexModel(CoverageQueries coverage, TenantContext tenant) : PageModel
{
    public const int RefreshPerRequest = CoverageQueries.RefreshPerRequest;

    [BindProperty(SupportsGet = true, Name = "framework")] public string? Framework { get; set; }
    [BindProperty(SupportsGet = true, Name = "control")] public string? Control { get; set; }
    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }

    public ControlCatalogue Catalogue => coverage.Catalogue;
    public IReadOnlyList<CoverageControlRow> Rows { get; private set; } = [];
    public int AssessedVendors { get; private set; }
    public int UnassessedVendors { get; private set; }
    public int Pending { get; private set; }
    public CatalogueControl? SelectedControl { get; private set; }
    public CoverageStatus? SelectedStatus { get; private set; }
    public IReadOnlyList<CoverageVendorRow> Vendors { get; private set; } = [];
    /// <summary>Why the vendor list of a control and status cannot be shown (a hand-edited link).</summary>
    public string? DrillError { get; private set; }
    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var portfolio = await coverage.PortfolioAsync(new CoverageFilter(Framework, Control, Status), cancellationToken);
        if (!portfolio.Succeeded) return this.Failure(portfolio) ?? NotFound();
        var p = portfolio.Value!;
        if (p.FrameworkError is { } frameworkError) ModelState.AddModelError(nameof(Framework), frameworkError);
        (Framework, SelectedControl, SelectedStatus, DrillError) = (p.FrameworkId, p.SelectedControl, p.SelectedStatus, p.DrillError);
        (Rows, AssessedVendors, UnassessedVendors, Pending, Vendors) = (p.Rows, p.AssessedVendors, p.UnassessedVendors, p.Pending, p.Vendors);
        return Page();
    }

    public string DrillLink(string controlId, CoverageStatus status) =>
        $"/t/{Slug}/coverage?{(Framework is null ? "" : "framework=" + Uri.EscapeDataString(Framework) + "&")}control={Uri.EscapeDataString(controlId)}&status={status.ToString().ToLowerInvariant()}#vendors-heading";

    public string FrameworkName(string id) => Catalogue.Framework(id)?.Name ?? id;
}
