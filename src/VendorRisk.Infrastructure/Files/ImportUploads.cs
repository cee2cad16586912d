using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace VendorRisk.Infrastructure.Files;

/// <summary>An upload kept for a wizard: its bytes and the name the user gave it.</summary>
public sealed record ImportUpload(string FileName, byte[] Content);

/// <summary>
/// Files a person uploaded to a multi-step import, kept between the steps on disk (not in memory) for
/// <see cref="Lifetime"/>, under a folder per tenant and user: a token is found only by the person who uploaded it, in the
/// organisation they uploaded it to. The folder sits under the evidence store's root, which several nodes share (ADR-030), so
/// any node can serve the next step. Expired uploads are removed whenever the person uploads again, and on read.
/// </summary>
public sealed partial class ImportUploads(string root, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    private readonly string _root = Path.GetFullPath(root);

    public async Task<string> SaveAsync(Guid tenantId, Guid userId, string fileName, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var folder = Folder(tenantId, userId);
        Directory.CreateDirectory(folder);
        Sweep(folder);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var expires = clock.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var temporary = Path.Combine(folder, token + ".part");
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            await content.CopyToAsync(file, cancellationToken);
        }

        await File.WriteAllLinesAsync(Path.Combine(folder, token + ".meta"), [expires, Path.GetFileName(fileName)], cancellationToken);
        File.Move(temporary, Path.Combine(folder, token + ".bin"));
        return token;
    }

    /// <summary>The upload, or null when the token is unknown to this person, malformed or expired.</summary>
    public async Task<ImportUpload?> ReadAsync(Guid tenantId, Guid userId, string? token, CancellationToken cancellationToken)
    {
        if (token is null || !Token().IsMatch(token)) return null;
        var folder = Folder(tenantId, userId);
        var meta = Path.Combine(folder, token + ".meta");
        var data = Path.Combine(folder, token + ".bin");
        if (!File.Exists(meta) || !File.Exists(data)) return null;
        var lines = await File.ReadAllLinesAsync(meta, cancellationToken);
        if (lines.Length < 2 || !long.TryParse(lines[0], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
            || clock.GetUtcNow().ToUnixTimeSeconds() > expires)
        {
            Delete(folder, token);
            return null;
        }

        return new ImportUpload(lines[1], await File.ReadAllBytesAsync(data, cancellationToken));
    }

    public void Delete(Guid tenantId, Guid userId, string? token)
    {
        if (token is not null && Token().IsMatch(token)) Delete(Folder(tenantId, userId), token);
    }

    private static void Delete(string folder, string token)
    {
        foreach (var extension in new[] { ".bin", ".meta", ".part" })
        {
            var path = Path.Combine(folder, token + extension);
            if (File.Exists(path)) File.Delete(path);
        }
    }

    private void Sweep(string folder)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        foreach (var meta in Directory.EnumerateFiles(folder, "*.meta"))
        {
            var first = File.ReadLines(meta).FirstOrDefault();
            if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || now > expires)
                Delete(folder, Path.GetFileNameWithoutExtension(meta));
        }
    }

    private string Folder(Guid tenantId, Guid userId) =>
        Path.Combine(_root, tenantId.ToString("N", CultureInfo.InvariantCulture), userId.ToString("N", CultureInfo.InvariantCulture));

    [GeneratedRegex("^[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
