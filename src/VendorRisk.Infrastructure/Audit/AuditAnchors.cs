using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using VendorRisk.Domain.Audit;

namespace VendorRisk.Infrastructure.Audit;

/// <summary>
/// A chain's head as it was at a moment, signed outside the database: <paramref name="Signature"/> is ECDSA P-256/SHA-256 (IEEE P1363,
/// base64) over <see cref="SignedText"/> by the checkpoint signing key named <paramref name="Signer"/> (ADR-036). Checkpoints written
/// before ADR-036 carry an HMAC instead and have no signer.
/// </summary>
public sealed record AuditCheckpoint(Guid Chain, long Sequence, string Hash, DateTimeOffset At, string? Signer = null, string? Signature = null)
{
    /// <summary>What the signature covers; the offline verifier (tools/verify-audit.cs) builds the same text.</summary>
    public string SignedText => Payload(Chain, Sequence, Hash, At);

    public static string Payload(Guid chain, long sequence, string hash, DateTimeOffset at) =>
        $"vendorrisk-audit-checkpoint/1|{chain:D}|{sequence.ToString(CultureInfo.InvariantCulture)}|{hash}|{at.UtcTicks.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>
/// A place outside the database that receives a copy of every checkpoint (ADR-036): the tenant admins' mailboxes today, an object store
/// later. The append-only file of <see cref="AuditAnchors"/> is the primary sink, the one verification reads; a sink is called in a
/// scope of the checkpoint's chain (the tenant's, or none for the platform chain) and its failure does not stop the others.
/// </summary>
public interface IAuditCheckpointSink
{
    Task WriteAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken);
}

/// <summary>
/// A sink that keeps its copies where verification can read them back (ADR-042): the object store. <see cref="AuditAnchors"/> reads
/// its checkpoints beside the file's, so a deleted or cut file does not take the evidence with it.
/// </summary>
public interface IAuditCheckpointStore
{
    /// <summary>The stored checkpoint lines of <paramref name="chain"/>, in the file's line format.</summary>
    Task<IReadOnlyList<string>> LinesAsync(Guid chain, CancellationToken cancellationToken);

    /// <summary>Every chain the store holds checkpoints of.</summary>
    Task<IReadOnlyList<Guid>> ChainsAsync(CancellationToken cancellationToken);
}

/// <summary>The checkpoints of one chain that carry this portal's signature, and how many lines of the sink do not.</summary>
public sealed record AuditAnchorsOfChain(IReadOnlyList<AuditCheckpoint> Checkpoints, int UnsignedLines);

/// <summary>
/// Anchors the audit chains outside the database (issue 16, V5). The chain itself is SHA-256 over each row and its
/// predecessor, so someone who can write to the database could rewrite a row and re-hash everything after it, cut the tail and
/// move the head back, or delete a whole chain, and the chain alone would still verify. Periodically, each chain's head
/// (sequence and hash) is written as a checkpoint to an append-only file outside the database, signed with HMAC-SHA256 under a
/// key that is not in the database either (<c>Audit:AnchorKey</c>, or a key file created on first use). Verification then
/// also checks that every signed checkpoint's event is still there with the same hash: a rewrite, a truncation or a deletion
/// before the last checkpoint is found, and named by the checkpoints around it (ADR-022).
/// </summary>
/// <remarks>
/// What it does not cover: events written after the last checkpoint are protected by the unkeyed chain only until the next
/// checkpoint (every five minutes); someone who holds the anchor key and can write both the database and the sink. With
/// several nodes, <c>Audit:CheckpointPath</c> must point at storage every node shares (the checkpoint job runs on one node).
/// </remarks>
public sealed class AuditAnchors
{
    public const string KeySetting = "Audit:AnchorKey";
    public const string KeyPathSetting = "Audit:AnchorKeyPath";
    public const string CheckpointPathSetting = "Audit:CheckpointPath";

    private static readonly SemaphoreSlim FileLock = new(1, 1);
    private readonly AuditKeyRing _keys;
    private readonly IAuditCheckpointStore[] _stores;
    private readonly Lazy<byte[]> _legacyKey;

    /// <summary>
    /// The last checkpointed sequence per chain, read from the file once and kept up to date by <see cref="RecordAsync"/>, so a
    /// run over many tenants reads the file once, not once per tenant. Another node's lines are not seen here: at worst this
    /// node writes one more checkpoint of the same head, which verification accepts.
    /// </summary>
    private Dictionary<Guid, long>? _lastSequence;

