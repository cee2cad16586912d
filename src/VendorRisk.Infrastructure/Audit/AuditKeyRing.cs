using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using VendorRisk.Domain.Audit;

namespace VendorRisk.Infrastructure.Audit;

/// <summary>
/// The audit trail's keys, all kept outside the database (ADR-036): the HMAC keys of the rows, each known by an id stored on the
/// rows it keyed (so a rotation leaves old rows verifiable), and the ECDSA P-256 key that signs the checkpoints (its public half is
/// handed to tenants, who verify their downloads with it and hold no secret).
/// </summary>
/// <remarks>
/// Where the keys come from, first match wins per key:
/// <list type="bullet">
/// <item>configuration (a secret store): <c>Audit:RowKeys:{id}</c> = 32+ random bytes in base64, <c>Audit:ActiveRowKey</c> = the id
/// new rows use, <c>Audit:CheckpointSigningKey</c> = a PKCS#8 PEM EC private key;</item>
/// <item>the key folder <c>Audit:KeyFolder</c> (default <c>App_Data/audit-keys</c>): <c>row-{id}.key</c> files, <c>active-row-key</c>
/// naming the active one, and <c>checkpoint-signing.pem</c>; created on first use, readable by the portal's user only.</item>
/// </list>
/// Not Data Protection: its key ring is stored in the database (<c>PersistKeysToDbContext</c>), so a database writer could unwrap keys
/// protected with it, which is the attacker these keys are for. <see cref="RotateRowKey"/> (the <c>audit-keys rotate</c> command)
/// writes a new row key and makes it active; running nodes see it at their next write (the active file is re-read when it changes).
/// The key it replaces is marked retired (<c>row-{id}.retired</c>, or <c>Audit:RetiredRowKeys:{id}</c> for configured keys): it keeps
/// verifying its rows, and a row it keys after its retirement is a forgery (ADR-042). <see cref="RotateSigningKey"/> (the
/// <c>audit-keys rotate-signing</c> command) replaces the checkpoint signing key: the new public key is appended to
/// <c>checkpoint-signers.jsonl</c> with a statement signed by the old key and by the new one, so a tenant who trusts any one key of
/// the history can follow it to every other offline; the old private key is destroyed.
/// </remarks>
public sealed class AuditKeyRing : IAuditKeys
{
    public const string KeyFolderSetting = "Audit:KeyFolder";
    public const string RowKeysSection = "Audit:RowKeys";
    public const string ActiveRowKeySetting = "Audit:ActiveRowKey";
    public const string RetiredRowKeysSection = "Audit:RetiredRowKeys";
    public const string SigningKeySetting = "Audit:CheckpointSigningKey";
    private const string ActiveFileName = "active-row-key";
    private const string SigningFileName = "checkpoint-signing.pem";
    private const string SignersFileName = "checkpoint-signers.jsonl";
    private const string LegacySealedFileName = "legacy-rows-sealed";

    private readonly IConfiguration _configuration;
    private readonly Lock _lock = new();
    private Dictionary<string, AuditKey> _keys = new(StringComparer.Ordinal);
    private AuditKey? _active;
    private DateTime _activeFileStamp;
    private ECDsa? _signing;
    private DateTime _signingFileStamp;
    private IReadOnlyList<AuditSigner>? _signers;
    private Dictionary<string, ECDsa> _signerKeys = new(StringComparer.Ordinal);
    private DateTime _signersFileStamp;
    private string? _signersBuiltFor;

    public AuditKeyRing(IConfiguration configuration, IHostEnvironment environment)
    {
        _configuration = configuration;
        Folder = Path.GetFullPath(configuration[KeyFolderSetting] is { Length: > 0 } folder
            ? Path.Combine(environment.ContentRootPath, folder)
            : Path.Combine(environment.ContentRootPath, "App_Data", "audit-keys"));
    }

    /// <summary>The folder of the key files.</summary>
    public string Folder { get; }

    public AuditKey Active
    {
        get
        {
            lock (_lock)
            {
                LoadIfChanged();
                return _active!;
            }
        }
    }

