using Azure.Storage.Blobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Audit.AuditTestKit;

namespace VendorRisk.IntegrationTests.Audit;

/// <summary>
/// Issue 16 item 5, "an object store where the server-database issue provides one" (ADR-042), against Azurite: with evidence in Azure
/// Blob Storage (ADR-038) every signed checkpoint is also appended to a blob, never overwritten, and the verifier reads those copies,
/// so deleting the checkpoint file does not hide a cut tail.
/// </summary>
public sealed class AuditCheckpointObjectStoreTests(AzuriteServer azurite) : IClassFixture<AzuriteServer>
{
    [AzuriteFact]
    public async Task Checkpoints_are_appended_to_the_object_store_and_a_cut_tail_is_found_from_there_after_the_checkpoint_file_is_deleted()
    {
        var container = "audit-" + Guid.NewGuid().ToString("N")[..12];
        await using var node = new BlobNode(azurite.ConnectionString, container);
        var tenant = await TenantWithEventsAsync(node, 3);
        await CheckpointAsync(node); // at event 4
        await MoreEventsAsync(node, tenant, 2);
        await CheckpointAsync(node); // at event 6

        // Both checkpoints in the chain's blob of the month, one line each, in the order written: the second was appended.
        var anchors = node.Services.GetRequiredService<AuditAnchors>();
        var inFile = (await anchors.ReadAsync(tenant.Id, CancellationToken.None)).Checkpoints;
        var blob = new BlobContainerClient(azurite.ConnectionString, container).GetBlobClient(AuditCheckpointBlobs.BlobName(tenant.Id, inFile[0].At));
        var lines = (await blob.DownloadContentAsync()).Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(inFile.Select(AuditAnchors.LineJson), lines);
        Assert.Equal(Azure.Storage.Blobs.Models.BlobType.Append, (await blob.GetPropertiesAsync()).Value.BlobType);

        // The tail cut and the head moved back, and the checkpoint file deleted with it.
        await node.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await db.Database.ExecuteSqlRawAsync("""DELETE FROM "AuditEvents" WHERE "TenantId" = {0} AND "Sequence" > 3""", tenant.Id);
            var last = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.Sequence == 3);
            await db.AuditChainHeads.ExecuteUpdateAsync(s => s.SetProperty(h => h.Sequence, 3L).SetProperty(h => h.Hash, last.Hash));
        }, tenant.Id);
        File.Delete(anchors.CheckpointPath);

        var result = await VerifyAsync(node, tenant.Id);
        Assert.False(result.IsIntact);
        Assert.Equal(4, result.FirstBadSequence);
        Assert.Contains("Events were removed", result.Message, StringComparison.Ordinal);
        // The chain is known from the object store alone (the operators' page and verify-audit list it even if the tenant goes).
        Assert.Contains(tenant.Id, await anchors.ChainsAsync(CancellationToken.None));
    }

    /// <summary>A node with its evidence, and so its checkpoint copies, in the Azurite account.</summary>
    private sealed class BlobNode(string connectionString, string container) : VendorRiskApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            [FilesServiceCollectionExtensions.EvidenceStoreKey] = "AzureBlob",
            [AzureBlobEvidenceStorage.ConnectionStringKey] = connectionString,
            [AzureBlobEvidenceStorage.ContainerKey] = "evidence-" + container,
            [AuditCheckpointBlobs.ContainerKey] = container,
        };
    }
}
