using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VendorRisk.Domain.Audit;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.IntegrationTests.Infrastructure;
using VendorRisk.Web;
using static VendorRisk.IntegrationTests.Audit.AuditTestKit;

namespace VendorRisk.IntegrationTests.Audit;

/// <summary>
/// Issue 16 item 5, "rotated" (ADR-042): a chain spans row-key and signing-key rotations and still verifies; whoever kept a retired
/// row key cannot add to or rewrite the chain with it; a swapped key file is named at the first row it keyed; a checkpoint signed by a
/// key outside the portal's endorsed signing history is not trusted. Own fixture: these tests rotate the keys of their portal.
/// </summary>
public sealed class AuditKeyRotationTests(VendorRiskApp app) : IClassFixture<VendorRiskApp>
{
    [Fact]
    public async Task A_chain_spanning_a_row_key_rotation_verifies_and_a_row_re_keyed_with_the_retired_key_is_named_at_that_row()
    {
        var tenant = await TenantWithEventsAsync(app, 3);
        var keys = app.Services.GetRequiredService<AuditKeyRing>();
        var retired = keys.Active;
        Assert.Equal(0, await AuditCommands.RunAsync(app.Services, ["audit-keys", "rotate"], new StringWriter()));
        app.Clock.Advance(TimeSpan.FromMinutes(30));
        await MoreEventsAsync(app, tenant, 2); // events 5 and 6, under the new key

        Assert.NotNull(keys.Find(retired.Id)?.RetiredAt);
        var intact = await VerifyAsync(app, tenant.Id);
        Assert.True(intact.IsIntact, intact.Message);

        // Someone who kept the retired key rewrites event 6 and keys it with that key (the portal still holds it, to verify events 1-4).
        await ForgeAsync(tenant.Id, 6, retired, at: null);

        var result = await VerifyAsync(app, tenant.Id);
        Assert.False(result.IsIntact);
        Assert.Equal(6, result.FirstBadSequence);
        Assert.Contains("forged with an old key", result.Message, StringComparison.Ordinal);
        // Before ADR-042 any key the portal held was accepted for any row: this verified as intact.
    }

