using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;

namespace VendorRisk.Web.Pages.Dashboard;

/// <summary>
/// The portfolio at a glance for risk committees and managers. Every figure is one aggregate query (GROUP BY or COUNT) over
/// indexed columns; the vendors' current decision and residual rating are read from the vendor row itself (ADR-015), so the
/// cost follows the number of groups, not the number of assessments or answers.
/// </summary>
public sealed class IndexModel(AppDbContext db, TenantContext tenant, TimeProvider clock) : PageModel
{
    public const int ExpiryDays = 90;
    public const int ExpiringShown = 10;
    public const int TrendMonths = 12;
    public const int TopParties = 5;

    /// <summary>Residual levels, lowest first, named as <see cref="Reviews.ReviewAccess.ResidualLevel"/> names them.</summary>
    public static readonly IReadOnlyList<string> Levels = ["low", "medium", "high", "critical"];

    public sealed record Expiring(Guid VendorId, string VendorName, DateOnly DueOn, bool AcceptanceExpiry, AssessmentStatus? Decision,
        Guid BasedOnAssessmentId);
    public sealed record Party(string Name, int Vendors);
    public sealed record Month(DateOnly Start, IReadOnlyList<int> ByLevel)
    {
        public int Total => ByLevel.Sum();
    }

    public string TenantName => tenant.TenantName ?? "";
    public string Slug => tenant.Slug ?? "";
    public DateOnly Today { get; private set; }

    public int VendorCount { get; private set; }
    /// <summary>Vendors per inherent tier; the null key counts vendors not tiered yet.</summary>
    public IReadOnlyDictionary<RiskTier, int> ByTier { get; private set; } = new Dictionary<RiskTier, int>();
    public int Untiered { get; private set; }
    public IReadOnlyDictionary<VendorStatus, int> ByStatus { get; private set; } = new Dictionary<VendorStatus, int>();

    /// <summary>Vendors by current residual rating: [likelihood - 1, impact - 1].</summary>
    public int[,] Heat { get; } = new int[5, 5];
    public int RatedVendors { get; private set; }

    public int OverdueAssessments { get; private set; }
    public int OverdueObligations { get; private set; }
    public int OverdueFindings { get; private set; }

    public int ExpiringCount { get; private set; }
    public IReadOnlyList<Expiring> ExpiringSoon { get; private set; } = [];

    public IReadOnlyList<Month> Trend { get; private set; } = [];

    public IReadOnlyList<Party> Providers { get; private set; } = [];
    public IReadOnlyList<Party> Subprocessors { get; private set; } = [];

    public static string Level(int likelihood, int impact) => Reviews.ReviewAccess.ResidualLevel(likelihood, impact);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = Today = DateOnly.FromDateTime(now.UtcDateTime);

        var tiers = await db.Vendors.GroupBy(v => v.InherentTier).Select(g => new { Tier = g.Key, N = g.Count() }).ToListAsync(cancellationToken);
        ByTier = tiers.Where(t => t.Tier is not null).ToDictionary(t => t.Tier!.Value, t => t.N);
        Untiered = tiers.Where(t => t.Tier is null).Sum(t => t.N);
        VendorCount = tiers.Sum(t => t.N);
        ByStatus = await db.Vendors.GroupBy(v => v.Status).Select(g => new { g.Key, N = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.N, cancellationToken);

        var cells = await db.Vendors
            .Where(v => v.ResidualLikelihood != null && v.ResidualImpact != null)
            .GroupBy(v => new { L = v.ResidualLikelihood!.Value, I = v.ResidualImpact!.Value })
            .Select(g => new { g.Key.L, g.Key.I, N = g.Count() })
            .ToListAsync(cancellationToken);
        foreach (var c in cells.Where(c => c.L is >= 1 and <= 5 && c.I is >= 1 and <= 5)) Heat[c.L - 1, c.I - 1] = c.N;
        RatedVendors = cells.Sum(c => c.N);

        OverdueAssessments = await db.Assessments.CountAsync(a => a.DueOn < today
            && (a.Status == AssessmentStatus.Sent || a.Status == AssessmentStatus.InProgress || a.Status == AssessmentStatus.ClarificationRequested),
            cancellationToken);
        OverdueObligations = await db.Set<ObligationOccurrence>().CountAsync(o => o.Status == OccurrenceStatus.Open && o.DueOn < today, cancellationToken);
        OverdueFindings = await db.ReviewFindings.CountAsync(f =>
            (f.Status == FindingStatus.Open || f.Status == FindingStatus.RemediationProposed) && f.DueOn < today, cancellationToken);

        await LoadExpiringAsync(today, cancellationToken);
        await LoadTrendAsync(today, cancellationToken);
        await LoadConcentrationAsync(cancellationToken);
    }