    public AuditAnchors(IConfiguration configuration, IHostEnvironment environment, AuditKeyRing keys, IEnumerable<IAuditCheckpointStore> stores)
    {
        _keys = keys;
        _stores = [.. stores];
        var folder = Path.Combine(environment.ContentRootPath, "App_Data");
        CheckpointPath = Path.GetFullPath(configuration[CheckpointPathSetting] is { Length: > 0 } path
            ? Path.Combine(environment.ContentRootPath, path)
            : Path.Combine(folder, "audit-checkpoints.jsonl"));
        // The HMAC key of checkpoints written before ADR-036: read only when such a line is checked.
        _legacyKey = new Lazy<byte[]>(() => configuration[KeySetting] is { Length: > 0 } configured
            ? ParseKey(configured)
            : KeyFromFile(Path.GetFullPath(configuration[KeyPathSetting] is { Length: > 0 } keyPath
                ? Path.Combine(environment.ContentRootPath, keyPath)
                : Path.Combine(Path.GetDirectoryName(CheckpointPath)!, "audit-anchor.key"))));
    }

    /// <summary>The append-only file the checkpoints are written to.</summary>
    public string CheckpointPath { get; }

    /// <summary>Appends a checkpoint of <paramref name="head"/> unless the chain's last checkpoint already has its sequence.</summary>
    /// <returns>The checkpoint written, or null when there was nothing new to record.</returns>
    public async Task<AuditCheckpoint?> RecordAsync(Guid chain, AuditChainHead? head, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (head is null || head.Sequence == 0) return null;
        await FileLock.WaitAsync(cancellationToken);
        try
        {
            _lastSequence ??= Parse(await ReadFileLinesAsync(cancellationToken)).Checkpoints
                .GroupBy(c => c.Chain).ToDictionary(g => g.Key, g => g.Max(c => c.Sequence));
            if (_lastSequence.TryGetValue(chain, out var last) && last >= head.Sequence) return null;
            var checkpoint = Sign(new AuditCheckpoint(chain, head.Sequence, head.Hash, now));
            Directory.CreateDirectory(Path.GetDirectoryName(CheckpointPath)!);
            await File.AppendAllTextAsync(CheckpointPath, LineJson(checkpoint) + "\n", cancellationToken);
            _lastSequence[chain] = head.Sequence;
            return checkpoint;
        }
        finally
        {
            FileLock.Release();
        }
    }

    /// <summary>Signs <paramref name="checkpoint"/> with the checkpoint signing key.</summary>
    public AuditCheckpoint Sign(AuditCheckpoint checkpoint)
    {
        var key = _keys.SigningKey;
        byte[] signature;
        lock (key) signature = key.SignData(Encoding.UTF8.GetBytes(checkpoint.SignedText), HashAlgorithmName.SHA256);
        return checkpoint with { Signer = _keys.SignerId, Signature = Convert.ToBase64String(signature) };
    }

    /// <summary>A checkpoint as one line of the file (and of the object store's copies).</summary>
    public static string LineJson(AuditCheckpoint c) =>
        JsonSerializer.Serialize(new Line(c.Chain, c.Sequence, c.Hash, c.At.ToString("O", CultureInfo.InvariantCulture), null, c.Signer, c.Signature));

    /// <summary>
    /// Every chain the file or a readable sink holds signed checkpoints of (a chain deleted with its tenant is still named here).
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ChainsAsync(CancellationToken cancellationToken)
    {
        var chains = new HashSet<Guid>(Parse(await ReadFileLinesAsync(cancellationToken)).Checkpoints.Select(c => c.Chain));
        foreach (var store in _stores) chains.UnionWith(await store.ChainsAsync(cancellationToken));
        return [.. chains];
    }

    /// <summary>
    /// The signed checkpoints of <paramref name="chain"/> in sequence order, from the file and every readable sink (the object store),
    /// each once; lines that are not signed by a key of this portal are counted.
    /// </summary>
    public async Task<AuditAnchorsOfChain> ReadAsync(Guid chain, CancellationToken cancellationToken)
    {
        var file = Parse(await ReadFileLinesAsync(cancellationToken));
        var checkpoints = file.Checkpoints.Where(c => c.Chain == chain).ToList();
        var unsigned = file.UnsignedLines;
        foreach (var store in _stores)
        {
            var copies = Parse(await store.LinesAsync(chain, cancellationToken));
            checkpoints.AddRange(copies.Checkpoints.Where(c => c.Chain == chain));
            unsigned += copies.UnsignedLines;
        }
        return new AuditAnchorsOfChain([.. checkpoints.Distinct().OrderBy(c => c.Sequence).ThenBy(c => c.At)], unsigned);
    }

