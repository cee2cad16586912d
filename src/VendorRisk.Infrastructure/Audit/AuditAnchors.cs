using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using VendorRisk.Domain.Audit;

namespace VendorRisk.Infrastructure.Audit;

/// <summary>A chain's head as it was at a moment, signed with the anchor key (which is not in the database).</summary>
public sealed record AuditCheckpoint(Guid Chain, long Sequence, string Hash, DateTimeOffset At);

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
    private readonly byte[] _key;

    /// <summary>
    /// The last checkpointed sequence per chain, read from the file once and kept up to date by <see cref="RecordAsync"/>, so a
    /// run over many tenants reads the file once, not once per tenant. Another node's lines are not seen here: at worst this
    /// node writes one more checkpoint of the same head, which verification accepts.
    /// </summary>
    private Dictionary<Guid, long>? _lastSequence;

    public AuditAnchors(IConfiguration configuration, IHostEnvironment environment)
    {
        var folder = Path.Combine(environment.ContentRootPath, "App_Data");
        CheckpointPath = Path.GetFullPath(configuration[CheckpointPathSetting] is { Length: > 0 } path
            ? Path.Combine(environment.ContentRootPath, path)
            : Path.Combine(folder, "audit-checkpoints.jsonl"));
        _key = configuration[KeySetting] is { Length: > 0 } configured
            ? ParseKey(configured)
            : KeyFromFile(Path.GetFullPath(configuration[KeyPathSetting] is { Length: > 0 } keyPath
                ? Path.Combine(environment.ContentRootPath, keyPath)
                : Path.Combine(Path.GetDirectoryName(CheckpointPath)!, "audit-anchor.key")));
    }

    /// <summary>The append-only file the checkpoints are written to.</summary>
    public string CheckpointPath { get; }

    /// <summary>Appends a checkpoint of <paramref name="head"/> unless the chain's last checkpoint already has its sequence.</summary>
    /// <returns>Whether a checkpoint was written.</returns>
    public async Task<bool> RecordAsync(Guid chain, AuditChainHead? head, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (head is null || head.Sequence == 0) return false;
        await FileLock.WaitAsync(cancellationToken);
        try
        {
            _lastSequence ??= (await ReadAllAsync(cancellationToken)).Checkpoints
                .GroupBy(c => c.Chain).ToDictionary(g => g.Key, g => g.Max(c => c.Sequence));
            if (_lastSequence.TryGetValue(chain, out var last) && last >= head.Sequence) return false;
            var checkpoint = new AuditCheckpoint(chain, head.Sequence, head.Hash, now);
            var line = JsonSerializer.Serialize(new Line(chain, head.Sequence, head.Hash, now.ToString("O", CultureInfo.InvariantCulture), Sign(checkpoint)));
            Directory.CreateDirectory(Path.GetDirectoryName(CheckpointPath)!);
            await File.AppendAllTextAsync(CheckpointPath, line + "\n", cancellationToken);
            _lastSequence[chain] = head.Sequence;
            return true;
        }
        finally
        {
            FileLock.Release();
        }
    }

    /// <summary>The signed checkpoints of <paramref name="chain"/> in sequence order; lines that are not signed by this key are counted.</summary>
    public async Task<AuditAnchorsOfChain> ReadAsync(Guid chain, CancellationToken cancellationToken)
    {
        var all = await ReadAllAsync(cancellationToken);
        return new AuditAnchorsOfChain([.. all.Checkpoints.Where(c => c.Chain == chain).OrderBy(c => c.Sequence)], all.UnsignedLines);
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
        foreach (var checkpoint in anchors.Checkpoints)
        {
            var when = checkpoint.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            if (!bySequence.TryGetValue(checkpoint.Sequence, out var stored))
            {
                return new AuditChainVerification(false, chainItself.CheckedEvents, lastStored + 1,
                    lastStored == 0
                        ? $"The chain was deleted: the checkpoint of {when} UTC recorded {checkpoint.Sequence} events and none is stored."
                        : $"Events were removed: the checkpoint of {when} UTC recorded event {checkpoint.Sequence}, and the stored chain ends at {lastStored}.");
            }
            if (!string.Equals(stored.Hash, checkpoint.Hash, StringComparison.Ordinal))
            {
                return new AuditChainVerification(false, chainItself.CheckedEvents, lastGood + 1,
                    $"The chain was rewritten: event {checkpoint.Sequence} no longer has the hash the checkpoint of {when} UTC recorded, " +
                    $"so at least one event from {lastGood + 1} to {checkpoint.Sequence} was changed and the chain re-hashed.");
            }
            lastGood = checkpoint.Sequence;
        }
        if (!chainItself.IsIntact) return chainItself;
        if (anchors.UnsignedLines > 0)
        {
            return new AuditChainVerification(false, chainItself.CheckedEvents, null,
                $"The checkpoint file holds {anchors.UnsignedLines} line(s) not signed with this portal's anchor key: the file was edited.");
        }
        return anchors.Checkpoints.Count == 0
            ? chainItself
            : chainItself with { Message = $"{chainItself.Message} {anchors.Checkpoints.Count} checkpoint(s) outside the database agree, the last at event {lastGood}." };
    }

    private async Task<AuditAnchorsOfChain> ReadAllAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(CheckpointPath)) return new AuditAnchorsOfChain([], 0);
        var checkpoints = new List<AuditCheckpoint>();
        var unsigned = 0;
        foreach (var text in await File.ReadAllLinesAsync(CheckpointPath, cancellationToken))
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
            var checkpoint = new AuditCheckpoint(line.Chain, line.Sequence, line.Hash ?? "", at);
            if (line.Mac is { } mac && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(mac), Encoding.ASCII.GetBytes(Sign(checkpoint))))
                checkpoints.Add(checkpoint);
            else
                unsigned++;
        }
        return new AuditAnchorsOfChain(checkpoints, unsigned);
    }

    private string Sign(AuditCheckpoint c) => Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(
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

    private sealed record Line(Guid Chain, long Sequence, string? Hash, string At, string? Mac);
}
