using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace VendorRisk.Infrastructure.Files;

/// <summary>
/// Evidence files in a local folder (<c>Storage:EvidencePath</c>, default <c>App_Data/evidence</c> under the
/// content root, outside wwwroot so nothing is ever served statically).
/// </summary>
public sealed class LocalFileEvidenceStorage : IEvidenceStorage
{
    public const string PathSetting = "Storage:EvidencePath";
    public const string DefaultPath = "App_Data/evidence";

    private readonly string _root;

    public LocalFileEvidenceStorage(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(_root);
    }

    public Task<Stream?> OpenReadAsync(string storageKey, CancellationToken cancellationToken)
    {
        var path = PathOf(storageKey);
        Stream? stream = File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan)
            : null;
        return Task.FromResult(stream);
    }

    public async Task SaveAsync(string storageKey, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = PathOf(storageKey);
        // Written under a temporary name and moved into place: a reader never sees half a file.
        var temporary = path + ".part";
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await content.CopyToAsync(file, cancellationToken);
        }
        File.Move(temporary, path, overwrite: false);
    }

    public Task DeleteAsync(string storageKey, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(storageKey));
        return Task.CompletedTask;
    }

    private string PathOf(string storageKey)
    {
        if (string.IsNullOrWhiteSpace(storageKey) || storageKey.Length > 200
            || !storageKey.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || storageKey.Contains("..", StringComparison.Ordinal))
            throw new ArgumentException("Not a valid storage key.", nameof(storageKey));
        return Path.Combine(_root, storageKey);
    }
}

public static class EvidenceStorageServiceCollectionExtensions
{
    /// <summary>Registers <see cref="LocalFileEvidenceStorage"/> as the <see cref="IEvidenceStorage"/>.</summary>
    public static IServiceCollection AddVendorRiskEvidenceStorage(this IServiceCollection services)
    {
        services.AddSingleton<IEvidenceStorage>(sp =>
        {
            var configured = sp.GetRequiredService<IConfiguration>()[LocalFileEvidenceStorage.PathSetting];
            var path = string.IsNullOrWhiteSpace(configured) ? LocalFileEvidenceStorage.DefaultPath : configured;
            if (!Path.IsPathRooted(path)) path = Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, path);
            return new LocalFileEvidenceStorage(path);
        });
        return services;
    }
}