    /// <summary>Decisions whose next reassessment falls due, or whose committee acceptance ends, in the next 90 days.</summary>
    private async Task LoadExpiringAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var horizon = today.AddDays(ExpiryDays);
        var expiring =
            from s in db.ReassessmentSchedules
            where s.DueOn >= today && s.DueOn <= horizon
            join v in db.Vendors on s.VendorId equals v.Id
            where v.Status != VendorStatus.Offboarded
            select new { s, v };
        ExpiringCount = await expiring.CountAsync(cancellationToken);
        ExpiringSoon = await expiring
            .OrderBy(x => x.s.DueOn).ThenBy(x => x.v.LegalName)
            .Take(ExpiringShown)
            .Select(x => new Expiring(x.v.Id, x.v.LegalName, x.s.DueOn,
                x.s.AcceptanceExpiresOn != null && x.s.AcceptanceExpiresOn < x.s.CadenceDueOn,
                x.v.DecisionStatus, x.s.BasedOnAssessmentId))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Decisions per calendar month (UTC) of the last twelve, this month included, by the residual level they recorded. One
    /// query: the month is a CASE over the month boundaries, the level a CASE over likelihood x impact.
    /// </summary>
    private async Task LoadTrendAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(1 - TrendMonths);
        var b = Enumerable.Range(0, TrendMonths + 1)
            .Select(m => new DateTimeOffset(first.AddMonths(m).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)).ToArray();
        var (b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11, end) = (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12]);
        var rows = await db.Assessments
            .Where(a => a.DecidedAt >= b0 && a.DecidedAt < end && a.ResidualLikelihood != null && a.ResidualImpact != null
                && (a.Status == AssessmentStatus.Approved || a.Status == AssessmentStatus.ApprovedWithConditions || a.Status == AssessmentStatus.Rejected))
            .Select(a => new
            {
                Month = a.DecidedAt < b1 ? 0 : a.DecidedAt < b2 ? 1 : a.DecidedAt < b3 ? 2 : a.DecidedAt < b4 ? 3 : a.DecidedAt < b5 ? 4
                    : a.DecidedAt < b6 ? 5 : a.DecidedAt < b7 ? 6 : a.DecidedAt < b8 ? 7 : a.DecidedAt < b9 ? 8 : a.DecidedAt < b10 ? 9
                    : a.DecidedAt < b11 ? 10 : 11,
                Product = a.ResidualLikelihood!.Value * a.ResidualImpact!.Value,
            })
            .GroupBy(x => new { x.Month, Level = x.Product <= 4 ? 0 : x.Product <= 9 ? 1 : x.Product <= 16 ? 2 : 3 })
            .Select(g => new { g.Key.Month, g.Key.Level, N = g.Count() })
            .ToListAsync(cancellationToken);
        Trend = [.. Enumerable.Range(0, TrendMonths).Select(m => new Month(first.AddMonths(m),
            [.. Enumerable.Range(0, Levels.Count).Select(l => rows.Where(r => r.Month == m && r.Level == l).Sum(r => r.N))]))];
    }

    /// <summary>The foundation-model providers and subprocessors most vendors depend on (names compared case-insensitively).</summary>
    private async Task LoadConcentrationAsync(CancellationToken cancellationToken)
    {
#pragma warning disable CA1304, CA1311 // ToUpper() runs in SQL as UPPER(), never with .NET's culture rules.
        var parties = await db.AiSystemDependencies
            .GroupBy(d => new { d.Kind, Key = d.Name.ToUpper() })
            .Select(g => new { g.Key.Kind, Name = g.Min(d => d.Name)!, Vendors = g.Select(d => d.VendorId).Distinct().Count() })
            .ToListAsync(cancellationToken);
#pragma warning restore CA1304, CA1311
        IReadOnlyList<Party> Top(DependencyKind kind) => [.. parties.Where(p => p.Kind == kind)
            .OrderByDescending(p => p.Vendors).ThenBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Take(TopParties)
            .Select(p => new Party(p.Name, p.Vendors))];
        Providers = Top(DependencyKind.FoundationModelProvider);
        Subprocessors = Top(DependencyKind.Subprocessor);
    }

    public bool MayReadFindings => Findings.FindingAccess.MayRead(tenant);
}
