using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Persistence;

using RiskTier = VendorRisk.Domain.Questionnaires.RiskTier;

namespace VendorRisk.Infrastructure.Portfolio;

/// <summary>
/// Keeps the dashboard's counters (ADR-019). As a participant in every save (<see cref="PortfolioCounterParticipant"/>), it
/// reads the changes before the save writes (<see cref="Collect"/>) and writes the counts after (<see cref="ApplyAsync"/>), in one
/// transaction, so a count moves with the change it counts or not at all. Counts move by deltas read from the change tracker (original against current values),
/// written as atomic upserts (MERGE ... HOLDLOCK on SQL Server, INSERT ... ON CONFLICT on PostgreSQL and SQLite), so concurrent writers on a server database add up instead of overwriting each other. A party's vendor
/// count is a distinct count, which no delta can keep; it is recounted from the covering index on the party's dependencies.
/// </summary>
public static class PortfolioCounters
{
    public const string TierPrefix = "vendors/tier/";
    public const string StatusPrefix = "vendors/status/";
    public const string ResidualPrefix = "vendors/residual/";
    public const string DecisionPrefix = "decisions/";
    public const string Untiered = "none";

    /// <summary>
    /// Left by anyone who wants the counters recounted (an operator after a bulk load or a restore): at start-up,
    /// <see cref="RebuildIfRequestedAsync"/> recounts everything and removes it.
    /// </summary>
    public const string RebuildRequested = "rebuild-requested";

    /// <summary>Leaves the <see cref="RebuildRequested"/> marker (for an operator, or a migration that changes what is counted).</summary>
    public const string RequestRebuildSql =
        $"INSERT INTO \"PortfolioCounters\" (\"TenantId\", \"Name\", \"Value\") VALUES ('00000000-0000-0000-0000-000000000000', '{RebuildRequested}', 1);";

