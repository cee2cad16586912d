using Hangfire;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Coverage;
using VendorRisk.Application.Coverage;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Coverage;

/// <summary>
/// Portfolio control coverage: for every catalogue control (optionally one framework), how many vendors' latest
/// assessments support it, support it weakly or leave it missing, read from the stored coverage (ADR-016). A count
/// opens the list of those vendors, each linking to its own coverage page. Stale coverage is recomputed first, at
/// most <see cref="RefreshPerRequest"/> vendors per request; more than that goes to a background job.
/// </summary>
public sealed class IndexModel(AppDbContext db, TenantContext tenant, CoverageService coverage, IBackgroundJobClient jobs) : PageModel
{
    public const int RefreshPerRequest = 50;

    public sealed record ControlRow(CatalogueControl Control, int Supported, int Weak, int Missing);
    public sealed record VendorRow(Guid Id, string Name);

    [BindProperty(SupportsGet = true, Name = "framework")] public string? Framework { get; set; }
    [BindProperty(SupportsGet = true, Name = "control")] public string? Control { get; set; }
    [BindProperty(SupportsGet = true, Name = "status")] public string? Status { get; set; }

    public ControlCatalogue Catalogue => coverage.Catalogue;
    public IReadOnlyList<ControlRow> Rows { get; private set; } = [];
    public int AssessedVendors { get; private set; }
    public int UnassessedVendors { get; private set; }
    public int Pending { get; private set; }
    public CatalogueControl? SelectedControl { get; private set; }
    public CoverageStatus? SelectedStatus { get; private set; }
    public IReadOnlyList<VendorRow> Vendors { get; private set; } = [];
    /// <summary>Why the vendor list of a control and status cannot be shown (a hand-edited link).</summary>
    public string? DrillError { get; private set; }
    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var framework = string.IsNullOrWhiteSpace(Framework) ? null : Catalogue.Framework(Framework.Trim());
        if (!string.IsNullOrWhiteSpace(Framework) && framework is null)
            ModelState.AddModelError(nameof(Framework), "Choose a framework from the list.");
        Framework = framework?.Id;
        if (!string.IsNullOrWhiteSpace(Control))
        {
            SelectedControl = Catalogue.Find(Control.Trim());
            if (SelectedControl is null) DrillError = "There is no such control in the catalogue.";
            else if (Enum.TryParse<CoverageStatus>(Status, ignoreCase: true, out var status) && Enum.IsDefined(status) && !char.IsAsciiDigit(Status![0]))
                SelectedStatus = status;
            else DrillError = "Choose supported, weak or missing.";
        }

        Pending = await coverage.RefreshAsync(RefreshPerRequest, cancellationToken);
        if (Pending > 0)
        {
            var tenantId = tenant.TenantId!.Value;
            jobs.Enqueue<CoverageRefreshJob>(j => j.RunAsync(tenantId, CancellationToken.None));
        }

        var entries = db.Set<CoverageEntry>().AsNoTracking();
        if (framework is not null) entries = entries.Where(e => e.Framework == framework.Id);
        var counts = await entries.GroupBy(e => new { e.ControlId, e.Status }).Select(g => new { g.Key.ControlId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var byControl = counts.ToLookup(c => c.ControlId, StringComparer.Ordinal);
        int Count(string control, CoverageStatus status) => byControl[control].Where(c => c.Status == status).Sum(c => c.Count);
        Rows = Catalogue.Controls.Where(c => framework is null || c.Framework == framework.Id)
            .Select(c => new ControlRow(c, Count(c.Id, CoverageStatus.Supported), Count(c.Id, CoverageStatus.Weak), Count(c.Id, CoverageStatus.Missing)))
            .ToList();
        AssessedVendors = await db.Set<CoverageSnapshot>().CountAsync(s => s.Supported + s.Weak + s.Missing > 0, cancellationToken);
        UnassessedVendors = await db.Vendors.CountAsync(cancellationToken) - AssessedVendors;

        if (SelectedControl is { } control && SelectedStatus is { } selected)
        {
            Vendors = await db.Set<CoverageEntry>().AsNoTracking().Where(e => e.ControlId == control.Id && e.Status == selected)
                .Join(db.Vendors, e => e.VendorId, v => v.Id, (e, v) => new { v.Id, v.LegalName })
                .OrderBy(v => v.LegalName).Take(500).Select(v => new VendorRow(v.Id, v.LegalName)).ToListAsync(cancellationToken);
        }
        return Page();
    }

    public string DrillLink(string controlId, CoverageStatus status) =>
        $"/t/{Slug}/coverage?{(Framework is null ? "" : "framework=" + Uri.EscapeDataString(Framework) + "&")}control={Uri.EscapeDataString(controlId)}&status={status.ToString().ToLowerInvariant()}#vendors-heading";

    public string FrameworkName(string id) => Catalogue.Framework(id)?.Name ?? id;
}
