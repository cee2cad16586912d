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
        // Wizard uploads on disk beside the disk store's evidence (a folder no evidence key can name: keys have no '.'), also
        // when evidence lives in object storage: with several nodes that folder must be shared by them (docs/deploy.md).
        var uploads = Path.Combine(EvidenceFolder(configuration, environment), ".import-uploads");
        services.AddSingleton(provider => new ImportUploads(uploads, provider.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>The disk store's folder: <c>Storage:EvidencePath</c>, by default App_Data/evidence under the content root.</summary>
    private static string EvidenceFolder(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[EvidencePathKey];
        var path = string.IsNullOrWhiteSpace(configured) ? Path.Combine("App_Data", "evidence") : configured;
        return Path.IsPathRooted(path) ? path : Path.Combine(environment.ContentRootPath, path);
    }

    /// <summary>The configured evidence store; a setting that cannot work stops start-up with one message naming it.</summary>
    public static IEvidenceStorage EvidenceStorageFrom(IConfiguration configuration, IHostEnvironment environment)
    {
        var store = configuration[EvidenceStoreKey];
        if (string.IsNullOrWhiteSpace(store) || string.Equals(store, "Disk", StringComparison.OrdinalIgnoreCase))
        {
            return new LocalFileEvidenceStorage(EvidenceFolder(configuration, environment));
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
