using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace VendorRisk.Infrastructure.Files;

public static class FilesServiceCollectionExtensions
{
    public const string EvidencePathKey = "Storage:EvidencePath";

    public static IServiceCollection AddVendorRiskFiles(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration[EvidencePathKey];
        var path = string.IsNullOrWhiteSpace(configured) ? Path.Combine("App_Data", "evidence") : configured;
        var root = Path.IsPathRooted(path) ? path : Path.Combine(environment.ContentRootPath, path);
        services.AddSingleton<IEvidenceStorage>(new LocalFileEvidenceStorage(root));
        // Wizard uploads beside the evidence (a folder no evidence key can name: keys have no '.'), shared by every node like it.
        services.AddSingleton(provider => new ImportUploads(Path.Combine(root, ".import-uploads"), provider.GetRequiredService<TimeProvider>()));
        return services;
    }
}