    [Fact]
    public async Task A_row_keyed_with_a_retired_key_but_dated_after_its_retirement_is_named_even_when_no_newer_row_follows()
    {
        var tenant = await TenantWithEventsAsync(app, 2);
        var keys = app.Services.GetRequiredService<AuditKeyRing>();
        var retired = keys.Active;
        Assert.Equal(0, await AuditCommands.RunAsync(app.Services, ["audit-keys", "rotate"], new StringWriter()));
        app.Clock.Advance(TimeSpan.FromMinutes(30));

        // The tenant was quiet since the rotation; its last event is rewritten as a new one, keyed with the retired key.
        await ForgeAsync(tenant.Id, 3, retired, at: app.Clock.GetUtcNow());

        var result = await VerifyAsync(app, tenant.Id);
        Assert.False(result.IsIntact);
        Assert.Equal(3, result.FirstBadSequence);
        Assert.Contains($"keyed with audit key \"{retired.Id}\", retired", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_key_file_swapped_for_another_key_is_named_at_the_first_row_that_key_keyed()
    {
        var tenant = await TenantWithEventsAsync(app, 2);
        var keyId = await app.InDbAsync(db => db.AuditEvents.Where(e => e.Sequence == 1).Select(e => e.KeyId).SingleAsync(), tenant.Id);
        // The portal restarted on a copy of its key folder in which that key's file holds another key.
        var folder = Path.Combine(app.DataFolder, "swapped-keys-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.EnumerateFiles(app.Services.GetRequiredService<AuditKeyRing>().Folder)) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        await File.WriteAllTextAsync(Path.Combine(folder, $"row-{keyId}.key"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var swapped = new AuditKeyRing(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [AuditKeyRing.KeyFolderSetting] = folder,
        }).Build(), app.Services.GetRequiredService<IHostEnvironment>());

        var result = await app.InScopeAsync(sp => new AuditVerifier(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<TenantContext>(),
            sp.GetRequiredService<AuditAnchors>(), swapped).VerifyCurrentChainAsync(), tenant.Id);

        Assert.False(result.IsIntact);
        Assert.Equal(1, result.FirstBadSequence);
        Assert.Contains("keyed hash does not match", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_signing_key_rotation_checkpoints_of_both_keys_verify_and_a_checkpoint_by_a_key_outside_the_history_does_not()
    {
        var keys = app.Services.GetRequiredService<AuditKeyRing>();
        var tenant = await TenantWithEventsAsync(app, 2);
        await CheckpointAsync(app);
        var first = keys.SignerId;

        var output = new StringWriter();
        Assert.Equal(0, await AuditCommands.RunAsync(app.Services, ["audit-keys", "rotate-signing"], output));
        var second = keys.SignerId;
        Assert.NotEqual(first, second);
        Assert.Contains(second, output.ToString(), StringComparison.Ordinal);
        await MoreEventsAsync(app, tenant, 2);
        await CheckpointAsync(app);

        var anchors = app.Services.GetRequiredService<AuditAnchors>();
        var checkpoints = (await anchors.ReadAsync(tenant.Id, CancellationToken.None)).Checkpoints;
        Assert.Equal([first, second], checkpoints.Select(c => c.Signer));
        Assert.Equal([first, second], keys.Signers.Select(s => s.Id));
        Assert.Equal(first, keys.Signers[1].Previous);
        var result = await VerifyAsync(app, tenant.Id);
        Assert.True(result.IsIntact, result.Message);
        Assert.Contains("2 checkpoint(s) outside the database agree", result.Message, StringComparison.Ordinal);
        // The rotation is on the platform chain.
        Assert.True(await app.InDbAsync(db => db.AuditEvents.AnyAsync(e => e.Action == AuditActions.AuditSigningKeyRotated && e.EntityId == second)));

        // A checkpoint line signed by a key the history does not endorse (someone who put their own key in place of the portal's).
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = new AuditCheckpoint(tenant.Id, 5, checkpoints[^1].Hash, app.Clock.GetUtcNow(), AuditKeyRing.Fingerprint(stranger.ExportSubjectPublicKeyInfo()));
        forged = forged with { Signature = Convert.ToBase64String(stranger.SignData(System.Text.Encoding.UTF8.GetBytes(forged.SignedText), HashAlgorithmName.SHA256)) };
        var before = await File.ReadAllBytesAsync(anchors.CheckpointPath);
        await File.AppendAllTextAsync(anchors.CheckpointPath, AuditAnchors.LineJson(forged) + "\n");
        try
        {
            var refused = await VerifyAsync(app, tenant.Id);
            Assert.False(refused.IsIntact);
            Assert.Contains("not signed with a checkpoint key of this portal", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            // The other tests of this portal read the same file.
            await File.WriteAllBytesAsync(anchors.CheckpointPath, before);
        }
    }

    /// <summary>
    /// What a forger holding <paramref name="key"/> (and write access to the database) does: rewrites event <paramref name="sequence"/>,
    /// the last of the chain, optionally re-dated, keys it with <paramref name="key"/> and moves the head to it.
    /// </summary>
    private Task ForgeAsync(Guid chain, long sequence, AuditKey key, DateTimeOffset? at) =>
        app.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var original = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Sequence == sequence);
            var forged = AuditEvent.Create(original.TenantId, at ?? original.OccurredAt, original.ActorUserId, original.ActorName, original.IpAddress,
                original.Action, original.EntityType, original.EntityId, "{\"n\":999}");
            forged.Chain(sequence, original.PreviousHash, key with { RetiredAt = null });
            await db.AuditEvents.Where(e => e.Id == original.Id).ExecuteUpdateAsync(s => s
                .SetProperty(e => e.OccurredAt, forged.OccurredAt).SetProperty(e => e.DetailsJson, forged.DetailsJson)
                .SetProperty(e => e.Hash, forged.Hash).SetProperty(e => e.KeyId, forged.KeyId).SetProperty(e => e.Mac, forged.Mac));
            await db.AuditChainHeads.ExecuteUpdateAsync(s => s.SetProperty(h => h.Hash, forged.Hash));
        }, chain);
}
