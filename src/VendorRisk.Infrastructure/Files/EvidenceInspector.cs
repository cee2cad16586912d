using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace VendorRisk.Infrastructure.Files;

/// <summary>
/// Decides whether an uploaded file is one of the accepted kinds by its extension AND its content, and makes
/// its name safe to show and to send back. The name is never used as a path: files are stored under random keys.
/// </summary>
public static class EvidenceInspector
{
    public const string MaxBytesKey = "Storage:MaxEvidenceBytes";
    public const long DefaultMaxBytes = 25L * 1024 * 1024;
    public const string AcceptedKinds = "Only PDF, Word, Excel, CSV, text, PNG and JPEG files are accepted.";
    public const string AcceptAttribute = ".pdf,.docx,.xlsx,.csv,.txt,.png,.jpg,.jpeg";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".csv"] = "text/csv",
        [".txt"] = "text/plain",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
    };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static long MaxBytes(IConfiguration configuration) =>
        configuration.GetValue(MaxBytesKey, DefaultMaxBytes) is > 0 and var max ? max : DefaultMaxBytes;

    public static string Size(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MB")
        : bytes >= 1024 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes");

    /// <summary>The last segment of whatever the browser sent, without control or reserved characters.</summary>
    public static string SafeFileName(string? uploaded)
    {
        var name = (uploaded ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var cleaned = new StringBuilder(name.Length);
        foreach (var c in name)
            cleaned.Append(char.IsControl(c) || "<>:\"|?*".Contains(c, StringComparison.Ordinal) ? '_' : c);
        var result = cleaned.ToString().Trim().TrimStart('.').Trim();
        if (result.Length == 0) result = "evidence";
        if (result.Length > 150)
        {
            var extension = Path.GetExtension(result);
            result = result[..(150 - Math.Min(extension.Length, 20))] + extension[..Math.Min(extension.Length, 20)];
        }
        return result;
    }

    /// <summary>
    /// The name a stored file is downloaded under (Content-Disposition): letters, digits and a few separators; anything else
    /// becomes "_". Never empty.
    /// </summary>
    public static string DownloadName(string? name)
    {
        var cleaned = new string(Path.GetFileName(name ?? "").Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or ' ' ? c : '_').ToArray()).Trim(' ', '.');
        if (cleaned.Length > 150) cleaned = cleaned[^150..];
        return cleaned.Length == 0 ? "evidence" : cleaned;
    }

    /// <summary>The content type to store, or the reason the file is refused.</summary>
    public static (string? ContentType, string? Error) Inspect(string safeName, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var stream = new MemoryStream(content, writable: false);
        return Inspect(safeName, stream);
    }

    /// <summary>
    /// The content type to store, or the reason the file is refused, read from a seekable stream without holding the file in memory
    /// (the signature, a Word or Excel package's directory, or a text file chunk by chunk). The stream is left at its start.
    /// </summary>
    public static (string? ContentType, string? Error) Inspect(string safeName, Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek) throw new ArgumentException("The content must be seekable.", nameof(content));
        var extension = Path.GetExtension(safeName);
        if (!ContentTypes.TryGetValue(extension, out var contentType)) return (null, AcceptedKinds);
        if (content.Length == 0) return (null, "The file is empty.");
        try
        {
            content.Position = 0;
            var header = new byte[8];
            header = header[..content.ReadAtLeast(header, header.Length, throwOnEndOfStream: false)];
            content.Position = 0;
            var ok = extension.ToLowerInvariant() switch
            {
                ".pdf" => StartsWith(header, "%PDF-"u8),
                ".png" => StartsWith(header, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
                ".jpg" or ".jpeg" => StartsWith(header, [0xFF, 0xD8, 0xFF]),
                ".docx" => StartsWith(header, [0x50, 0x4B, 0x03, 0x04]) && IsOfficePackage(content, "word/"),
                ".xlsx" => StartsWith(header, [0x50, 0x4B, 0x03, 0x04]) && IsOfficePackage(content, "xl/"),
                _ => IsText(content),
            };
            if (ok) return (contentType, null);
            var kind = extension.ToLowerInvariant() switch
            {
                ".pdf" => "a PDF",
                ".png" => "a PNG image",
                ".jpg" or ".jpeg" => "a JPEG image",
                ".docx" => "a Word document",
                ".xlsx" => "an Excel workbook",
                _ => "a UTF-8 text file",
            };
            var what = StartsWith(header, "MZ"u8) || StartsWith(header, [0x7F, 0x45, 0x4C, 0x46]) ? "An executable" : "This file";
            return (null, $"{what} renamed {extension.ToLowerInvariant()} is not {kind}.");
        }
        finally
        {
            content.Position = 0;
        }
    }

    private static bool StartsWith(byte[] content, ReadOnlySpan<byte> signature) => content.AsSpan().StartsWith(signature);

    private static bool IsOfficePackage(Stream content, string folder)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            return names.Contains("[Content_Types].xml", StringComparer.Ordinal)
                && names.Any(n => n.StartsWith(folder, StringComparison.Ordinal));
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static bool IsText(Stream content)
    {
        var decoder = StrictUtf8.GetDecoder();
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (Array.IndexOf(buffer, (byte)0, 0, read) >= 0) return false;
                decoder.GetCharCount(buffer, 0, read, flush: false);
            }
            decoder.GetCharCount([], 0, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>The SHA-256 of a seekable stream, read in chunks; the stream is left at its start.</summary>
    public static async Task<string> Sha256Async(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        content.Position = 0;
        var hash = await System.Security.Cryptography.SHA256.HashDataAsync(content, cancellationToken);
        content.Position = 0;
        return Convert.ToHexStringLower(hash);
    }
}
