using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Coverage;
using VendorRisk.Infrastructure.Coverage;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Pages.Coverage;

/// <summary>
/// One vendor's control coverage, computed now from its latest submitted assessment (ADR-016): per control its status,
/// the reasons, and the mapped questions linked into the assessment. Internal members only; another tenant's vendor is
/// not found.
/// </summary>
public sealed class VendorModel(AppDbContext db, TenantContext tenant, CoverageService coverage) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "framework")] public string? Framework { get; set; }

    public Guid VendorId { get; private set; }
    public string VendorName { get; private set; } = "";
    public VendorCoverage Coverage { get; private set; } = null!;
    public IReadOnlyList<ControlCoverage> Controls { get; private set; } = [];
    public ControlCatalogue Catalogue => coverage.Catalogue;
    public string Slug => tenant.Slug!;

    public async Task<IActionResult> OnGetAsync(Guid vendorId, CancellationToken cancellationToken)
    {
        var name = await db.Vendors.AsNoTracking().Where(v => v.Id == vendorId).Select(v => v.LegalName).SingleOrDefaultAsync(cancellationToken);
        if (name is null) return NotFound();
        VendorId = vendorId;
        VendorName = name;
        var framework = string.IsNullOrWhiteSpace(Framework) ? null : Catalogue.Framework(Framework.Trim());
        if (!string.IsNullOrWhiteSpace(Framework) && framework is null)
            ModelState.AddModelError(nameof(Framework), "Choose a framework from the list.");
        Framework = framework?.Id;
        Coverage = await coverage.ComputeAsync(vendorId, cancellationToken);
        Controls = (Coverage.Controls ?? []).Where(c => framework is null || c.Control.Framework == framework.Id).ToList();
        return Page();
    }

    public int CountOf(CoverageStatus status) => Controls.Count(c => c.Status == status);

    public string FrameworkName(string id) => Catalogue.Framework(id)?.Name ?? id;

    public static string BadgeClass(CoverageStatus status) => status switch
    {
        CoverageStatus.Supported => "text-bg-success",
        CoverageStatus.Weak => "text-bg-warning",
        _ => "text-bg-danger",
    };

    public static string Describe(ItemStanding standing) => standing switch
    {
        ItemStanding.Favourable => "answered favourably",
        ItemStanding.Poor => "answered poorly",
        ItemStanding.NotApplicable => "not applicable",
        ItemStanding.Unanswered => "unanswered",
        _ => "not asked",
    };
}
