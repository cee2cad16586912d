using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Vendors;
using VendorRisk.Infrastructure.Portfolio;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Dashboard.DashboardTestKit;

namespace VendorRisk.IntegrationTests.Dashboard;

/// <summary>
/// The dashboard's running counts (ADR-019) against a recount from the rows: whatever sequence of changes the pages make, the
/// counts kept on the way must equal what <see cref="PortfolioCounters.RebuildAsync"/> counts afterwards.
/// </summary>
public sealed class PortfolioCounterTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    private Task<Dictionary<string, int>> CountersAsync(Tenant tenant) =>
        app.InDbAsync(db => db.PortfolioCounters.Where(c => c.Value != 0).ToDictionaryAsync(c => c.Name, c => c.Value), tenant.Id);

    private Task<Dictionary<string, int>> PartiesAsync(Tenant tenant) =>
        app.InDbAsync(db => db.PartyConcentrations.ToDictionaryAsync(p => $"{p.Kind}/{p.NameKey}/{p.Name}", p => p.Vendors), tenant.Id);

    [Fact]
    public async Task Counts_kept_through_every_kind_of_change_equal_a_recount_from_the_rows()
    {
        var tenant = await app.CreateTenantAsync();
        var owner = await app.CreateMemberAsync(tenant, TenantRoles.VendorManager);
        var template = await TemplateAsync(app, tenant, owner.Id);
        var alpha = await VendorAsync(app, tenant, "Alpha", RiskTier.High, VendorStatus.Active, ["OpenAI"], ["CloudCo"]);
        var bravo = await VendorAsync(app, tenant, "Bravo", RiskTier.Low, VendorStatus.Prospect, ["openai", "Anthropic"]);
        var charlie = await VendorAsync(app, tenant, "Charlie", null, VendorStatus.Onboarding, ["OPENAI"]);
        await DecidedAsync(app, tenant, template, alpha.Id, owner.Id, (4, 3));
        await DecidedAsync(app, tenant, template, bravo.Id, owner.Id, (2, 2), AssessmentDecision.Rejected);
        await DecidedAsync(app, tenant, template, charlie.Id, owner.Id, null);

        // A month later: tiers, statuses and ratings move on saved vendors; a profile drops a provider; Alpha is decided again.
        app.Clock.Advance(TimeSpan.FromDays(35));
        await app.InDbAsync(async db =>
        {
            var now = app.Clock.GetUtcNow();
            var vendors = await db.Vendors.Where(v => v.Id == bravo.Id || v.Id == charlie.Id).ToListAsync();
            vendors.Single(v => v.Id == bravo.Id).OverrideTier(RiskTier.Critical, "Processes patient records.", now);
            vendors.Single(v => v.Id == bravo.Id).StartOnboarding();
            vendors.Single(v => v.Id == charlie.Id).SetComputedTier(RiskTier.Medium, now);
            vendors.Single(v => v.Id == charlie.Id).Activate();
            var system = await db.AiSystems.Include(s => s.Dependencies).SingleAsync(s => s.VendorId == bravo.Id);
            system.Update(system.Name, system.Profile with { FoundationModels = [new FoundationModel("Anthropic", "large", null)] }, owner.Id, now);
            await db.SaveChangesAsync();
            return 0;
        }, tenant.Id);
        await DecidedAsync(app, tenant, template, alpha.Id, owner.Id, (1, 2));

        var kept = await CountersAsync(tenant);
        var keptParties = await PartiesAsync(tenant);

        // What the dashboard will read, worked out by hand.
        Assert.Equal(1, kept[PortfolioCounters.TierCounter(RiskTier.High)]);
        Assert.Equal(1, kept[PortfolioCounters.TierCounter(RiskTier.Critical)]);
        Assert.Equal(1, kept[PortfolioCounters.TierCounter(RiskTier.Medium)]);
        Assert.False(kept.ContainsKey(PortfolioCounters.TierCounter(RiskTier.Low)));
        Assert.False(kept.ContainsKey(PortfolioCounters.TierCounter(null)));
        Assert.Equal(2, kept[PortfolioCounters.StatusCounter(VendorStatus.Active)]);
        Assert.Equal(1, kept[PortfolioCounters.StatusCounter(VendorStatus.Onboarding)]);
        Assert.False(kept.ContainsKey(PortfolioCounters.StatusCounter(VendorStatus.Prospect)));
        // Alpha's current rating moved from 4x3 to 1x2; Bravo keeps 2x2; Charlie was decided without one.
        Assert.Equal(1, kept[PortfolioCounters.ResidualCounter(1, 2)]);
        Assert.Equal(1, kept[PortfolioCounters.ResidualCounter(2, 2)]);
        Assert.False(kept.ContainsKey(PortfolioCounters.ResidualCounter(4, 3)));
        var firstMonth = PortfolioCounters.MonthOf(app.Clock.GetUtcNow().AddDays(-35));
        var secondMonth = PortfolioCounters.MonthOf(app.Clock.GetUtcNow());
        Assert.Equal(1, kept[PortfolioCounters.DecisionCounter(firstMonth, 4, 3)]);
        Assert.Equal(1, kept[PortfolioCounters.DecisionCounter(firstMonth, 2, 2)]);
        Assert.Equal(1, kept[PortfolioCounters.DecisionCounter(secondMonth, 1, 2)]);
        // "OpenAI", "openai" and "OPENAI" are one provider; Bravo no longer uses it.
        Assert.Equal(new Dictionary<string, int>
        {
            ["FoundationModelProvider/OPENAI/OPENAI"] = 2,
            ["FoundationModelProvider/ANTHROPIC/Anthropic"] = 1,
            ["Subprocessor/CLOUDCO/CloudCo"] = 1,
        }, keptParties);

        await app.InDbAsync(async db => { await PortfolioCounters.RebuildAsync(db); return 0; });

        Assert.Equal(kept, await CountersAsync(tenant));
        Assert.Equal(keptParties, await PartiesAsync(tenant));
    }

    [Fact]
    public async Task A_rebuild_asked_for_by_a_migration_recounts_once_and_removes_its_marker()
    {
        var tenant = await app.CreateTenantAsync();
        await VendorAsync(app, tenant, "Delta", RiskTier.High, VendorStatus.Active, ["Example Labs"]);
        var before = await CountersAsync(tenant);
        var parties = await PartiesAsync(tenant);
        Assert.Equal(1, before[PortfolioCounters.TierCounter(RiskTier.High)]);

        // As after the migration: no counts yet for the rows already there, and the marker it leaves.
        await app.InDbAsync(async db =>
        {
            await db.PortfolioCounters.IgnoreQueryFilters().ExecuteDeleteAsync();
            await db.PartyConcentrations.IgnoreQueryFilters().ExecuteDeleteAsync();
            await db.Database.ExecuteSqlRawAsync(PortfolioCounters.RequestRebuildSql);
            return 0;
        });
        Assert.Empty(await CountersAsync(tenant));

        Assert.True(await app.InDbAsync(db => PortfolioCounters.RebuildIfRequestedAsync(db)));
        Assert.Equal(before, await CountersAsync(tenant));
        Assert.Equal(parties, await PartiesAsync(tenant));
        Assert.False(await app.InDbAsync(db => db.PortfolioCounters.IgnoreQueryFilters().AnyAsync(c => c.Name == PortfolioCounters.RebuildRequested)));
        Assert.False(await app.InDbAsync(db => PortfolioCounters.RebuildIfRequestedAsync(db)));
    }

    [Fact]
    public async Task A_tenant_reads_only_its_own_counts()
    {
        var mine = await app.CreateTenantAsync();
        var theirs = await app.CreateTenantAsync();
        await VendorAsync(app, theirs, "Echo", RiskTier.Critical, VendorStatus.Active, ["Secret Models"]);

        Assert.Empty(await CountersAsync(mine));
        Assert.Empty(await PartiesAsync(mine));
        Assert.NotEmpty(await CountersAsync(theirs));
    }
}
