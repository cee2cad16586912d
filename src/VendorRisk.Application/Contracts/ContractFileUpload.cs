using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using VendorRisk.Domain.Contracts;
using VendorRisk.Infrastructure.Files;

namespace VendorRisk.Application.Contracts;

/// <summary>A stored upload: the row to save, or the reason the file was refused (nothing stored then).</summary>
public sealed record StoredUpload(ContractFile? File, string? Error);

/// <summary>
/// Contract documents and obligation evidence go through the same checks as questionnaire evidence
/// (<see cref="EvidenceInspector"/>: size, extension and content signature) into the same <see cref="IEvidenceStorage"/>
/// under a random key. The caller saves the returned row; if that save fails it calls <see cref="DiscardAsync"/>.
/// </summary>
public static class ContractFileUpload
{
    public const string FieldName = "file";

    public static async Task<StoredUpload> StoreAsync(IFormFile? file, IEvidenceStorage storage, IConfiguration configuration,
        Guid contractId, Guid? occurrenceId, Guid userId, bool byVendor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (file is null || file.Length == 0) return new(null, "Choose a file to upload.");
        var max = EvidenceInspector.MaxBytes(configuration);
        if (file.Length > max) return new(null, $"The file is larger than {EvidenceInspector.Size(max)}.");
        var name = EvidenceInspector.SafeFileName(file.FileName);
        // Streamed (ADR-038): the request's buffered copy is inspected, hashed and handed to the store without being held in memory.
        await using var content = file.OpenReadStream();
        var (contentType, refusal) = EvidenceInspector.Inspect(name, content);
        if (refusal is not null) return new(null, refusal);

        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var sha256 = await EvidenceInspector.Sha256Async(content, cancellationToken);
        await storage.SaveAsync(key, content, cancellationToken);
        return new(ContractFile.Create(contractId, occurrenceId, name, contentType!, file.Length, sha256, key, userId, byVendor, now), null);
    }

    /// <summary>Removes the bytes of an upload whose row was not saved.</summary>
    public static Task DiscardAsync(IEvidenceStorage storage, ContractFile? file) =>
        file is null ? Task.CompletedTask : storage.DeleteAsync(file.StorageKey, CancellationToken.None);
}
