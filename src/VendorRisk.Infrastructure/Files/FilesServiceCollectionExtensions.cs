using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace VendorRisk.Infrastructure.Files;

public static class FilesServiceCollectionExtensions
{
    public const string EvidencePathKey = "Storage:EvidencePath";

    /// <summary><c>Disk</c> (default: <see cref="EvidencePathKey"/>) or <c>AzureBlob</c> (<see cref="AzureBlobEvidenceStorage"/>).</summary>
    public const string EvidenceStoreKey = "Storage:EvidenceStore";

    public static IServiceCollection AddVendorRiskFiles(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSingleton(EvidenceStorageFrom(configuration, environment));
        return services;
    }

    /// <summary>The configured evidence store; a setting that cannot work stops start-up with one message naming it.</summary>
    public static IEvidenceStorage EvidenceStorageFrom(IConfiguration configuration, IHostEnvironment environment)
    {
        var store = configuration[EvidenceStoreKey];
        if (string.IsNullOrWhiteSpace(store) || string.Equals(store, "Disk", StringComparison.OrdinalIgnoreCase))
        {
            var configured = configuration[EvidencePathKey];
            var path = string.IsNullOrWhiteSpace(configured) ? Path.Combine("App_Data", "evidence") : configured;
            var root = Path.IsPathRooted(path) ? path : Path.Combine(environment.ContentRootPath, path);
            return new LocalFileEvidenceStorage(root);
        }
        if (!string.Equals(store, "AzureBlob", StringComparison.OrdinalIgnoreCase))
            throw new InvalidConfigurationException($"{EvidenceStoreKey} is \"{store}\": it must be Disk (the default) or AzureBlob.");

        var connectionString = configuration[AzureBlobEvidenceStorage.ConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidConfigurationException(
                $"{EvidenceStoreKey} is AzureBlob but {AzureBlobEvidenceStorage.ConnectionStringKey} is not set: give the storage account's connection string.");
        var container = configuration[AzureBlobEvidenceStorage.ContainerKey];
        if (string.IsNullOrWhiteSpace(container)) container = AzureBlobEvidenceStorage.DefaultContainer;
        try
        {
            return new AzureBlobEvidenceStorage(connectionString, container);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            // The SDK's message may quote the connection string, key included: not repeated here.
            throw new InvalidConfigurationException(
                $"{AzureBlobEvidenceStorage.ConnectionStringKey} is not a storage connection string (DefaultEndpointsProtocol=...;AccountName=...;AccountKey=...).", e);
        }
    }
}
