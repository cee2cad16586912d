namespace VendorRisk.Infrastructure.Files;

/// <summary>
/// Where the bytes of evidence files live. Keys are random names chosen by the uploader (never the uploaded
/// file name), so a key can be used as a file name as is; implementations still refuse anything that could
/// leave their root.
/// </summary>
public interface IEvidenceStorage
{
    /// <summary>The stored bytes, or null when nothing is stored under <paramref name="storageKey"/>.</summary>
    Task<Stream?> OpenReadAsync(string storageKey, CancellationToken cancellationToken);

    Task SaveAsync(string storageKey, Stream content, CancellationToken cancellationToken);

    /// <summary>Removes the file; a missing file is not an error.</summary>
    Task DeleteAsync(string storageKey, CancellationToken cancellationToken);
}
