namespace VendorRisk.Infrastructure.Files;

/// <summary>
/// Evidence on the local disk (configuration <c>Storage:EvidencePath</c>, default <c>App_Data/evidence</c> under
/// the content root, outside wwwroot so nothing is ever served statically). Keys must be plain names of letters,
/// digits, dashes and underscores: anything else is refused before it touches the file system.
/// </summary>
public sealed class LocalFileEvidenceStorage : IEvidenceStorage
{
    private readonly string _root;

    public LocalFileEvidenceStorage(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
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
        var temporary = path + ".part";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, cancellationToken);
            }
            // Written completely or not at all: a reader never sees half a file.
            File.Move(temporary, path, overwrite: false);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    public Task DeleteAsync(string storageKey, CancellationToken cancellationToken)
    {
        var path = PathOf(storageKey);
        if (File.Exists(path)) File.Delete(path);
        return Task.CompletedTask;
    }

    private string PathOf(string storageKey) => Path.Combine(_root, EvidenceStorageKeys.Checked(storageKey));
}
