using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using VendorRisk.Infrastructure.Files;

namespace VendorRisk.Application.Evidence;

/// <summary>The bytes of an upload, checked and stored under a random key: what an <see cref="Domain.Evidence.EvidenceRecord"/> records of its file.</summary>
public sealed record StoredEvidenceFile(string FileName, string ContentType, long Length, string Sha256, string StorageKey);

/// <summary>
/// Reads an uploaded file, checks it as every evidence upload is checked (<see cref="EvidenceInspector"/>: size, extension and content
/// signature) and stores it in <see cref="IEvidenceStorage"/> under a random key. The caller saves the record; if that save fails it calls
/// <see cref="DiscardAsync"/>, so nothing is left half-written.
/// </summary>
public static class EvidenceUpload
{
    /// <summary>Why the file is refused, without storing anything (null when it is fine); the caller validates its other fields first.</summary>
    public static async Task<(StoredEvidenceFile? File, string? Error)> StoreAsync(IFormFile? file, IEvidenceStorage storage, IConfiguration configuration,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var (content, name, contentType, error) = await ReadAsync(file, configuration, cancellationToken);
        if (error is not null) return (null, error);
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await using (var stream = new MemoryStream(content!, writable: false))
            await storage.SaveAsync(key, stream, cancellationToken);
        return (new StoredEvidenceFile(name!, contentType!, content!.Length, Convert.ToHexStringLower(SHA256.HashData(content)), key), null);
    }

    /// <summary>Why the file would be refused, reading it but storing nothing (null when it is fine).</summary>
    public static async Task<string?> RefusalAsync(IFormFile? file, IConfiguration configuration, CancellationToken cancellationToken) =>
        (await ReadAsync(file, configuration, cancellationToken)).Error;

    /// <summary>Removes the bytes of an upload whose record was not saved.</summary>
    public static Task DiscardAsync(IEvidenceStorage storage, StoredEvidenceFile? file) =>
        file is null ? Task.CompletedTask : storage.DeleteAsync(file.StorageKey, CancellationToken.None);

    private static async Task<(byte[]? Content, string? Name, string? ContentType, string? Error)> ReadAsync(IFormFile? file, IConfiguration configuration,
        CancellationToken cancellationToken)
    {
        if (file is null || file.Length == 0) return (null, null, null, "Choose a file to upload.");
        var max = EvidenceInspector.MaxBytes(configuration);
        if (file.Length > max) return (null, null, null, $"The file is larger than {EvidenceInspector.Size(max)}.");
        var name = EvidenceInspector.SafeFileName(file.FileName);
        byte[] content;
        using (var buffer = new MemoryStream((int)Math.Min(file.Length, max)))
        {
            await file.CopyToAsync(buffer, cancellationToken);
            content = buffer.ToArray();
        }
        if (content.Length > max) return (null, null, null, $"The file is larger than {EvidenceInspector.Size(max)}.");
        var (contentType, refusal) = EvidenceInspector.Inspect(name, content);
        return refusal is not null ? (null, null, null, refusal) : (content, name, contentType, null);
    }
}
