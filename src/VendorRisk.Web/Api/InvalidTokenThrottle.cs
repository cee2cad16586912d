using System.Threading.RateLimiting;

namespace VendorRisk.Web.Api;

/// <summary>
/// Limits how many unknown, expired or revoked <c>vrk_…</c> tokens one client address may present per minute (issue 16, V11). The
/// API's request limit is keyed on the token, so each guessed token used to get a fresh bucket; this one is keyed on the address,
/// and once it is spent the address's token attempts are answered 429 without a database lookup. Valid tokens never spend it.
/// </summary>
public sealed class InvalidTokenThrottle(IConfiguration configuration) : IDisposable
{
    public const string Setting = "Api:InvalidTokensPerMinute";
    public const string ThrottledItem = "vrk:invalid-token-throttled";

    public int PerMinute { get; } = Math.Max(1, configuration.GetValue(Setting, 20));

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(address =>
        RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, configuration.GetValue(Setting, 20)), Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
        }));

    public static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>Whether the address has no attempts left in this window (checked before looking a token up).</summary>
    public bool IsSpent(string address) => _limiter.GetStatistics(address) is { CurrentAvailablePermits: <= 0 };

    /// <summary>Counts one invalid token from <paramref name="address"/>; false when that was one too many.</summary>
    public bool CountFailure(string address)
    {
        using var lease = _limiter.AttemptAcquire(address);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