    public static string TierCounter(RiskTier? tier) => TierPrefix + (tier?.ToString() ?? Untiered);
    public static string StatusCounter(VendorStatus status) => StatusPrefix + status;
    public static string ResidualCounter(int likelihood, int impact) => ResidualPrefix + Cell(likelihood, impact);
    /// <summary>Decisions recorded in the UTC month starting at <paramref name="month"/> with this residual rating.</summary>
    public static string DecisionCounter(DateOnly month, int likelihood, int impact) =>
        DecisionPrefix + MonthKey(month) + "/" + Cell(likelihood, impact);
    public static string MonthKey(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
    private static string Cell(int likelihood, int impact) => string.Create(CultureInfo.InvariantCulture, $"{likelihood}x{impact}");

    /// <summary>Parses the "3x4" at the end of a residual or decision counter's name.</summary>
    public static (int Likelihood, int Impact)? ParseCell(string name)
    {
        var cell = name[(name.LastIndexOf('/') + 1)..].Split('x');
        return cell.Length == 2 && int.TryParse(cell[0], CultureInfo.InvariantCulture, out var l) && int.TryParse(cell[1], CultureInfo.InvariantCulture, out var i)
            ? (l, i) : null;
    }

    public sealed record Changes(IReadOnlyDictionary<(Guid Tenant, string Name), int> Deltas,
        IReadOnlySet<(Guid Tenant, DependencyKind Kind, string NameKey)> Parties)
    {
        public bool IsEmpty => Deltas.Count == 0 && Parties.Count == 0;
    }

    /// <summary>What the pending changes do to the counters; read before saving, while original values are known.</summary>
    public static Changes Collect(ChangeTracker tracker)
    {
        var deltas = new Dictionary<(Guid, string), int>();
        void Move(Guid tenant, IEnumerable<string> from, IEnumerable<string> to)
        {
            foreach (var name in from) deltas[(tenant, name)] = deltas.GetValueOrDefault((tenant, name)) - 1;
            foreach (var name in to) deltas[(tenant, name)] = deltas.GetValueOrDefault((tenant, name)) + 1;
        }

        var parties = new HashSet<(Guid, DependencyKind, string)>();
        // One pass over the tracked entries: this runs on every save, the autosave's included.
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted)) continue;
            switch (entry.Entity)
            {
                case Vendor vendor:
                    Move(vendor.TenantId, Counted(entry, useOriginal: true, VendorNames), Counted(entry, useOriginal: false, VendorNames));
                    break;
                case Assessment assessment:
                    Move(assessment.TenantId, Counted(entry, useOriginal: true, DecisionNames), Counted(entry, useOriginal: false, DecisionNames));
                    break;
                case AiSystemDependency dependency:
                    if (entry.State != EntityState.Added)
                        parties.Add((dependency.TenantId, (DependencyKind)entry.Property(nameof(AiSystemDependency.Kind)).OriginalValue!,
                            (string)entry.Property(nameof(AiSystemDependency.NameKey)).OriginalValue!));
                    if (entry.State != EntityState.Deleted)
                        parties.Add((dependency.TenantId, dependency.Kind, dependency.NameKey));
                    break;
            }
        }

        foreach (var key in deltas.Where(d => d.Value == 0).Select(d => d.Key).ToList()) deltas.Remove(key);
        return new Changes(deltas, parties);
    }

    /// <summary>The counters a row counts in, from its original values (as stored) or its current ones (as about to be).</summary>
    private static IEnumerable<string> Counted(EntityEntry entry, bool useOriginal, Func<Func<string, object?>, IEnumerable<string>> names)
    {
        if (useOriginal ? entry.State == EntityState.Added : entry.State == EntityState.Deleted) return [];
        return names(property => useOriginal ? entry.Property(property).OriginalValue : entry.Property(property).CurrentValue);
    }

    private static IEnumerable<string> VendorNames(Func<string, object?> value)
    {
        yield return TierCounter((RiskTier?)value(nameof(Vendor.InherentTier)));
        yield return StatusCounter((VendorStatus)value(nameof(Vendor.Status))!);
        if (value(nameof(Vendor.ResidualLikelihood)) is int likelihood && value(nameof(Vendor.ResidualImpact)) is int impact)
            yield return ResidualCounter(likelihood, impact);
    }

    private static IEnumerable<string> DecisionNames(Func<string, object?> value)
    {
        if (value(nameof(Assessment.Status)) is AssessmentStatus.Approved or AssessmentStatus.ApprovedWithConditions or AssessmentStatus.Rejected
            && value(nameof(Assessment.DecidedAt)) is DateTimeOffset decidedAt
            && value(nameof(Assessment.ResidualLikelihood)) is int likelihood && value(nameof(Assessment.ResidualImpact)) is int impact)
            yield return DecisionCounter(MonthOf(decidedAt), likelihood, impact);
    }

    public static DateOnly MonthOf(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return new DateOnly(utc.Year, utc.Month, 1);
    }

    /// <summary>Writes <paramref name="changes"/>; the caller's transaction must be open and the changes saved.</summary>
    public static async Task ApplyAsync(AppDbContext db, Changes changes, CancellationToken cancellationToken)
    {
        var sqlServer = db.Database.IsSqlServer();
        var postgres = db.Database.IsNpgsql();
        foreach (var ((tenant, name), delta) in changes.Deltas)
        {
            if (sqlServer)
                await db.Database.ExecuteSqlAsync($"""
                    MERGE "PortfolioCounters" WITH (HOLDLOCK) AS c
                    USING (SELECT {tenant} AS "TenantId", {name} AS "Name") AS k ON c."TenantId" = k."TenantId" AND c."Name" = k."Name"
                    WHEN MATCHED THEN UPDATE SET "Value" = c."Value" + {delta}
                    WHEN NOT MATCHED THEN INSERT ("TenantId", "Name", "Value") VALUES (k."TenantId", k."Name", {delta});
                    """, cancellationToken);
            else if (postgres)
                // The row being updated is named by its table: an unqualified "Value" would be ambiguous beside EXCLUDED's.
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "PortfolioCounters" AS c ("TenantId", "Name", "Value") VALUES ({tenant}, {name}, {delta})
                    ON CONFLICT ("TenantId", "Name") DO UPDATE SET "Value" = c."Value" + EXCLUDED."Value";
                    """, cancellationToken);
            else
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "PortfolioCounters" ("TenantId", "Name", "Value") VALUES ({tenant}, {name}, {delta})
                    ON CONFLICT ("TenantId", "Name") DO UPDATE SET "Value" = "Value" + excluded."Value";
                    """, cancellationToken);
        }

        foreach (var (tenant, kind, nameKey) in changes.Parties)
        {
            var dependencies = db.AiSystemDependencies.IgnoreQueryFilters().Where(d => d.TenantId == tenant && d.Kind == kind && d.NameKey == nameKey);
            var vendors = await dependencies.Select(d => d.VendorId).Distinct().CountAsync(cancellationToken);
            if (vendors == 0)
            {
                await db.Set<PartyConcentration>().IgnoreQueryFilters()
                    .Where(p => p.TenantId == tenant && p.Kind == kind && p.NameKey == nameKey).ExecuteDeleteAsync(cancellationToken);
                continue;
            }
            var name = await dependencies.MinAsync(d => d.Name, cancellationToken);
            var kindName = kind.ToString();
            if (sqlServer)
                await db.Database.ExecuteSqlAsync($"""
                    MERGE "PartyConcentrations" WITH (HOLDLOCK) AS p
                    USING (SELECT {tenant} AS "TenantId", {kindName} AS "Kind", {nameKey} AS "NameKey") AS k
                        ON p."TenantId" = k."TenantId" AND p."Kind" = k."Kind" AND p."NameKey" = k."NameKey"
                    WHEN MATCHED THEN UPDATE SET "Name" = {name}, "Vendors" = {vendors}
                    WHEN NOT MATCHED THEN INSERT ("TenantId", "Kind", "NameKey", "Name", "Vendors") VALUES (k."TenantId", k."Kind", k."NameKey", {name}, {vendors});
                    """, cancellationToken);
            else if (postgres)
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "PartyConcentrations" AS p ("TenantId", "Kind", "NameKey", "Name", "Vendors") VALUES ({tenant}, {kindName}, {nameKey}, {name}, {vendors})
                    ON CONFLICT ("TenantId", "Kind", "NameKey") DO UPDATE SET "Name" = EXCLUDED."Name", "Vendors" = EXCLUDED."Vendors";
                    """, cancellationToken);
            else
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "PartyConcentrations" ("TenantId", "Kind", "NameKey", "Name", "Vendors") VALUES ({tenant}, {kindName}, {nameKey}, {name}, {vendors})
                    ON CONFLICT ("TenantId", "Kind", "NameKey") DO UPDATE SET "Name" = excluded."Name", "Vendors" = excluded."Vendors";
                    """, cancellationToken);
        }
    }

    /// <summary>
    /// Recounts every counter from the rows, if an operator or a migration asked for it by leaving
    /// the <see cref="RebuildRequested"/> marker. Run at start-up, before requests are served.
    /// </summary>
    public static async Task<bool> RebuildIfRequestedAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        if (!await db.Set<PortfolioCounter>().IgnoreQueryFilters().AnyAsync(c => c.TenantId == Guid.Empty && c.Name == RebuildRequested, cancellationToken))
            return false;
        await RebuildAsync(db, cancellationToken);
        return true;
    }

    /// <summary>Recounts every tenant's counters from the rows, in one transaction: for a bulk load, and when the marker asks for it.</summary>
    public static async Task RebuildAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        var counters = new Dictionary<(Guid Tenant, string Name), int>();
        void Add(Guid tenant, string name, int n) => counters[(tenant, name)] = counters.GetValueOrDefault((tenant, name)) + n;

        var vendors = db.Vendors.IgnoreQueryFilters();
        foreach (var g in await vendors.GroupBy(v => new { v.TenantId, v.InherentTier }).Select(g => new { g.Key.TenantId, g.Key.InherentTier, N = g.Count() }).ToListAsync(cancellationToken))
            Add(g.TenantId, TierCounter(g.InherentTier), g.N);
        foreach (var g in await vendors.GroupBy(v => new { v.TenantId, v.Status }).Select(g => new { g.Key.TenantId, g.Key.Status, N = g.Count() }).ToListAsync(cancellationToken))
            Add(g.TenantId, StatusCounter(g.Status), g.N);
        foreach (var g in await vendors.Where(v => v.ResidualLikelihood != null && v.ResidualImpact != null)
                     .GroupBy(v => new { v.TenantId, L = v.ResidualLikelihood!.Value, I = v.ResidualImpact!.Value })
                     .Select(g => new { g.Key.TenantId, g.Key.L, g.Key.I, N = g.Count() }).ToListAsync(cancellationToken))
            Add(g.TenantId, ResidualCounter(g.L, g.I), g.N);

        // The month is taken in .NET: DateTimeOffset is stored in a binary form that SQL cannot split into a calendar month.
        var decided = db.Assessments.IgnoreQueryFilters().AsNoTracking()
            .Where(a => (a.Status == AssessmentStatus.Approved || a.Status == AssessmentStatus.ApprovedWithConditions || a.Status == AssessmentStatus.Rejected)
                && a.DecidedAt != null && a.ResidualLikelihood != null && a.ResidualImpact != null)
            .Select(a => new { a.TenantId, DecidedAt = a.DecidedAt!.Value, L = a.ResidualLikelihood!.Value, I = a.ResidualImpact!.Value });
        await foreach (var a in decided.AsAsyncEnumerable().WithCancellation(cancellationToken))
            Add(a.TenantId, DecisionCounter(MonthOf(a.DecidedAt), a.L, a.I), 1);

        var parties = await db.AiSystemDependencies.IgnoreQueryFilters()
            .GroupBy(d => new { d.TenantId, d.Kind, d.NameKey })
            .Select(g => new PartyConcentration
            {
                TenantId = g.Key.TenantId, Kind = g.Key.Kind, NameKey = g.Key.NameKey,
                Name = g.Min(d => d.Name)!, Vendors = g.Select(d => d.VendorId).Distinct().Count(),
            })
            .ToListAsync(cancellationToken);

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Set<PortfolioCounter>().IgnoreQueryFilters().ExecuteDeleteAsync(cancellationToken);
            await db.Set<PartyConcentration>().IgnoreQueryFilters().ExecuteDeleteAsync(cancellationToken);
            foreach (var chunk in counters.Select(c => new PortfolioCounter { TenantId = c.Key.Tenant, Name = c.Key.Name, Value = c.Value }).Chunk(InsertBatch))
                await InsertCountersAsync(db, chunk, cancellationToken);
            foreach (var chunk in parties.Chunk(InsertBatch))
                await InsertPartiesAsync(db, chunk, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    private const int InsertBatch = 200;

    private static Task InsertCountersAsync(AppDbContext db, IReadOnlyList<PortfolioCounter> rows, CancellationToken cancellationToken) =>
        InsertAsync(db, "PortfolioCounters", ["TenantId", "Name", "Value"], rows.Select(r => new object[] { r.TenantId, r.Name, r.Value }), cancellationToken);

    private static Task InsertPartiesAsync(AppDbContext db, IReadOnlyList<PartyConcentration> rows, CancellationToken cancellationToken) =>
        InsertAsync(db, "PartyConcentrations", ["TenantId", "Kind", "NameKey", "Name", "Vendors"],
            rows.Select(r => new object[] { r.TenantId, r.Kind.ToString(), r.NameKey, r.Name, r.Vendors }), cancellationToken);

    /// <summary>One multi-row INSERT; values go in as parameters, typed by EF Core's mapping of their CLR type.</summary>
    private static async Task InsertAsync(AppDbContext db, string table, string[] columns, IEnumerable<object[]> rows, CancellationToken cancellationToken)
    {
        var values = new List<object>();
        var tuples = new List<string>();
        foreach (var row in rows)
        {
            tuples.Add("(" + string.Join(", ", row.Select((_, i) => "{" + (values.Count + i).ToString(CultureInfo.InvariantCulture) + "}")) + ")");
            values.AddRange(row);
        }
        if (tuples.Count == 0) return;
        var sql = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES {string.Join(", ", tuples)};";
        await db.Database.ExecuteSqlRawAsync(sql, values, cancellationToken);
    }
}

/// <summary>The counters' part in every save of the data layer (registered by <see cref="PortfolioServiceCollectionExtensions"/>).</summary>
public sealed class PortfolioCounterParticipant : ISaveChangesParticipant
{
    public object? Prepare(ChangeTracker tracker) => PortfolioCounters.Collect(tracker) is { IsEmpty: false } changes ? changes : null;

    public Task CompleteAsync(AppDbContext db, object prepared, CancellationToken cancellationToken) =>
        PortfolioCounters.ApplyAsync(db, (PortfolioCounters.Changes)prepared, cancellationToken);
}

public static class PortfolioServiceCollectionExtensions
{
    /// <summary>The dashboard's running counts, kept in the transaction of every save (ADR-019).</summary>
    public static IServiceCollection AddVendorRiskPortfolioCounters(this IServiceCollection services) =>
        services.AddSingleton<ISaveChangesParticipant, PortfolioCounterParticipant>();
}
