using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VendorRisk.Application.Tenancy;
using VendorRisk.Domain.Audit;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Security;

/// <summary>
/// Refusals written to the audit trail as security events (ASVS 5.0 16.3.2, 16.3.3; ADR-049): a signed-in member or API token refused
/// in an organisation (403, <see cref="AuditActions.AccessDenied"/>) on that organisation's trail, which its admins and auditors read;
/// a rate-limit refusal (429, <see cref="AuditActions.RateLimited"/>) on the trail of the organisation whose API token it was, else on
/// the platform trail (sign-in pages, unknown tokens), which operators read. Each is written in a scope of its own, so nothing the
/// refused request had changed is saved with it. <see cref="SecurityEventThrottle"/> keeps a flood of refusals from flooding the trail.
/// </summary>
public sealed class SecurityEvents(IServiceScopeFactory scopes, SecurityEventThrottle throttle)
{
    private const int PathMaxLength = 200;

    /// <summary>A refusal (403) of the member <paramref name="userId"/> in the organisation <paramref name="tenantId"/>.</summary>
    public Task AccessDeniedAsync(Guid tenantId, Guid userId, string method, string path, string channel, CancellationToken cancellationToken) =>
        throttle.Admit(tenantId, "denied:" + userId) is { } suppressed
            ? WriteAsync(tenantId, AuditActions.AccessDenied, new { method, path = Clip(path), channel, refusedSinceLastEvent = suppressed }, cancellationToken)
            : Task.CompletedTask;

    /// <summary>
    /// A rate-limit refusal (429) of <paramref name="limit"/> for the caller <paramref name="caller"/> (a token's hash or an address,
    /// already a throttle key): on <paramref name="tenantId"/>'s trail when the caller's organisation is known, else the platform's.
    /// </summary>
    public Task RateLimitedAsync(Guid? tenantId, string caller, string limit, string method, string path, CancellationToken cancellationToken) =>
        throttle.Admit(tenantId ?? AuditEvent.PlatformChain, "limited:" + limit + ":" + caller) is { } suppressed
            ? WriteAsync(tenantId, AuditActions.RateLimited, new { limit, method, path = Clip(path), refusedSinceLastEvent = suppressed }, cancellationToken)
            : Task.CompletedTask;

    private async Task WriteAsync(Guid? tenantId, string action, object details, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        // The refusal itself is the proof of the organisation (the member or token was resolved into it); no person acts here.
        if (tenantId is { } id) scope.ServiceProvider.GetRequiredService<TenantDoor>().EnterAsSystem(id);
        scope.ServiceProvider.GetRequiredService<AuditLog>().Record(action, details: details);
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().SaveChangesAsync(cancellationToken);
    }

    private static string Clip(string path) => path.Length <= PathMaxLength ? path : path[..PathMaxLength];
}

/// <summary>
/// How often refusals become audit events (ADR-049), per node: the first refusal of a caller (a member in an organisation, a token,
/// an address) in each window (<c>Security:SecurityEventWindow</c>, default 5 minutes) is written, with the number of its refusals
/// left unwritten since its last event; at most <c>Security:SecurityEventsPerWindow</c> (default 20) events a window per trail, so
/// an attacker with many addresses cannot flood it either (what is left out is counted in each caller's next event).
/// </summary>
public sealed class SecurityEventThrottle(TimeProvider clock, IConfiguration configuration)
{
    private const int MaxTrackedCallers = 10_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<(Guid Chain, string Caller), (DateTimeOffset WindowStart, int Unwritten)> _callers = [];
    private readonly Dictionary<Guid, (DateTimeOffset WindowStart, int Written)> _chains = [];

    public TimeSpan Window { get; } = configuration.GetValue("Security:SecurityEventWindow", TimeSpan.FromMinutes(5));
    public int PerChainPerWindow { get; } = Math.Max(1, configuration.GetValue("Security:SecurityEventsPerWindow", 20));

    /// <summary>Null when this refusal is only counted; otherwise the number of the caller's refusals not written since its last event.</summary>
    public int? Admit(Guid chain, string caller)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (_callers.Count >= MaxTrackedCallers) Forget(now);
            var key = (chain, caller);
            var known = _callers.TryGetValue(key, out var state);
            if (known && now - state.WindowStart < Window)
            {
                _callers[key] = state with { Unwritten = state.Unwritten + 1 };
                return null;
            }
            var trail = _chains.TryGetValue(chain, out var c) && now - c.WindowStart < Window ? c : (now, 0);
            if (trail.Item2 >= PerChainPerWindow)
            {
                _callers[key] = (known ? state.WindowStart : DateTimeOffset.MinValue, (known ? state.Unwritten : 0) + 1);
                return null;
            }
            _chains[chain] = (trail.Item1, trail.Item2 + 1);
            _callers[key] = (now, 0);
            return known ? state.Unwritten : 0;
        }
    }

    /// <summary>Drops callers whose window ended long ago (their unwritten count is lost: a bound on memory, not on the trail).</summary>
    private void Forget(DateTimeOffset now)
    {
        foreach (var key in _callers.Where(c => now - c.Value.WindowStart >= Window * 2).Select(c => c.Key).ToList()) _callers.Remove(key);
        if (_callers.Count >= MaxTrackedCallers) _callers.Clear();
    }
}
