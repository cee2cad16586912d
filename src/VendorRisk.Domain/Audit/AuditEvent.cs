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
    public string Hash { get; private set; } = "";

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
/// The last link of a chain, kept in its own row and updated in the same transaction as each append,
/// so that removing the newest events is detected as well.
/// </summary>
public sealed class AuditChainHead
{
    public Guid TenantId { get; set; }
    public long Sequence { get; set; }
    public string Hash { get; set; } = "";
}
