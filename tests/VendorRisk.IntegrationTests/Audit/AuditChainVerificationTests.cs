using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Domain.Audit;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Infrastructure;

namespace VendorRisk.IntegrationTests.Audit;

/// <summary>Tampering with the stored trail, the way someone with database access would, is detected.</summary>
public sealed class AuditChainVerificationTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task An_untouched_chain_verifies_as_intact()
    {
        var tenant = await TenantWithEventsAsync(5);

        var result = await VerifyAsync(tenant.Id);

        Assert.True(result.IsIntact, result.Message);
        Assert.Equal(6, result.CheckedEvents); // tenant.created + 5
        Assert.Null(result.FirstBadSequence);
    }

    [Fact]
    public async Task A_changed_row_is_reported_as_the_first_bad_sequence()
    {
        var tenant = await TenantWithEventsAsync(5);
        var rowId = await RowIdAsync(tenant.Id, sequence: 3);

        await app.InDbAsync(db => db.Database.ExecuteSqlRawAsync(
            """UPDATE "AuditEvents" SET "DetailsJson" = {0} WHERE "Id" = {1}""", "{\"n\":999}", rowId));

        var result = await VerifyAsync(tenant.Id);
        Assert.False(result.IsIntact);
        Assert.Equal(3, result.FirstBadSequence);
        Assert.Contains("changed", result.Message, StringComparison.Ordinal);
        Assert.Equal(2, result.CheckedEvents);
    }

    [Fact]
    public async Task A_deleted_row_in_the_middle_is_reported_as_a_gap()
    {
        var tenant = await TenantWithEventsAsync(5);
        var rowId = await RowIdAsync(tenant.Id, sequence: 4);

        await app.InDbAsync(db => db.Database.ExecuteSqlRawAsync("""DELETE FROM "AuditEvents" WHERE "Id" = {0}""", rowId));

        var result = await VerifyAsync(tenant.Id);
        Assert.False(result.IsIntact);
        Assert.Equal(4, result.FirstBadSequence);
        Assert.Contains("missing", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_last_row_is_detected_through_the_chain_head()
    {
        var tenant = await TenantWithEventsAsync(5);
        var rowId = await RowIdAsync(tenant.Id, sequence: 6);

        await app.InDbAsync(db => db.Database.ExecuteSqlRawAsync("""DELETE FROM "AuditEvents" WHERE "Id" = {0}""", rowId));

        var result = await VerifyAsync(tenant.Id);
        Assert.False(result.IsIntact);
        Assert.Equal(6, result.FirstBadSequence);
        Assert.Contains("removed from the end", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tampered_chain_head_is_detected()
    {
        var tenant = await TenantWithEventsAsync(3);

        await app.InDbAsync(db => db.AuditChainHeads.IgnoreQueryFilters().Where(h => h.TenantId == tenant.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Hash, new string('0', 64))));

        var result = await VerifyAsync(tenant.Id);
        Assert.False(result.IsIntact);
        Assert.Contains("chain head", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tampering_with_one_tenants_chain_leaves_another_tenants_chain_intact()
    {
        var a = await TenantWithEventsAsync(2);
        var b = await TenantWithEventsAsync(2);
        var rowId = await RowIdAsync(a.Id, sequence: 2);

        await app.InDbAsync(db => db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEvents" SET "ActorName" = 'mallory' WHERE "Id" = {0}""", rowId));

        Assert.False((await VerifyAsync(a.Id)).IsIntact);
        Assert.True((await VerifyAsync(b.Id)).IsIntact);
    }

    [Fact]
    public async Task The_platform_chain_can_be_read_and_verified_outside_a_tenant()
    {
        await app.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<AuditLog>().Record(AuditActions.SignInFailed, "User", Guid.NewGuid(), new { email = "x@example.test" });
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });

        var (count, result) = await app.InScopeAsync(async sp => (
            await sp.GetRequiredService<AppDbContext>().AuditEvents.CountAsync(),
            await sp.GetRequiredService<AuditVerifier>().VerifyCurrentChainAsync()));

        Assert.True(count >= 1);
        Assert.True(result.IsIntact, result.Message);
        Assert.Equal(count, result.CheckedEvents);
    }

    /// <summary>A tenant whose chain holds its creation event and <paramref name="count"/> more.</summary>
    private async Task<Tenant> TenantWithEventsAsync(int count)
    {
        var tenant = await app.CreateTenantAsync();
        await app.InScopeAsync(async sp =>
        {
            var audit = sp.GetRequiredService<AuditLog>();
            var db = sp.GetRequiredService<AppDbContext>();
            audit.Record(AuditActions.TenantCreated, "Tenant", tenant.Id, new { tenant.Slug });
            await db.SaveChangesAsync();
            for (var i = 1; i <= count; i++)
            {
                app.Clock.Advance(TimeSpan.FromSeconds(1));
                audit.Record(AuditActions.RolesChanged, "Membership", Guid.NewGuid(), new { n = i });
                await db.SaveChangesAsync();
            }
        }, tenant.Id);
        return tenant;
    }

    private Task<long> RowIdAsync(Guid tenantId, long sequence) =>
        app.InDbAsync(db => db.AuditEvents.Where(e => e.Sequence == sequence).Select(e => e.Id).SingleAsync(), tenantId);

    private Task<AuditChainVerification> VerifyAsync(Guid tenantId) =>
        app.InScopeAsync(sp => sp.GetRequiredService<AuditVerifier>().VerifyCurrentChainAsync(), tenantId);
}
