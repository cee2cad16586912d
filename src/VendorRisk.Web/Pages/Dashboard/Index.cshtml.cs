using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Portfolio;
using VendorRisk.Infrastructure.Tenancy;

using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;

namespace VendorRisk.Web.Pages.Dashboard;

/// <summary>
/// The portfolio at a glance for risk committees and managers. Counts by tier, status and residual rating, the monthly trend
/// and the party concentration are running counts kept with every change (ADR-019), so they cost the same for 2,000 vendors
/// as for 200,000; the overdue and expiring counts are index ranges over the dated rows that are overdue or expiring.
/// </summary>
public sealed class IndexModel(AppDbContext db, TenantContext tenant, TimeProvider clock) : PageModel
{
    public const int ExpiryDays = 90;
    public const int ExpiringShown = 10;
    public const int TrendMonths = 12;
    public const int TopParties = 5;

    /// <summary>Residual levels, lowest first, named as <see cref="Domain.Reviews.ResidualRisk.Level"/> names them.</summary>
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

    public static string Level(int likelihood, int impact) => Domain.Reviews.ResidualRisk.Level(likelihood, impact);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = Today = DateOnly.FromDateTime(now.UtcDateTime);

        await LoadVendorCountersAsync(cancellationToken);

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

    /// <summary>Vendors by tier, by status and by current residual rating, from the tenant's running counts (ADR-019).</summary>
    private async Task LoadVendorCountersAsync(CancellationToken cancellationToken)
    {
        var counters = await db.PortfolioCounters
            .Where(c => c.Name.StartsWith(PortfolioCounters.TierPrefix) || c.Name.StartsWith(PortfolioCounters.StatusPrefix)
                || c.Name.StartsWith(PortfolioCounters.ResidualPrefix))
            .Select(c => new { c.Name, c.Value })
            .ToListAsync(cancellationToken);
        IEnumerable<(string Key, int Value)> Under(string prefix) =>
            counters.Where(c => c.Name.StartsWith(prefix, StringComparison.Ordinal) && c.Value > 0).Select(c => (c.Name[prefix.Length..], c.Value));

        var tiers = Under(PortfolioCounters.TierPrefix).ToList();
        ByTier = tiers.Where(t => Enum.TryParse<RiskTier>(t.Key, out _)).ToDictionary(t => Enum.Parse<RiskTier>(t.Key), t => t.Value);
        Untiered = tiers.Where(t => t.Key == PortfolioCounters.Untiered).Sum(t => t.Value);
        VendorCount = tiers.Sum(t => t.Value);
        ByStatus = Under(PortfolioCounters.StatusPrefix).Where(s => Enum.TryParse<VendorStatus>(s.Key, out _))
            .ToDictionary(s => Enum.Parse<VendorStatus>(s.Key), s => s.Value);
        foreach (var (key, value) in Under(PortfolioCounters.ResidualPrefix))
            if (PortfolioCounters.ParseCell(key) is ({ } l and >= 1 and <= 5, { } i and >= 1 and <= 5))
            {
                Heat[l - 1, i - 1] = value;
                RatedVendors += value;
            }
    }

    /// <summary>
    /// Decisions per calendar month (UTC) of the last twelve, this month included, by the residual level they recorded: at
    /// most 25 running counts per month (ADR-019), whatever the number of decisions.
    /// </summary>
    private async Task LoadTrendAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(1 - TrendMonths);
        var from = PortfolioCounters.DecisionPrefix + PortfolioCounters.MonthKey(first) + "/";
        var to = PortfolioCounters.DecisionPrefix + PortfolioCounters.MonthKey(first.AddMonths(TrendMonths)) + "/";
#pragma warning disable CA1309 // Runs in SQL as a comparison in the key's own (binary) collation: a range of the key.
        var counters = await db.PortfolioCounters
            .Where(c => string.Compare(c.Name, from) >= 0 && string.Compare(c.Name, to) < 0 && c.Value > 0)
            .Select(c => new { c.Name, c.Value })
            .ToListAsync(cancellationToken);
#pragma warning restore CA1309
        var byMonth = new int[TrendMonths, Levels.Count];
        var monthIndex = Enumerable.Range(0, TrendMonths).ToDictionary(m => PortfolioCounters.MonthKey(first.AddMonths(m)), StringComparer.Ordinal);
        foreach (var c in counters)
        {
            var monthKey = c.Name[PortfolioCounters.DecisionPrefix.Length..c.Name.LastIndexOf('/')];
            if (!monthIndex.TryGetValue(monthKey, out var month) || PortfolioCounters.ParseCell(c.Name) is not var (l, i)) continue;
            byMonth[month, LevelIndex(l, i)] += c.Value;
        }
        Trend = [.. Enumerable.Range(0, TrendMonths).Select(m => new Month(first.AddMonths(m),
            [.. Enumerable.Range(0, Levels.Count).Select(l => byMonth[m, l])]))];
    }

    private static int LevelIndex(int likelihood, int impact) => Levels.Select((name, index) => (name, index)).First(l => l.name == Level(likelihood, impact)).index;

    /// <summary>The foundation-model providers and subprocessors most vendors depend on (names compared case-insensitively; ADR-019).</summary>
    private async Task LoadConcentrationAsync(CancellationToken cancellationToken)
    {
        async Task<IReadOnlyList<Party>> TopAsync(DependencyKind kind) => await db.PartyConcentrations
            .Where(p => p.Kind == kind && p.Vendors > 0)
            .OrderByDescending(p => p.Vendors).ThenBy(p => p.NameKey)
            .Take(TopParties)
            .Select(p => new Party(p.Name, p.Vendors))
            .ToListAsync(cancellationToken);
        Providers = await TopAsync(DependencyKind.FoundationModelProvider);
        Subprocessors = await TopAsync(DependencyKind.Subprocessor);
    }

    public bool MayReadFindings => VendorRisk.Application.Findings.ReadFindings.Allows(tenant);
}
