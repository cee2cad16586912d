using System.Text.RegularExpressions;

namespace VendorRisk.Infrastructure.Files;

/// <summary>
/// Where the bytes of evidence files live: the local disk (<see cref="LocalFileEvidenceStorage"/>, the single-node default) or
/// Azure Blob Storage (<see cref="AzureBlobEvidenceStorage"/>, for several nodes; ADR-038). Keys are random names chosen by the
/// application, never a name a user typed, so a key can never reach outside the store. Contents are streamed both ways.
/// </summary>
public interface IEvidenceStorage
{
    /// <summary>The stored content, or null when nothing is stored under the key. The caller disposes the stream.</summary>
    Task<Stream?> OpenReadAsync(string storageKey, CancellationToken cancellationToken);

    /// <summary>Stores the content under a new key (an existing key is never overwritten), reading the stream once to its end.</summary>
    Task SaveAsync(string storageKey, Stream content, CancellationToken cancellationToken);

    /// <summary>Removes the content; a key with nothing stored is not an error.</summary>
    Task DeleteAsync(string storageKey, CancellationToken cancellationToken);
}

/// <summary>The rule every store applies to a key before it touches anything.</summary>
public static partial class EvidenceStorageKeys
{
    public static string Checked(string storageKey)
    {
        if (string.IsNullOrEmpty(storageKey) || storageKey.Length > 100 || !SafeKey().IsMatch(storageKey))
            throw new ArgumentException("A storage key is a plain name of letters, digits, '-' and '_'.", nameof(storageKey));
        return storageKey;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex SafeKey();
}