    public AuditKey? Find(string id)
    {
        lock (_lock)
        {
            LoadIfChanged();
            if (!_keys.ContainsKey(id)) Load();
            return _keys.GetValueOrDefault(id);
        }
    }

    /// <summary>
    /// Writes a new row key to the key folder and makes it the active one; returns its id. The key it replaces is marked retired at
    /// <paramref name="now"/> and stays for verification: rows it keyed later than that are reported as forged (ADR-042).
    /// </summary>
    public string RotateRowKey(DateTimeOffset now)
    {
        if (_configuration[ActiveRowKeySetting] is { Length: > 0 })
            throw new InvalidConfigurationException($"The active row key is set in configuration ({ActiveRowKeySetting}): rotate there, by adding {RowKeysSection}:<new id>, pointing {ActiveRowKeySetting} at it and setting {RetiredRowKeysSection}:<old id> to the time of the change.");
        lock (_lock)
        {
            LoadIfChanged();
            var retired = _active!.Id;
            var id = NewId();
            WriteSecretFile(Path.Combine(Folder, $"row-{id}.key"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            try
            {
                WriteSecretFile(Path.Combine(Folder, $"row-{retired}.retired"), now.ToString("O", CultureInfo.InvariantCulture));
            }
            catch (IOException) when (File.Exists(Path.Combine(Folder, $"row-{retired}.retired")))
            {
                // Retired before (its first retirement counts).
            }
            var temporary = ActiveFile + ".new";
            File.WriteAllText(temporary, id);
            File.Move(temporary, ActiveFile, overwrite: true);
            Load();
            return id;
        }
    }

    private void LoadIfChanged()
    {
        var stamp = File.Exists(ActiveFile) ? File.GetLastWriteTimeUtc(ActiveFile) : default;
        if (_active is null || stamp != _activeFileStamp) Load();
    }

    /// <summary>Whether the rows written before keyed hashing began have been keyed (a marker file in the key folder; ADR-036).</summary>
    public bool LegacyRowsSealed => File.Exists(Path.Combine(Folder, LegacySealedFileName));

    public void MarkLegacyRowsSealed(DateTimeOffset now)
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, LegacySealedFileName), now.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The key that signs checkpoints (ECDSA P-256); created in the key folder on first use unless configured. Re-read when another
    /// node's rotation replaced the file.
    /// </summary>
    public ECDsa SigningKey
    {
        get
        {
            lock (_lock)
            {
                var file = Path.Combine(Folder, SigningFileName);
                var stamp = File.Exists(file) ? File.GetLastWriteTimeUtc(file) : default;
                if (_signing is not null && (_configuration[SigningKeySetting] is { Length: > 0 } || stamp == _signingFileStamp)) return _signing;
                _signingFileStamp = stamp;
                var pem = _configuration[SigningKeySetting] is { Length: > 0 } configured ? configured : SigningPemFromFolder();
                var key = ECDsa.Create();
                try
                {
                    key.ImportFromPem(pem);
                }
                catch (ArgumentException)
                {
                    key.Dispose();
                    throw new InvalidConfigurationException($"{SigningKeySetting} (or {SigningFileName} in {Folder}) must be a PEM EC private key (openssl ecparam -name prime256v1 -genkey | openssl pkcs8 -topk8 -nocrypt).");
                }
                _signing = key;
                _signingFileStamp = File.Exists(file) ? File.GetLastWriteTimeUtc(file) : default;
                return key;
            }
        }
    }

    /// <summary>
    /// Every checkpoint signing key this portal has used, oldest first, each after the first with the rotation statement signed by its
    /// predecessor and by itself (ADR-042). Entries whose statement does not verify are left out (their checkpoints then verify by no
    /// key). Without a rotation yet: the current key alone. A current key missing from a non-empty history (the key file swapped) is
    /// not in the list: its checkpoints are not trusted.
    /// </summary>
    public IReadOnlyList<AuditSigner> Signers
    {
        get
        {
            lock (_lock)
            {
                var file = Path.Combine(Folder, SignersFileName);
                var stamp = File.Exists(file) ? File.GetLastWriteTimeUtc(file) : default;
                var current = SignerId;
                if (_signers is not null && stamp == _signersFileStamp && _signersBuiltFor == current) return _signers;
                _signersFileStamp = stamp;
                _signersBuiltFor = current;
                var history = ReadSignerHistory(file);
                _signers = history.Count == 0 ? [new AuditSigner(current, PublicKeyPem, null, null, null, null)] : AuditSigner.Verified(history);
                foreach (var key in _signerKeys.Values) key.Dispose();
                _signerKeys = new(StringComparer.Ordinal);
                foreach (var signer in _signers)
                {
                    var key = ECDsa.Create();
                    key.ImportFromPem(signer.PublicKeyPem);
                    _signerKeys[signer.Id] = key;
                }
                return _signers;
            }
        }
    }

    /// <summary>Whether <paramref name="signature"/> (IEEE P1363, base64) over <paramref name="text"/> is by the signer <paramref name="signerId"/> of <see cref="Signers"/>.</summary>
    public bool Verifies(string? signerId, string text, string signature)
    {
        if (signerId is null) return false;
        _ = Signers;
        ECDsa? key;
        lock (_lock) key = _signerKeys.GetValueOrDefault(signerId);
        if (key is null) return false;
        try
        {
            lock (key) return key.VerifyData(Encoding.UTF8.GetBytes(text), Convert.FromBase64String(signature), HashAlgorithmName.SHA256);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>
    /// Replaces the checkpoint signing key with a new one (ADR-042): the statement "<c>old</c> is followed by <c>new</c> from
    /// <paramref name="now"/>" signed by both goes into <c>checkpoint-signers.jsonl</c>, then the new private key replaces the old
    /// one, which is gone for good (only its public half stays, to verify the checkpoints it signed). Returns the new signer's id.
    /// </summary>
    public string RotateSigningKey(DateTimeOffset now)
    {
        if (_configuration[SigningKeySetting] is { Length: > 0 })
            throw new InvalidConfigurationException($"The checkpoint signing key is set in configuration ({SigningKeySetting}): the rotation command works on the key folder only. Remove the setting to let the key folder hold the key.");
        lock (_lock)
        {
            var old = SigningKey;
            var oldId = SignerId;
            var historyFile = Path.Combine(Folder, SignersFileName);
            var history = ReadSignerHistory(historyFile);
            var lines = new StringBuilder();
            if (history.Count == 0) lines.Append(JsonSerializer.Serialize(new AuditSigner(oldId, PublicKeyPem, null, null, null, null), AuditSigner.Json)).Append('\n');
            using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var publicPem = fresh.ExportSubjectPublicKeyInfoPem();
            var id = Fingerprint(fresh.ExportSubjectPublicKeyInfo());
            var statement = Encoding.UTF8.GetBytes(AuditSigner.Statement(oldId, id, publicPem, now));
            string endorsement;
            lock (old) endorsement = Convert.ToBase64String(old.SignData(statement, HashAlgorithmName.SHA256));
            var acceptance = Convert.ToBase64String(fresh.SignData(statement, HashAlgorithmName.SHA256));
            lines.Append(JsonSerializer.Serialize(new AuditSigner(id, publicPem, now, oldId, endorsement, acceptance), AuditSigner.Json)).Append('\n');
            File.AppendAllText(historyFile, lines.ToString());

            var path = Path.Combine(Folder, SigningFileName);
            var temporary = path + ".new";
            File.Delete(temporary);
            WriteSecretFile(temporary, fresh.ExportPkcs8PrivateKeyPem());
            File.Move(temporary, path, overwrite: true);
            _signing = null;
            _signers = null;
            return id;
        }
    }

    private static List<AuditSigner> ReadSignerHistory(string file)
    {
        if (!File.Exists(file)) return [];
        var list = new List<AuditSigner>();
        foreach (var line in File.ReadAllLines(file))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                if (JsonSerializer.Deserialize<AuditSigner>(line, AuditSigner.Json) is { } signer) list.Add(signer);
            }
            catch (JsonException)
            {
                // An edited line: left out, so what it signed verifies by no key.
            }
        }
        return list;
    }

    /// <summary>The public half of <see cref="SigningKey"/> as PEM (SubjectPublicKeyInfo): what tenants verify their downloads with.</summary>
    public string PublicKeyPem => SigningKey.ExportSubjectPublicKeyInfoPem();

    /// <summary>A short name of the signing key: the first 16 hex digits of SHA-256 over its public key (DER).</summary>
    public string SignerId => Fingerprint(SigningKey.ExportSubjectPublicKeyInfo());

    public static string Fingerprint(byte[] subjectPublicKeyInfo) => Convert.ToHexString(SHA256.HashData(subjectPublicKeyInfo))[..16].ToLowerInvariant();

    private string ActiveFile => Path.Combine(Folder, ActiveFileName);

    private void Load()
    {
        var keys = new Dictionary<string, AuditKey>(StringComparer.Ordinal);
        foreach (var child in _configuration.GetSection(RowKeysSection).GetChildren())
        {
            if (child.Value is { Length: > 0 } value)
                keys[child.Key] = new AuditKey(child.Key, ParseKey(value, $"{RowKeysSection}:{child.Key}"), Retired(child.Key, _configuration[$"{RetiredRowKeysSection}:{child.Key}"]));
        }
        if (Directory.Exists(Folder))
        {
            foreach (var file in Directory.EnumerateFiles(Folder, "row-*.key"))
            {
                var id = Path.GetFileNameWithoutExtension(file)["row-".Length..];
                var marker = Path.Combine(Folder, $"row-{id}.retired");
                keys.TryAdd(id, new AuditKey(id, ParseKey(File.ReadAllText(file).Trim(), file), Retired(id, File.Exists(marker) ? File.ReadAllText(marker).Trim() : null)));
            }
        }
        _keys = keys;

        if (_configuration[ActiveRowKeySetting] is { Length: > 0 } configured)
        {
            _active = keys.GetValueOrDefault(configured)
                ?? throw new InvalidConfigurationException($"{ActiveRowKeySetting} names \"{configured}\", but {RowKeysSection}:{configured} is not set.");
            return;
        }
        if (!File.Exists(ActiveFile))
        {
            RotateFirst();
            return;
        }
        _activeFileStamp = File.GetLastWriteTimeUtc(ActiveFile);
        var active = File.ReadAllText(ActiveFile).Trim();
        _active = keys.GetValueOrDefault(active)
            ?? throw new InvalidConfigurationException($"{ActiveFile} names row key \"{active}\", but {Folder} has no row-{active}.key.");
    }

    /// <summary>The first key of a new installation; two nodes starting together both try, and the one that loses reads the winner's.</summary>
    private void RotateFirst()
    {
        Directory.CreateDirectory(Folder);
        var id = NewId();
        WriteSecretFile(Path.Combine(Folder, $"row-{id}.key"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        try
        {
            WriteSecretFile(ActiveFile, id);
        }
        catch (IOException) when (File.Exists(ActiveFile))
        {
        }
        Load();
    }

    private string SigningPemFromFolder()
    {
        var path = Path.Combine(Folder, SigningFileName);
        if (File.Exists(path)) return File.ReadAllText(path);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            WriteSecretFile(path, key.ExportPkcs8PrivateKeyPem());
        }
        catch (IOException) when (File.Exists(path))
        {
        }
        return File.ReadAllText(path);
    }

    private static DateTimeOffset? Retired(string id, string? text) =>
        text is null ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at
        : throw new InvalidConfigurationException($"The retirement of audit row key \"{id}\" must be a date and time (ISO 8601, e.g. 2026-12-07T18:00:00Z), not \"{text}\".");

    private static string NewId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(5)).ToLowerInvariant();

    private static void WriteSecretFile(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var file = new FileStream(path, options);
        file.Write(Encoding.ASCII.GetBytes(content));
    }

    internal static byte[] ParseKey(string base64, string where)
    {
        try
        {
            var key = Convert.FromBase64String(base64);
            if (key.Length >= 32) return key;
        }
        catch (FormatException)
        {
        }
        throw new InvalidConfigurationException($"{where} must be at least 32 random bytes in base64 (e.g. `openssl rand -base64 32`).");
    }
}
