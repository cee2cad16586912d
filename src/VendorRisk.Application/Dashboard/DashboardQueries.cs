using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Contracts;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Portfolio;

using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;

namespace VendorRisk.Application.Dashboard;

/// <summary>A decision whose next reassessment falls due, or whose committee acceptance ends, soon.</summary>
public sealed record ExpiringDecision(Guid VendorId, string VendorName, DateOnly DueOn, bool AcceptanceExpiry, AssessmentStatus? Decision,
    Guid BasedOnAssessmentId);

/// <summary>A foundation-model provider or subprocessor and how many vendors depend on it.</summary>
public sealed record PartyCount(string Name, int Vendors);

/// <summary>Decisions of one calendar month by the residual level they recorded (<see cref="DashboardQueries.Levels"/> order).</summary>
public sealed record DecisionMonth(DateOnly Start, IReadOnlyList<int> ByLevel)
{
    public int Total => ByLevel.Sum();
}

/// <summary>The portfolio at a glance. <see cref="Heat"/>: vendors by current residual rating, [likelihood - 1, impact - 1].</summary>
public sealed record DashboardOverview(DateOnly Today, int VendorCount, IReadOnlyDictionary<RiskTier, int> ByTier, int Untiered,
    IReadOnlyDictionary<VendorStatus, int> ByStatus, int[,] Heat, int RatedVendors, int OverdueAssessments, int OverdueObligations,
    int OverdueFindings, int ExpiringCount, IReadOnlyList<ExpiringDecision> ExpiringSoon, IReadOnlyList<DecisionMonth> Trend,
    IReadOnlyList<PartyCount> Providers, IReadOnlyList<PartyCount> Subprocessors, bool MayReadFindings);

public sealed record OverdueFindingRow(Guid Id, Guid AssessmentId, string AssessmentTitle, Guid VendorId, string VendorName, FindingSeverity Severity,
    string Title, FindingStatus Status, FindingOwnerKind OwnerKind, DateOnly DueOn);

/// <summary>The overdue findings shown (at most <see cref="DashboardQueries.OverdueFindingsShown"/>) and how many there are.</summary>
public sealed record OverdueFindings(IReadOnlyList<OverdueFindingRow> Rows, int Total, DateOnly Today);

/// <summary>
/// The portfolio at a glance for risk committees and managers. Counts by tier, status and residual rating, the monthly trend
/// and the party concentration are running counts kept with every change (ADR-019), so they cost the same for 2,000 vendors
/// as for 200,000; the overdue and expiring counts are index ranges over the dated rows that are overdue or expiring.
/// </summary>
public sealed class DashboardQueries(AppDbContext db, Access access, TimeProvider clock)
{
    public const int ExpiryDays = 90;
    public const int ExpiringShown = 10;
    public const int TrendMonths = 12;
    public const int TopParties = 5;
    public const int OverdueFindingsShown = 200;

    /// <summary>Any internal member reads the dashboard.</summary>
    public static readonly RolePermission Read = new("dashboard.read", TenantRolesExtensions.Internal);

    /// <summary>The findings themselves (not only their count) are for those who read findings: reviewers and auditors.</summary>
    public static readonly RolePermission ReadFindings = new("dashboard.read-findings", TenantRoles.Reviewer | TenantRoles.Auditor);

    /// <summary>Residual levels, lowest first, named as <see cref="Domain.Reviews.ResidualRisk.Level"/> names them.</summary>
    public static readonly IReadOnlyList<string> Levels = ["low", "medium", "high", "critical"];

    public static string Level(int likelihood, int impact) => Domain.Reviews.ResidualRisk.Level(likelihood, impact);

