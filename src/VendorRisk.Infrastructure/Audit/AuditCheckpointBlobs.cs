using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Configuration;
using VendorRisk.Infrastructure.Files;

namespace VendorRisk.Infrastructure.Audit;

/// <summary>
/// The object-store checkpoint sink (ADR-042): where evidence lives in Azure Blob Storage (<c>Storage:EvidenceStore=AzureBlob</c>,
/// ADR-038), every signed checkpoint is also appended to the storage account, in its own container (<c>Audit:CheckpointContainer</c>,
/// default <see cref="DefaultContainer"/>): one append blob per chain and UTC month, <c>{chain}/{yyyy-MM}.jsonl</c>, one line per
/// checkpoint in the checkpoint file's format. Nothing is ever overwritten: a month's blob is created only when absent
/// (<c>If-None-Match: *</c>; creating an append blob over an existing one would empty it) and lines are only appended, which an
/// append blob cannot rewrite. With a container immutability policy that allows protected appends the copies are write-once for
/// the storage account's own administrators too (docs/deploy.md). <see cref="AuditAnchors"/> reads these copies beside the file.
/// </summary>
public sealed class AuditCheckpointBlobs : IAuditCheckpointSink, IAuditCheckpointStore
{
    public const string ContainerKey = "Audit:CheckpointContainer";
    public const string DefaultContainer = "vendorrisk-audit-checkpoints";

    private readonly BlobContainerClient _container;
    private volatile bool _containerReady;

    public AuditCheckpointBlobs(string connectionString, string container)
    {
        _container = AzureBlobEvidenceStorage.ContainerClient(connectionString, container);
    }

    /// <summary>The sink when evidence is in Azure Blob Storage (same account, its own container), else null.</summary>
    public static AuditCheckpointBlobs? From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!string.Equals(configuration[FilesServiceCollectionExtensions.EvidenceStoreKey], "AzureBlob", StringComparison.OrdinalIgnoreCase)) return null;
        if (configuration[AzureBlobEvidenceStorage.ConnectionStringKey] is not { Length: > 0 } connectionString) return null; // the evidence store says so at start-up
        var container = configuration[ContainerKey] is { Length: > 0 } configured ? configured : DefaultContainer;
        try
        {
            return new AuditCheckpointBlobs(connectionString, container);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return null; // the evidence store refuses the same connection string at start-up, with the message
        }
    }

    /// <summary>The container's name.</summary>
    public string Container => _container.Name;

    /// <summary>The blob a checkpoint of <paramref name="chain"/> taken at <paramref name="at"/> is appended to.</summary>
    public static string BlobName(Guid chain, DateTimeOffset at) =>
        $"{chain:D}/{at.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)}.jsonl";

    public async Task WriteAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        try
        {
            if (!_containerReady)
            {
                await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
                _containerReady = true;
            }
            var blob = _container.GetAppendBlobClient(BlobName(checkpoint.Chain, checkpoint.At));
            try
            {
                await blob.CreateAsync(new AppendBlobCreateOptions { Conditions = new AppendBlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // The month's blob exists: append to it, never create it again.
            }
            using var line = new MemoryStream(Encoding.UTF8.GetBytes(AuditAnchors.LineJson(checkpoint) + "\n"));
            await blob.AppendBlockAsync(line, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException e)
        {
            throw new IOException($"The audit checkpoint copy could not be stored in {_container.Name}: {AzureBlobEvidenceStorage.Reason(e)}.", e);
        }
    }

    public async Task<IReadOnlyList<string>> LinesAsync(Guid chain, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        try
        {
            await foreach (var item in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{chain:D}/", cancellationToken))
            {
                var content = await _container.GetBlobClient(item.Name).DownloadContentAsync(cancellationToken);
                lines.AddRange(content.Value.Content.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No container yet: no checkpoint was ever copied.
        }
        return lines;
    }

    public async Task<IReadOnlyList<Guid>> ChainsAsync(CancellationToken cancellationToken)
    {
        var chains = new List<Guid>();
        try
        {
            await foreach (var item in _container.GetBlobsByHierarchyAsync(BlobTraits.None, BlobStates.None, "/", null, cancellationToken))
                if (item.IsPrefix && Guid.TryParse(item.Prefix.TrimEnd('/'), out var chain)) chains.Add(chain);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
        return chains;
    }
}
