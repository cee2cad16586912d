using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.AuditTrail;
using VendorRisk.Domain.Audit;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Audit;

/// <summary>
/// Issue 16, V5: someone who can write to the database rewrites the trail the way the chain alone cannot catch (re-hashing
/// everything after an edit, cutting the tail and moving the head back, deleting the whole chain). Each passed the chain's own
/// verification before; the signed checkpoints outside the database catch each and say where.
/// </summary>
public sealed class AuditAnchorTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task A_rewritten_and_re_hashed_chain_verifies_on_its_own_but_not_against_its_checkpoints()
    {
        var tenant = await TenantWithEventsAsync(6);
        await CheckpointAsync();

        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEvents" SET "DetailsJson" = {0} WHERE "TenantId" = {1} AND "Sequence" = 3""", "{\"n\":999}", tenant.Id);
            await ReHashAsync(db, tenant.Id);
        }, tenant.Id);

        var events = await app.InDbAsync(db => db.AuditEvents.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(), tenant.Id);
        var head = await app.InDbAsync(db => db.AuditChainHeads.AsNoTracking().SingleAsync(), tenant.Id);
        Assert.True(AuditChainVerifier.Verify(events, head).IsIntact, "The forgery must fool the chain alone, or this test shows nothing.");

        var result = await VerifyAsync(tenant.Id);
        Assert.False(result.IsIntact);
        // Before ADR-036 the only checkpoint (at the head) placed the rewrite somewhere in 1..7 (first bad event 1); the rows' keyed
        // hashes now name the edited row itself.
        Assert.Equal(3, result.FirstBadSequence);
        Assert.Contains("keyed hash", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rewrite_after_an_earlier_checkpoint_is_named_at_its_row_not_only_between_the_two_checkpoints()
    {
        var tenant = await TenantWithEventsAsync(3);
        await CheckpointAsync(); // at event 4
        await MoreEventsAsync(tenant, 3);
        await CheckpointAsync(); // at event 7

        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEvents" SET "DetailsJson" = {0} WHERE "TenantId" = {1} AND "Sequence" = 6""", "{\"n\":999}", tenant.Id);
            await ReHashAsync(db, tenant.Id);
        }, tenant.Id);

        var result = await VerifyAsync(tenant.Id);
        Assert.False(result.IsIntact);
        Assert.Equal(6, result.FirstBadSequence); // before ADR-036: 5, "from 5 to 7"
        Assert.Contains("Event 6", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cut_tail_with_the_head_moved_back_is_detected()
    {
        var tenant = await TenantWithEventsAsync(6);
        await CheckpointAsync();

        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await db.Database.ExecuteSqlRawAsync("""DELETE FROM "AuditEvents" WHERE "TenantId" = {0} AND "Sequence" > 4""", tenant.Id);
            var last = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Sequence == 4);
            await db.AuditChainHeads.ExecuteUpdateAsync(s => s.SetProperty(h => h.Sequence, 4L).SetProperty(h => h.Hash, last.Hash));
        }, tenant.Id);

        var result = await VerifyAsync(tenant.Id);
        Assert.False(result.IsIntact);
        Assert.Equal(5, result.FirstBadSequence);
        Assert.Contains("removed", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_chain_is_detected()
    {
        var tenant = await TenantWithEventsAsync(2);
        await CheckpointAsync();

        await app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await db.AuditEvents.ExecuteDeleteAsync();
            await db.AuditChainHeads.ExecuteDeleteAsync();
        }, tenant.Id);

        var result = await VerifyAsync(tenant.Id);
        Assert.False(result.IsIntact);
        Assert.Contains("deleted", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_untouched_chain_agrees_with_its_checkpoints_and_a_forged_checkpoint_line_is_reported()
    {
        var tenant = await TenantWithEventsAsync(2);
        Assert.True(await CheckpointAsync() >= 1);
        Assert.Equal(0, await CheckpointAsync()); // nothing moved: nothing written

        var intact = await VerifyAsync(tenant.Id);
        Assert.True(intact.IsIntact, intact.Message);
        Assert.Contains("checkpoint", intact.Message, StringComparison.Ordinal);

        var anchors = app.Services.GetRequiredService<AuditAnchors>();
        await File.AppendAllTextAsync(anchors.CheckpointPath,
            $$"""{"Chain":"{{tenant.Id}}","Sequence":99,"Hash":"00","At":"2026-01-01T00:00:00.0000000+00:00","Mac":"ABCD"}""" + "\n");
        var forged = await VerifyAsync(tenant.Id);
        Assert.False(forged.IsIntact);
        Assert.Contains("not signed", forged.Message, StringComparison.Ordinal);
    }

    private Task<int> CheckpointAsync() =>
        app.InScopeAsync(sp => sp.GetRequiredService<AuditCheckpointJob>().RunAsync(CancellationToken.None));

    /// <summary>What a forger without the anchor key does after editing rows: recomputes every hash and the head.</summary>
    private static async Task ReHashAsync(AppDbContext db, Guid tenantId)
    {
        var previous = "";
        foreach (var e in await db.AuditEvents.AsNoTracking().OrderBy(x => x.Sequence).ToListAsync())
        {
            e.Chain(e.Sequence, previous);
            await db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEvents" SET "Hash" = {0}, "PreviousHash" = {1} WHERE "Id" = {2}""", e.Hash, e.PreviousHash, e.Id);
            previous = e.Hash;
        }
        await db.AuditChainHeads.Where(h => h.TenantId == tenantId).ExecuteUpdateAsync(s => s.SetProperty(h => h.Hash, previous));
    }

    private Task<Tenant> TenantWithEventsAsync(int count) => AuditTestKit.TenantWithEventsAsync(app, count);

    private Task MoreEventsAsync(Tenant tenant, int count) => AuditTestKit.MoreEventsAsync(app, tenant, count);

    private Task<AuditChainVerification> VerifyAsync(Guid tenantId) =>
        app.InScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyCurrentChainAsync(), tenantId);
}
