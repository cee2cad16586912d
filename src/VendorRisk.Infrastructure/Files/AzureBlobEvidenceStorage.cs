using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace VendorRisk.Infrastructure.Files;

/// <summary>
/// Evidence in Azure Blob Storage (or anything that speaks its protocol: Azurite in the tests), so that every node behind the
/// load balancer reads the files every other node stored (ADR-038). One blob per key in one container
/// (<c>Storage:AzureBlob:Container</c>). Uploads go up in blocks of at most <see cref="BlockBytes"/> and downloads come down as
/// the response stream: no file is ever held whole in memory.
/// </summary>
public sealed class AzureBlobEvidenceStorage : IEvidenceStorage
{
    public const string ConnectionStringKey = "Storage:AzureBlob:ConnectionString";
    public const string ContainerKey = "Storage:AzureBlob:Container";
    public const string DefaultContainer = "vendorrisk-evidence";

    /// <summary>The largest block an upload sends (and so buffers) at once.</summary>
    public const int BlockBytes = 4 * 1024 * 1024;

    private readonly BlobContainerClient _container;

    public AzureBlobEvidenceStorage(string connectionString, string container)
    {
        _container = ContainerClient(connectionString, container);
    }

    /// <summary>
    /// A client of <paramref name="container"/> in the account of <paramref name="connectionString"/>, with the retries every use of the
    /// store shares: a store that does not answer should fail a readiness probe in seconds, not after the SDK's minutes of retries.
    /// </summary>
    public static BlobContainerClient ContainerClient(string connectionString, string container)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(container);
        var options = new BlobClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(2);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        return new BlobServiceClient(connectionString, options).GetBlobContainerClient(container);
    }

    /// <summary>The account and container, for messages (never the key).</summary>
    public string Target => $"{_container.AccountName}/{_container.Name} at {_container.Uri.GetLeftPart(UriPartial.Authority)}";

    /// <summary>
    /// Creates the container when missing. Called once at start-up, so a wrong key, an unknown account or a store that does not
    /// answer stops the node with one line instead of failing the first upload.
    /// </summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or HttpRequestException)
        {
            throw new InvalidConfigurationException($"The evidence store cannot be used ({Target}): {Reason(e)}. Check {ConnectionStringKey}.", e);
        }
    }

    /// <summary>Why a request failed, in one sentence that names no secret.</summary>
    public static string Reason(Exception e) => e switch
    {
        RequestFailedException { ErrorCode: "AuthenticationFailed" } or RequestFailedException { Status: 403 } =>
            "the storage account refused the key (AuthenticationFailed): the account key or SAS in the connection string is wrong",
        RequestFailedException { Status: 404 } r => $"the storage account was not found ({r.ErrorCode ?? "404"})",
        RequestFailedException { Status: 0 } or AggregateException or HttpRequestException => "the storage service does not answer",
        RequestFailedException r => $"the storage service answered {r.Status} {r.ErrorCode}",
        _ => e.GetType().Name,
    };

    public async Task<Stream?> OpenReadAsync(string storageKey, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(EvidenceStorageKeys.Checked(storageKey));
        try
        {
            var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
            return download.Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task SaveAsync(string storageKey, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var blob = _container.GetBlockBlobClient(EvidenceStorageKeys.Checked(storageKey));
        // Block by block (a blob is visible only once its block list is committed, so no reader sees half a file), and never over
        // an existing blob: keys are new random names, so a clash is a bug to report, not a file to replace.
        await blob.UploadAsync(content, new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            TransferOptions = new Azure.Storage.StorageTransferOptions
            {
                InitialTransferSize = BlockBytes,
                MaximumTransferSize = BlockBytes,
                MaximumConcurrency = 1,
            },
        }, cancellationToken);
    }

    public async Task DeleteAsync(string storageKey, CancellationToken cancellationToken) =>
        await _container.GetBlobClient(EvidenceStorageKeys.Checked(storageKey))
            .DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
}
