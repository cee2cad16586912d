using System.Security.Cryptography;
using System.Text;
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
/// </remarks>
public sealed class AuditKeyRing : IAuditKeys
{
    public const string KeyFolderSetting = "Audit:KeyFolder";
    public const string RowKeysSection = "Audit:RowKeys";
    public const string ActiveRowKeySetting = "Audit:ActiveRowKey";
    public const string SigningKeySetting = "Audit:CheckpointSigningKey";
    private const string ActiveFileName = "active-row-key";
    private const string SigningFileName = "checkpoint-signing.pem";
    private const string LegacySealedFileName = "legacy-rows-sealed";

    private readonly IConfiguration _configuration;
    private readonly Lock _lock = new();
    private Dictionary<string, AuditKey> _keys = new(StringComparer.Ordinal);
    private AuditKey? _active;
    private DateTime _activeFileStamp;
    private ECDsa? _signing;

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
                var stamp = File.Exists(ActiveFile) ? File.GetLastWriteTimeUtc(ActiveFile) : default;
                if (_active is null || stamp != _activeFileStamp) Load();
                return _active!;
            }
        }
    }

    public AuditKey? Find(string id)
    {
        lock (_lock)
        {
            if (_active is null || !_keys.ContainsKey(id)) Load();
            return _keys.GetValueOrDefault(id);
        }
    }

    /// <summary>Writes a new row key to the key folder and makes it the active one; returns its id. Old keys stay for verification.</summary>
    public string RotateRowKey()
    {
        if (_configuration[ActiveRowKeySetting] is { Length: > 0 })
            throw new InvalidConfigurationException($"The active row key is set in configuration ({ActiveRowKeySetting}): rotate there, by adding {RowKeysSection}:<new id> and pointing {ActiveRowKeySetting} at it.");
        lock (_lock)
        {
            var id = NewId();
            WriteSecretFile(Path.Combine(Folder, $"row-{id}.key"), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            var temporary = ActiveFile + ".new";
            File.WriteAllText(temporary, id);
            File.Move(temporary, ActiveFile, overwrite: true);
            Load();
            return id;
        }
    }

    /// <summary>Whether the rows written before keyed hashing began have been keyed (a marker file in the key folder; ADR-036).</summary>
    public bool LegacyRowsSealed => File.Exists(Path.Combine(Folder, LegacySealedFileName));

    public void MarkLegacyRowsSealed(DateTimeOffset now)
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(Path.Combine(Folder, LegacySealedFileName), now.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The key that signs checkpoints (ECDSA P-256); created in the key folder on first use unless configured.</summary>
    public ECDsa SigningKey
    {
        get
        {
            lock (_lock)
            {
                if (_signing is not null) return _signing;
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
                return _signing = key;
            }
        }
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
            if (child.Value is { Length: > 0 } value) keys[child.Key] = new AuditKey(child.Key, ParseKey(value, $"{RowKeysSection}:{child.Key}"));
        if (Directory.Exists(Folder))
        {
            foreach (var file in Directory.EnumerateFiles(Folder, "row-*.key"))
            {
                var id = Path.GetFileNameWithoutExtension(file)["row-".Length..];
                keys.TryAdd(id, new AuditKey(id, ParseKey(File.ReadAllText(file).Trim(), file)));
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
