using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Infrastructure;
using VendorRisk.Infrastructure.Files;
using VendorRisk.Infrastructure.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VendorRisk.IntegrationTests.Infrastructure;
using static VendorRisk.IntegrationTests.Portal.PortalTestKit;

namespace VendorRisk.IntegrationTests.Evidence;

/// <summary>
/// Evidence in object storage (ADR-038), against Azurite: two app nodes on one database and one blob container, as several nodes
/// behind a load balancer are. A file uploaded through one node downloads through the other; deleting it deletes the blob; a
/// wrong key is one clear sentence at start-up and in <c>/health/ready</c>.
/// </summary>
public sealed class EvidenceObjectStorageTests(AzuriteServer azurite) : IClassFixture<AzuriteServer>
{
    /// <summary>A PDF of 5 MiB: more than one upload block (<see cref="AzureBlobEvidenceStorage.BlockBytes"/>).</summary>
    private static byte[] LargePdf()
    {
        var content = new byte[5 * 1024 * 1024 + 123];
        "%PDF-1.7\n"u8.CopyTo(content);
        new Random(17).NextBytes(content.AsSpan(16));
        return content;
    }

    [AzuriteFact]
    public async Task Evidence_uploaded_through_one_node_downloads_through_another_and_deleting_it_deletes_the_blob()
    {
        var container = "evidence-" + Guid.NewGuid().ToString("N")[..12];
        await using var first = new BlobNode(azurite.ConnectionString, container);
        await using var second = new BlobNode(azurite.ConnectionString, container, first.DataFolder);
        var world = await CreateWorldAsync(first);
        var pdf = LargePdf();

        var uploader = await SignedInAsync(first, world.ContactA);
        var upload = await UploadAsync(uploader, Token(await uploader.GetDocumentAsync(world.UrlA)), world.UrlA, "policy", "policy.pdf", pdf);
        AssertStatus(HttpStatusCode.Redirect, upload, "upload through the first node");
        var file = await first.InDbAsync(db => db.EvidenceFiles.IgnoreQueryFilters().AsNoTracking().SingleAsync(f => f.AssessmentId == world.AssessmentA));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)), file.Sha256);
        // In the container, not on the node's disk.
        var blob = new BlobContainerClient(azurite.ConnectionString, container).GetBlobClient(file.StorageKey);
        Assert.True((await blob.ExistsAsync()).Value);
        Assert.Equal(pdf.LongLength, (await blob.GetPropertiesAsync()).Value.ContentLength);
        Assert.False(Directory.Exists(Path.Combine(first.DataFolder, "evidence")) && Directory.EnumerateFiles(Path.Combine(first.DataFolder, "evidence")).Any());

        var downloader = await SignedInAsync(second, world.ContactA);
        var download = await downloader.GetAsync($"/t/{world.Tenant.Slug}/portal/evidence/{file.Id}");
        AssertStatus(HttpStatusCode.OK, download, "download through the second node");
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());

        await second.Services.GetRequiredService<IEvidenceStorage>().DeleteAsync(file.StorageKey, CancellationToken.None);

        Assert.False((await blob.ExistsAsync()).Value);
        AssertStatus(HttpStatusCode.NotFound, await uploader.GetAsync($"/t/{world.Tenant.Slug}/portal/evidence/{file.Id}"), "download after the delete");
        // Deleting what is already gone is not an error (a retried clean-up).
        await first.Services.GetRequiredService<IEvidenceStorage>().DeleteAsync(file.StorageKey, CancellationToken.None);
    }

    /// <summary>ADR-039 on the object store: the vendor removes a document it attached; the operation deletes the blob after its commit.</summary>
    [AzuriteFact]
    public async Task A_document_the_vendor_removes_through_one_node_has_its_blob_deleted()
    {
        var container = "evidence-" + Guid.NewGuid().ToString("N")[..12];
        await using var first = new BlobNode(azurite.ConnectionString, container);
        await using var second = new BlobNode(azurite.ConnectionString, container, first.DataFolder);
        var world = await CreateWorldAsync(first);
        var uploader = await SignedInAsync(first, world.ContactA);
        AssertStatus(HttpStatusCode.Redirect, await UploadAsync(uploader, Token(await uploader.GetDocumentAsync(world.UrlA)), world.UrlA, "policy", "policy.pdf",
            "%PDF-1.7\n%%EOF\n"u8.ToArray()), "upload through the first node");
        var file = await first.InDbAsync(db => db.EvidenceFiles.IgnoreQueryFilters().AsNoTracking().SingleAsync(f => f.AssessmentId == world.AssessmentA));
        var blob = new BlobContainerClient(azurite.ConnectionString, container).GetBlobClient(file.StorageKey);
        Assert.True((await blob.ExistsAsync()).Value);

        var remover = await SignedInAsync(second, world.ContactA);
        var removed = await PostFormAsync(remover, Token(await remover.GetDocumentAsync(world.UrlA)), world.UrlA + "?handler=RemoveEvidence",
            new Dictionary<string, string> { ["linkId"] = file.Id.ToString() });

        AssertStatus(HttpStatusCode.Redirect, removed, "removal through the second node");
        Assert.False((await blob.ExistsAsync()).Value);
        Assert.False(await first.InDbAsync(db => db.EvidenceRecords.IgnoreQueryFilters().AnyAsync(r => r.Id == file.RecordId)));
    }

    [AzuriteFact]
    public async Task Ready_checks_the_object_store_and_a_wrong_key_is_one_sentence_naming_the_setting_and_never_the_key()
    {
        var container = "evidence-" + Guid.NewGuid().ToString("N")[..12];
        await using (var good = new BlobNode(azurite.ConnectionString, container))
        {
            // Start-up created the container (VendorRiskHost.PrepareAsync runs in the test host as in production).
            var ready = await good.CreateClient().GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
            Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("evidence-store").GetProperty("status").GetString());
            // The probe's file is gone again.
            Assert.Empty(new BlobContainerClient(azurite.ConnectionString, container).GetBlobs());
        }

        var wrong = new AzureBlobEvidenceStorage(azurite.WrongKeyConnectionString, container);
        var refused = await Assert.ThrowsAsync<InvalidConfigurationException>(() => wrong.PrepareAsync(CancellationToken.None));
        Assert.StartsWith($"The evidence store cannot be used ({AzuriteServer.Account}/{container} at http://127.0.0.1:{azurite.Port}): the storage account refused the key",
            refused.Message, StringComparison.Ordinal);
        Assert.Contains(AzureBlobEvidenceStorage.ConnectionStringKey, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", refused.Message, StringComparison.Ordinal);
        Assert.Single(refused.Message.Split('\n'));

        // A key that goes wrong while the node runs (rotated at the account): the readiness check says so, in our words.
        var check = await new EvidenceStoreHealthCheck(wrong).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, check.Status);
        Assert.StartsWith("The evidence store cannot take files: the storage account refused the key", check.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteServer.AccountKey, check.Description, StringComparison.Ordinal);

        // A node configured with it does not start (Program prints the one line: ProductionStartupTests shows that form).
        await using var node = new BlobNode(azurite.WrongKeyConnectionString, container);
        Assert.ThrowsAny<Exception>(() => node.CreateClient());
    }

    [Theory]
    [InlineData("Cloud", null, "Storage:EvidenceStore is \"Cloud\": it must be Disk (the default) or AzureBlob.")]
    [InlineData("AzureBlob", null, "Storage:EvidenceStore is AzureBlob but Storage:AzureBlob:ConnectionString is not set")]
    [InlineData("AzureBlob", "AccountKey=secret-in-a-broken-string", "Storage:AzureBlob:ConnectionString is not a storage connection string")]
    public void A_bad_evidence_store_setting_stops_start_up_with_a_message_naming_it(string store, string? connectionString, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [FilesServiceCollectionExtensions.EvidenceStoreKey] = store,
            [AzureBlobEvidenceStorage.ConnectionStringKey] = connectionString,
        }).Build();

        var refused = Assert.Throws<InvalidConfigurationException>(() =>
            FilesServiceCollectionExtensions.EvidenceStorageFrom(configuration, new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = Path.GetTempPath() }));
        Assert.StartsWith(expected, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-in-a-broken-string", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>A node with its evidence in the container; given a data folder, a second node on the first one's database.</summary>
    private sealed class BlobNode : VendorRiskApp
    {
        private readonly string _connectionString;
        private readonly string _container;

        public BlobNode(string connectionString, string container) => (_connectionString, _container) = (connectionString, container);

        public BlobNode(string connectionString, string container, string sharedDataFolder) : base(sharedDataFolder) =>
            (_connectionString, _container) = (connectionString, container);

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            [FilesServiceCollectionExtensions.EvidenceStoreKey] = "AzureBlob",
            [AzureBlobEvidenceStorage.ConnectionStringKey] = _connectionString,
            [AzureBlobEvidenceStorage.ContainerKey] = _container,
        };
    }
}