    /// <summary>
    /// Checks the stored chain against its checkpoints: each checkpoint's event must still exist with the hash it had. Returns
    /// the chain's own verification when the checkpoints agree (or there are none), otherwise what the checkpoints show.
    /// </summary>
    public static AuditChainVerification Check(AuditChainVerification chainItself, IReadOnlyList<AuditEvent> events, AuditAnchorsOfChain anchors)
    {
        var bySequence = events.ToDictionary(e => e.Sequence);
        var lastStored = events.Count == 0 ? 0 : events[^1].Sequence;
        long lastGood = 0;
        AuditChainVerification? finding = null;
        var rewrite = false;
        foreach (var checkpoint in anchors.Checkpoints)
        {
            var when = checkpoint.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            if (!bySequence.TryGetValue(checkpoint.Sequence, out var stored))
            {
                finding = new AuditChainVerification(false, chainItself.CheckedEvents, lastStored + 1,
                    lastStored == 0
                        ? $"The chain was deleted: the checkpoint of {when} UTC recorded {checkpoint.Sequence} events and none is stored."
                        : $"Events were removed: the checkpoint of {when} UTC recorded event {checkpoint.Sequence}, and the stored chain ends at {lastStored}.");
                break;
            }
            if (!string.Equals(stored.Hash, checkpoint.Hash, StringComparison.Ordinal))
            {
                rewrite = true;
                finding = new AuditChainVerification(false, chainItself.CheckedEvents, lastGood + 1,
                    $"The chain was rewritten: event {checkpoint.Sequence} no longer has the hash the checkpoint of {when} UTC recorded, " +
                    $"so at least one event from {lastGood + 1} to {checkpoint.Sequence} was changed and the chain re-hashed.");
                break;
            }
            lastGood = checkpoint.Sequence;
        }
        if (finding is not null)
        {
            // The rows' own keys name a rewritten row exactly; the checkpoints only place it between two of them.
            return !chainItself.IsIntact && (rewrite || chainItself.FirstBadSequence <= finding.FirstBadSequence) ? chainItself : finding;
        }
        if (!chainItself.IsIntact) return chainItself;
        if (anchors.UnsignedLines > 0)
        {
            return new AuditChainVerification(false, chainItself.CheckedEvents, null,
                $"The checkpoints hold {anchors.UnsignedLines} line(s) not signed with a checkpoint key of this portal: the file (or its copy in the object store) was edited, or the signing key was replaced outside the rotation command.");
        }
        return anchors.Checkpoints.Count == 0
            ? chainItself
            : chainItself with { Message = $"{chainItself.Message} {anchors.Checkpoints.Count} checkpoint(s) outside the database agree, the last at event {lastGood}." };
    }

    private async Task<IReadOnlyList<string>> ReadFileLinesAsync(CancellationToken cancellationToken) =>
        File.Exists(CheckpointPath) ? await File.ReadAllLinesAsync(CheckpointPath, cancellationToken) : [];

    private AuditAnchorsOfChain Parse(IReadOnlyList<string> lines)
    {
        var checkpoints = new List<AuditCheckpoint>();
        var unsigned = 0;
        foreach (var text in lines)
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            Line? line;
            try
            {
                line = JsonSerializer.Deserialize<Line>(text);
            }
            catch (JsonException)
            {
                line = null;
            }
            if (line is null || !DateTimeOffset.TryParse(line.At, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
            {
                unsigned++;
                continue;
            }
            var checkpoint = new AuditCheckpoint(line.Chain, line.Sequence, line.Hash ?? "", at, line.Signer, line.Signature);
            if (IsSigned(checkpoint, line.Mac)) checkpoints.Add(checkpoint);
            else unsigned++;
        }
        return new AuditAnchorsOfChain(checkpoints, unsigned);
    }

    private bool IsSigned(AuditCheckpoint c, string? legacyMac)
    {
        // Signed by any key of the portal's verified signing history, not only the current one (ADR-042).
        if (c.Signature is { } signature) return _keys.Verifies(c.Signer, c.SignedText, signature);
        return legacyMac is { } mac && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(mac), Encoding.ASCII.GetBytes(LegacyMac(c)));
    }

    /// <summary>The HMAC of checkpoints written before ADR-036 (ADR-022).</summary>
    private string LegacyMac(AuditCheckpoint c) => Convert.ToHexString(HMACSHA256.HashData(_legacyKey.Value, Encoding.UTF8.GetBytes(
        $"{c.Chain:D}|{c.Sequence.ToString(CultureInfo.InvariantCulture)}|{c.Hash}|{c.At.UtcTicks.ToString(CultureInfo.InvariantCulture)}")));

    private static byte[] ParseKey(string base64)
    {
        try
        {
            var key = Convert.FromBase64String(base64);
            if (key.Length >= 32) return key;
        }
        catch (FormatException)
        {
        }
        throw new InvalidConfigurationException($"{KeySetting} must be at least 32 random bytes in base64 (e.g. `openssl rand -base64 32`).");
    }

    private static byte[] KeyFromFile(string path)
    {
        if (File.Exists(path)) return ParseKey(File.ReadAllText(path).Trim());
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            file.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key)));
            return key;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            return ParseKey(File.ReadAllText(path).Trim());
        }
    }

    private sealed record Line(Guid Chain, long Sequence, string? Hash, string At, string? Mac, string? Signer = null, string? Signature = null);
}