    public async Task<Outcome<DashboardOverview>> OverviewAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Read) is { } forbidden) return forbidden;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

        var (vendorCount, byTier, untiered, byStatus, heat, rated) = await VendorCountersAsync(cancellationToken);

        var overdueAssessments = await db.Assessments.CountAsync(a => a.DueOn < today
            && (a.Status == AssessmentStatus.Sent || a.Status == AssessmentStatus.InProgress || a.Status == AssessmentStatus.ClarificationRequested),
            cancellationToken);
        var overdueObligations = await db.Set<ObligationOccurrence>().CountAsync(o => o.Status == OccurrenceStatus.Open && o.DueOn < today, cancellationToken);
        var overdueFindings = await db.ReviewFindings.CountAsync(f =>
            (f.Status == FindingStatus.Open || f.Status == FindingStatus.RemediationProposed) && f.DueOn < today, cancellationToken);

        var (expiringCount, expiringSoon) = await ExpiringAsync(today, cancellationToken);
        var trend = await TrendAsync(today, cancellationToken);
        var providers = await TopPartiesAsync(DependencyKind.FoundationModelProvider, cancellationToken);
        var subprocessors = await TopPartiesAsync(DependencyKind.Subprocessor, cancellationToken);

        return new DashboardOverview(today, vendorCount, byTier, untiered, byStatus, heat, rated, overdueAssessments, overdueObligations,
            overdueFindings, expiringCount, expiringSoon, trend, providers, subprocessors, await access.AllowsAsync(ReadFindings));
    }

    /// <summary>
    /// The review findings still open (open or remediation proposed) after their treatment due date, across the portfolio, oldest
    /// due first.
    /// </summary>
    public async Task<Outcome<OverdueFindings>> OverdueFindingsAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ReadFindings) is { } forbidden) return forbidden;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var overdue =
            from f in db.ReviewFindings
            where (f.Status == FindingStatus.Open || f.Status == FindingStatus.RemediationProposed) && f.DueOn < today
            join a in db.Assessments on f.AssessmentId equals a.Id
            join v in db.Vendors on a.VendorId equals v.Id
            select new { f, a, v };
        var total = await overdue.CountAsync(cancellationToken);
        var rows = await overdue
            .OrderBy(x => x.f.DueOn).ThenByDescending(x => x.f.Severity).ThenBy(x => x.v.LegalName)
            .Take(OverdueFindingsShown)
            .Select(x => new OverdueFindingRow(x.f.Id, x.a.Id, x.a.Title, x.v.Id, x.v.LegalName, x.f.Severity, x.f.Title, x.f.Status, x.f.OwnerKind,
                x.f.DueOn))
            .ToListAsync(cancellationToken);
        return new OverdueFindings(rows, total, today);
    }

    /// <summary>Decisions whose next reassessment falls due, or whose committee acceptance ends, in the next 90 days.</summary>
    private async Task<(int Count, IReadOnlyList<ExpiringDecision> Soon)> ExpiringAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var horizon = today.AddDays(ExpiryDays);
        var expiring =
            from s in db.ReassessmentSchedules
            where s.DueOn >= today && s.DueOn <= horizon
            join v in db.Vendors on s.VendorId equals v.Id
            where v.Status != VendorStatus.Offboarded
            select new { s, v };
        var count = await expiring.CountAsync(cancellationToken);
        var soon = await expiring
            .OrderBy(x => x.s.DueOn).ThenBy(x => x.v.LegalName)
            .Take(ExpiringShown)
            .Select(x => new ExpiringDecision(x.v.Id, x.v.LegalName, x.s.DueOn,
                x.s.AcceptanceExpiresOn != null && x.s.AcceptanceExpiresOn < x.s.CadenceDueOn,
                x.v.DecisionStatus, x.s.BasedOnAssessmentId))
            .ToListAsync(cancellationToken);
        return (count, soon);
    }

    /// <summary>Vendors by tier, by status and by current residual rating, from the tenant's running counts (ADR-019).</summary>
    private async Task<(int VendorCount, IReadOnlyDictionary<RiskTier, int> ByTier, int Untiered, IReadOnlyDictionary<VendorStatus, int> ByStatus,
        int[,] Heat, int Rated)> VendorCountersAsync(CancellationToken cancellationToken)
    {
        var counters = await db.PortfolioCounters
            .Where(c => c.Name.StartsWith(PortfolioCounters.TierPrefix) || c.Name.StartsWith(PortfolioCounters.StatusPrefix)
                || c.Name.StartsWith(PortfolioCounters.ResidualPrefix))
            .Select(c => new { c.Name, c.Value })
            .ToListAsync(cancellationToken);
        IEnumerable<(string Key, int Value)> Under(string prefix) =>
            counters.Where(c => c.Name.StartsWith(prefix, StringComparison.Ordinal) && c.Value > 0).Select(c => (c.Name[prefix.Length..], c.Value));

        var tiers = Under(PortfolioCounters.TierPrefix).ToList();
        var byTier = tiers.Where(t => Enum.TryParse<RiskTier>(t.Key, out _)).ToDictionary(t => Enum.Parse<RiskTier>(t.Key), t => t.Value);
        var untiered = tiers.Where(t => t.Key == PortfolioCounters.Untiered).Sum(t => t.Value);
        var vendorCount = tiers.Sum(t => t.Value);
        var byStatus = Under(PortfolioCounters.StatusPrefix).Where(s => Enum.TryParse<VendorStatus>(s.Key, out _))
            .ToDictionary(s => Enum.Parse<VendorStatus>(s.Key), s => s.Value);
        var heat = new int[5, 5];
        var rated = 0;
        foreach (var (key, value) in Under(PortfolioCounters.ResidualPrefix))
            if (PortfolioCounters.ParseCell(key) is ({ } l and >= 1 and <= 5, { } i and >= 1 and <= 5))
            {
                heat[l - 1, i - 1] = value;
                rated += value;
            }
        return (vendorCount, byTier, untiered, byStatus, heat, rated);
    }

    /// <summary>
    /// Decisions per calendar month (UTC) of the last twelve, this month included, by the residual level they recorded: at
    /// most 25 running counts per month (ADR-019), whatever the number of decisions.
    /// </summary>
    private async Task<IReadOnlyList<DecisionMonth>> TrendAsync(DateOnly today, CancellationToken cancellationToken)
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
        return [.. Enumerable.Range(0, TrendMonths).Select(m => new DecisionMonth(first.AddMonths(m),
            [.. Enumerable.Range(0, Levels.Count).Select(l => byMonth[m, l])]))];
    }

    private static int LevelIndex(int likelihood, int impact) => Levels.Select((name, index) => (name, index)).First(l => l.name == Level(likelihood, impact)).index;

    /// <summary>The foundation-model providers and subprocessors most vendors depend on (names compared case-insensitively; ADR-019).</summary>
    private async Task<IReadOnlyList<PartyCount>> TopPartiesAsync(DependencyKind kind, CancellationToken cancellationToken) => await db.PartyConcentrations
        .Where(p => p.Kind == kind && p.Vendors > 0)
        .OrderByDescending(p => p.Vendors).ThenBy(p => p.NameKey)
        .Take(TopParties)
        .Select(p => new PartyCount(p.Name, p.Vendors))
        .ToListAsync(cancellationToken);
}
