using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Coverage;
using VendorRisk.Domain.Coverage;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

namespace VendorRisk.Web.Pages.Coverage;

/// <summary>
/// One vendor's control coverage, computed now from its latest submitted assessment (ADR-016): per control its status,
/// the reasons, and the mapped questions linked into the assessment. Internal members only; another tenant's vendor is
/// not found.
/// </summary>
public sealed class VendorModel(CoverageQueries coverage, TenantContext tenant) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "framework")] public string? Framework { get; set; }
    /// <summary>"gaps" shows weak and missing controls only; anything else shows all.</summary>
    [BindProperty(SupportsGet = true, Name = "show")] public string? Show { get; set; }

    public const string GapsOnly = "gaps";
    public bool ShowGapsOnly => Show == GapsOnly;

    public sealed record FrameworkSummary(string Id, string Name, int Supported, int Weak, int Missing)
    {
        public string AnchorId => "fw-" + Id.Replace(':', '-').Replace('.', '-');
    }

    /// <summary>Per framework shown, its counts: the page leads with these, and each framework's controls fold away beneath.</summary>
    public IReadOnlyList<FrameworkSummary> Summary { get; private set; } = [];

    public Guid VendorId { get; private set; }
    public string VendorName { get; private set; } = "";
    public VendorCoverage Coverage { get; private set; } = null!;
    public IReadOnlyList<ControlCoverage> Controls { get; private set; } = [];
    public ControlCatalogue Catalogue => coverage.Catalogue;
    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(Guid vendorId, CancellationToken cancellationToken)
    {
        var found = await coverage.VendorAsync(vendorId, cancellationToken);
        if (!found.Succeeded) return this.Failure(found) ?? NotFound();
        (VendorId, VendorName, Coverage) = (found.Value!.VendorId, found.Value.VendorName, found.Value.Coverage);
        var framework = string.IsNullOrWhiteSpace(Framework) ? null : Catalogue.Framework(Framework.Trim());
        if (!string.IsNullOrWhiteSpace(Framework) && framework is null)
            ModelState.AddModelError(nameof(Framework), "Choose a framework from the list.");
        Framework = framework?.Id;
        if (Show is not null && Show != GapsOnly) Show = null;
        var inFramework = (Coverage.Controls ?? []).Where(c => framework is null || c.Control.Framework == framework.Id).ToList();
        Summary = [.. inFramework.GroupBy(c => c.Control.Framework).Select(g => new FrameworkSummary(g.Key, FrameworkName(g.Key),
            g.Count(c => c.Status == CoverageStatus.Supported), g.Count(c => c.Status == CoverageStatus.Weak), g.Count(c => c.Status == CoverageStatus.Missing)))];
        Controls = inFramework.Where(c => !ShowGapsOnly || c.Status != CoverageStatus.Supported).ToList();
        return Page();
    }

    public int CountOf(CoverageStatus status) => Summary.Sum(f => status switch
    {
        CoverageStatus.Supported => f.Supported,
        CoverageStatus.Weak => f.Weak,
        _ => f.Missing,
    });

    public string FrameworkName(string id) => Catalogue.Framework(id)?.Name ?? id;

    public static string BadgeClass(CoverageStatus status) => status switch
    {
        CoverageStatus.Supported => "text-bg-success",
        CoverageStatus.Weak => "text-bg-warning",
        _ => "text-bg-danger",
    };

    /// <summary>Shown when the coverage carries verified statuses (the caller passed assurance levels).</summary>
    public bool ShowsVerified => Controls.Any(c => c.Verified is not null);

    public static string Describe(ItemStanding standing) => standing switch
    {
        ItemStanding.Favourable => "answered favourably",
        ItemStanding.Poor => "answered poorly",
        ItemStanding.Planned => "planned, not in place yet",
        ItemStanding.Unknown => "the vendor does not know",
        ItemStanding.NotApplicable => "not applicable",
        ItemStanding.Unanswered => "unanswered",
        _ => "not asked",
    };

    /// <summary>The standing in words, with the date a planned answer is due.</summary>
    public static string Describe(CoverageItem item) => item is { Standing: ItemStanding.Planned, PlannedBy: { } by }
        ? string.Create(CultureInfo.InvariantCulture, $"planned for {by:yyyy-MM-dd}, not in place yet")
        : Describe(item.Standing);
}
