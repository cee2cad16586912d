using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Audit;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Infrastructure.Audit;

/// <summary>
/// Adds audit events to the unit of work; they are written by the caller's next SaveChanges, in the same
/// transaction as the change they describe. The actor and address come from the current request, if any.
/// </summary>
public sealed class AuditLog(AppDbContext db, TenantContext tenant, TimeProvider clock, IHttpContextAccessor http)
{
    private static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web);

    private Dictionary<string, object?>? _annotations;

    /// <summary>
    /// Adds <paramref name="name"/> to the details of every event this scope records from now on: how the change came in (a
    /// REST API token), or that it is demo history. Operations then need not know their channel.
    /// </summary>
    public void Annotate(string name, object? value) => (_annotations ??= new(StringComparer.Ordinal))[name] = value;

    public void Record(string action, string? entityType = null, object? entityId = null, object? details = null,
        Guid? actorUserId = null, string? actorName = null)
    {
        var context = http.HttpContext;
        var user = context?.User;
        if (actorUserId is null && Guid.TryParse(user?.FindFirstValue(ClaimTypes.NameIdentifier), out var id)) actorUserId = id;
        actorName ??= user?.Identity?.IsAuthenticated == true ? user.Identity.Name : null;

        db.AuditEvents.Add(AuditEvent.Create(
            tenant.TenantId ?? AuditEvent.PlatformChain,
            clock.GetUtcNow(),
            actorUserId,
            actorName,
            context?.Connection.RemoteIpAddress?.ToString(),
            action,
            entityType,
            entityId?.ToString(),
            Serialize(details)));
    }

    private string Serialize(object? details)
    {
        if (_annotations is null) return details is null ? "{}" : JsonSerializer.Serialize(details, DetailsJson);
        var json = details is null ? new System.Text.Json.Nodes.JsonObject() : JsonSerializer.SerializeToNode(details, DetailsJson)!.AsObject();
        foreach (var (name, value) in _annotations) json[name] = JsonSerializer.SerializeToNode(value, DetailsJson);
        return json.ToJsonString(DetailsJson);
    }
}

/// <summary>Reads a chain in order and verifies it, and checks it against its signed checkpoints outside the database.</summary>
public sealed class AuditVerifier(AppDbContext db, TenantContext tenant, AuditAnchors anchors, IAuditKeys keys)
{
    public async Task<AuditChainVerification> VerifyCurrentChainAsync(CancellationToken cancellationToken = default)
    {
        var chain = tenant.TenantId ?? AuditEvent.PlatformChain;
        var head = await db.AuditChainHeads.AsNoTracking().SingleOrDefaultAsync(h => h.TenantId == chain, cancellationToken);
        var events = db.AuditEvents.AsNoTracking().Where(e => e.TenantId == chain).OrderBy(e => e.Sequence).AsAsyncEnumerable();
        var list = new List<AuditEvent>();
        await foreach (var e in events.WithCancellation(cancellationToken)) list.Add(e);
        return AuditAnchors.Check(AuditChainVerifier.Verify(list, head, keys), list, await anchors.ReadAsync(chain, cancellationToken));
    }

    /// <summary>The current chain's events, oldest first.</summary>
    public async Task<IReadOnlyList<AuditEvent>> EventsAsync(CancellationToken cancellationToken = default)
    {
        var chain = tenant.TenantId ?? AuditEvent.PlatformChain;
        return await db.AuditEvents.AsNoTracking().Where(e => e.TenantId == chain).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Keys the rows of the current chain that were written before keyed hashing began (ADR-036), once, and only if the chain still
    /// verifies by its SHA-256 links, its head and its signed checkpoints: a chain already broken is left as it is, and the verifier
    /// keeps naming where. Keying trusts what the verification could check, so it runs at the first start after the upgrade.
    /// </summary>
    /// <returns>How many rows were keyed.</returns>
    public async Task<int> SealLegacyRowsAsync(CancellationToken cancellationToken = default)
    {
        var chain = tenant.TenantId ?? AuditEvent.PlatformChain;
        if (!await db.AuditEvents.AnyAsync(e => e.TenantId == chain && e.KeyId == null, cancellationToken)) return 0;
        var head = await db.AuditChainHeads.AsNoTracking().SingleOrDefaultAsync(h => h.TenantId == chain, cancellationToken);
        var events = await EventsAsync(cancellationToken);
        var linked = AuditChainVerifier.Verify(events, head);
        if (!AuditAnchors.Check(linked, events, await anchors.ReadAsync(chain, cancellationToken)).IsIntact) return 0;
        var key = keys.Active;
        var count = 0;
        foreach (var e in events.Where(e => e.KeyId is null))
        {
            e.Seal(key);
            // Audit rows are append-only through EF; this one-time keying is the only update, and changes no field the hash covers.
            count += await db.AuditEvents.Where(x => x.Id == e.Id && x.KeyId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.KeyId, e.KeyId).SetProperty(x => x.Mac, e.Mac), cancellationToken);
        }
        return count;
    }
}
