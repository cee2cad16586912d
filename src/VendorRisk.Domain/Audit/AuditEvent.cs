using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VendorRisk.Domain.Common;

namespace VendorRisk.Domain.Audit;

/// <summary>
/// One append-only entry of the audit trail. Entries form a hash chain per tenant (platform events, such
/// as a sign-in before a tenant is chosen, form a chain under <see cref="PlatformChain"/>): each row's
/// hash covers its content and the previous row's hash, so a changed or removed row breaks the chain.
/// </summary>
public sealed class AuditEvent
{
    /// <summary>The chain of events that belong to no tenant.</summary>
    public static readonly Guid PlatformChain = Guid.Empty;

    public const int ActionMaxLength = 80;
    public const int EntityTypeMaxLength = 80;
    public const int EntityIdMaxLength = 80;

    private AuditEvent() { }

    public long Id { get; private set; }
    /// <summary>The tenant, or <see cref="PlatformChain"/>.</summary>
    public Guid TenantId { get; private set; }
    /// <summary>Position in the tenant's chain, from 1, without gaps.</summary>
    public long Sequence { get; private set; }
    public DateTimeOffset OccurredAt { get; private set; }
    public Guid? ActorUserId { get; private set; }
    public string? ActorName { get; private set; }
    public string? IpAddress { get; private set; }
    public string Action { get; private set; } = "";
    public string? EntityType { get; private set; }
    public string? EntityId { get; private set; }
    public string DetailsJson { get; private set; } = "{}";
    public string PreviousHash { get; private set; } = "";
    /// <summary>SHA-256 over the content and <see cref="PreviousHash"/>: the public linkage anyone can recompute (offline verification).</summary>
    public string Hash { get; private set; } = "";
    /// <summary>The id of the key <see cref="Mac"/> was made with (ADR-036); null only before keyed hashing began.</summary>
    public string? KeyId { get; private set; }
    /// <summary>
    /// HMAC-SHA256 of <see cref="Hash"/> under the key <see cref="KeyId"/>, which is not in the database. <see cref="Hash"/> covers this
    /// row and, through <see cref="PreviousHash"/>, every row before it, so whoever edits a row and re-hashes the chain cannot make the
    /// edited row's MAC: the verifier names that row.
    /// </summary>
    public string? Mac { get; private set; }

    public const int KeyIdMaxLength = 40;

    public static AuditEvent Create(
        Guid tenantId, DateTimeOffset occurredAt, Guid? actorUserId, string? actorName, string? ipAddress,
        string action, string? entityType, string? entityId, string detailsJson)
    {
        if (string.IsNullOrWhiteSpace(action) || action.Length > ActionMaxLength)
            throw new DomainException("An audit event needs an action name.");
        return new AuditEvent
        {
            TenantId = tenantId,
            OccurredAt = StoredPrecision(occurredAt),
            ActorUserId = actorUserId,
            ActorName = actorName,
            IpAddress = ipAddress,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            DetailsJson = detailsJson,
        };
    }

    /// <summary>
    /// UTC, truncated to whole milliseconds: the hash covers the time, so it must be exactly what every
    /// database gives back (the SQLite mapping keeps 0.1 ms, SQL Server 100 ns; a clock gives 100 ns).
    /// </summary>
    public static DateTimeOffset StoredPrecision(DateTimeOffset when)
    {
        var utc = when.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    /// <summary>
    /// Called by the data layer, inside the transaction that writes the row. When that transaction lost a race for the chain's head
    /// and was rolled back, the unsaved event is chained again after the new head.
    /// </summary>
    public void Chain(long sequence, string previousHash)
    {
        Sequence = sequence;
        PreviousHash = previousHash;
        Hash = ComputeHash();
    }

    /// <summary>Chains the row and keys it: <see cref="Mac"/> under <paramref name="key"/>.</summary>
    public void Chain(long sequence, string previousHash, AuditKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        Chain(sequence, previousHash);
        Seal(key);
    }

    /// <summary>Keys a row that was written before keyed hashing began (the one-time sealing of ADR-036), or re-keys nothing else.</summary>
    public void Seal(AuditKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        KeyId = key.Id;
        Mac = ComputeMac(key.Secret, Hash);
    }

    public static string ComputeMac(byte[] secret, string hash) =>
        Convert.ToHexString(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes("vendorrisk-audit-row/1|" + hash)));

    public string ComputeHash()
    {
        // Length-prefixed fields: no separator inside a value can make two different rows hash alike.
        var text = new StringBuilder();
        void Add(string? value) => text.Append(value?.Length ?? -1).Append(':').Append(value).Append('|');
        Add(Sequence.ToString(CultureInfo.InvariantCulture));
        Add(TenantId.ToString("D"));
        Add(OccurredAt.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Add(ActorUserId?.ToString("D"));
        Add(ActorName);
        Add(IpAddress);
        Add(Action);
        Add(EntityType);
        Add(EntityId);
        Add(DetailsJson);
        Add(PreviousHash);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

/// <summary>
/// A secret key for the rows' MACs, known by its id (stored on each row, so keys can be rotated). <paramref name="RetiredAt"/>: when a
/// rotation replaced it (kept outside the database with the key; ADR-042); a row it keyed must not be newer than that, nor follow a row
/// keyed with a newer key.
/// </summary>
public sealed record AuditKey(string Id, byte[] Secret, DateTimeOffset? RetiredAt = null);

/// <summary>The row keys this portal holds (outside the database): the one new rows are keyed with, and the old ones by id.</summary>
public interface IAuditKeys
{
    AuditKey Active { get; }

    /// <summary>The key with <paramref name="id"/>, or null when this portal does not hold it.</summary>
    AuditKey? Find(string id);
}

/// <summary>
/// The last link of a chain, kept in its own row and updated in the same transaction as each append,
/// so that removing the newest events is detected as well.
/// </summary>
public sealed class AuditChainHead
{
    public Guid TenantId { get; set; }
    public long Sequence { get; set; }
    public string Hash { get; set; } = "";
}
