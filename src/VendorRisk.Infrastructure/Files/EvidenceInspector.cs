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
        var extension = Path.GetExtension(safeName);
        if (!ContentTypes.TryGetValue(extension, out var contentType)) return (null, AcceptedKinds);
        if (content.Length == 0) return (null, "The file is empty.");
        var ok = extension.ToLowerInvariant() switch
        {
            ".pdf" => StartsWith(content, "%PDF-"u8),
            ".png" => StartsWith(content, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
            ".jpg" or ".jpeg" => StartsWith(content, [0xFF, 0xD8, 0xFF]),
            ".docx" => IsOfficePackage(content, "word/"),
            ".xlsx" => IsOfficePackage(content, "xl/"),
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
        var what = StartsWith(content, "MZ"u8) || StartsWith(content, [0x7F, 0x45, 0x4C, 0x46]) ? "An executable" : "This file";
        return (null, $"{what} renamed {extension.ToLowerInvariant()} is not {kind}.");
    }

    private static bool StartsWith(byte[] content, ReadOnlySpan<byte> signature) => content.AsSpan().StartsWith(signature);

    private static bool IsOfficePackage(byte[] content, string folder)
    {
        if (!StartsWith(content, [0x50, 0x4B, 0x03, 0x04])) return false;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            return names.Contains("[Content_Types].xml", StringComparer.Ordinal)
                && names.Any(n => n.StartsWith(folder, StringComparison.Ordinal));
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    private static bool IsText(byte[] content)
    {
        if (Array.IndexOf(content, (byte)0) >= 0) return false;
        try
        {
            StrictUtf8.GetCharCount(content);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
