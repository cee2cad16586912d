using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using VendorRisk.Application.Dashboard;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Web.Forms;

using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;

namespace VendorRisk.Web.Pages.Dashboard;

/// <summary>The portfolio at a glance for risk committees and managers (<see cref="DashboardQueries.OverviewAsync"/>).</summary>
public sealed class IndexModel(DashboardQueries dashboard, TenantContext tenant) : PageModel
{
    public const int ExpiryDays = DashboardQueries.ExpiryDays;
    public const int ExpiringShown = DashboardQueries.ExpiringShown;
    public const int TrendMonths = DashboardQueries.TrendMonths;
    public const int TopParties = DashboardQueries.TopParties;

    /// <summary>Residual levels, lowest first, named as <see cref="Domain.Reviews.ResidualRisk.Level"/> names them.</summary>
    public static IReadOnlyList<string> Levels => DashboardQueries.Levels;

    public string TenantName => tenant.TenantName ?? "";
    public string Slug => tenant.Slug ?? "";
    public DateOnly Today { get; private set; }

    public int VendorCount { get; private set; }
    /// <summary>Vendors per inherent tier.</summary>
    public IReadOnlyDictionary<RiskTier, int> ByTier { get; private set; } = new Dictionary<RiskTier, int>();
    public int Untiered { get; private set; }
    public IReadOnlyDictionary<VendorStatus, int> ByStatus { get; private set; } = new Dictionary<VendorStatus, int>();

    /// <summary>Vendors by current residual rating: [likelihood - 1, impact - 1].</summary>
    public int[,] Heat { get; private set; } = new int[5, 5];
    public int RatedVendors { get; private set; }

    public int OverdueAssessments { get; private set; }
    public int OverdueObligations { get; private set; }
    public int OverdueFindings { get; private set; }

    public int ExpiringCount { get; private set; }
    public IReadOnlyList<ExpiringDecision> ExpiringSoon { get; private set; } = [];

    public IReadOnlyList<DecisionMonth> Trend { get; private set; } = [];

    public IReadOnlyList<PartyCount> Providers { get; private set; } = [];
    public IReadOnlyList<PartyCount> Subprocessors { get; private set; } = [];

    public bool MayReadFindings { get; private set; }

    public static string Level(int likelihood, int impact) => DashboardQueries.Level(likelihood, impact);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var overview = await dashboard.OverviewAsync(cancellationToken);
        if (!overview.Succeeded) return this.Failure(overview) ?? NotFound();
        var o = overview.Value!;
        (Today, VendorCount, ByTier, Untiered, ByStatus, Heat, RatedVendors) = (o.Today, o.VendorCount, o.ByTier, o.Untiered, o.ByStatus, o.Heat, o.RatedVendors);
        (OverdueAssessments, OverdueObligations, OverdueFindings) = (o.OverdueAssessments, o.OverdueObligations, o.OverdueFindings);
        (ExpiringCount, ExpiringSoon, Trend, Providers, Subprocessors) = (o.ExpiringCount, o.ExpiringSoon, o.Trend, o.Providers, o.Subprocessors);
        MayReadFindings = o.MayReadFindings;
        return Page();
    }
}
