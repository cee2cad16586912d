namespace VendorRisk.Infrastructure.Files;

/// <summary>
/// Where the bytes of evidence files live. Keys are random names chosen by the application, never a name
/// a user typed, so a key can never reach outside the store.
/// </summary>
public interface IEvidenceStorage
{
    /// <summary>The stored content, or null when nothing is stored under the key.</summary>
    Task<Stream?> OpenReadAsync(string storageKey, CancellationToken cancellationToken);

    Task SaveAsync(string storageKey, Stream content, CancellationToken cancellationToken);

    Task DeleteAsync(string storageKey, CancellationToken cancellationToken);
}
