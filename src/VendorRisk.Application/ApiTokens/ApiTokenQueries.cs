using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Api;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.ApiTokens;

public sealed record ApiTokenRow(Guid Id, string Name, string DisplayPrefix, ApiTokenScope Scope, DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public string State(DateTimeOffset now) => RevokedAt is not null ? "Revoked"
        : ExpiresAt is null ? "No expiry: no longer accepted, create a new token" : ExpiresAt <= now ? "Expired" : "Active";
}

/// <summary>The acting member's own tokens in the tenant entered, newest first; nobody reads anyone else's.</summary>
public sealed class ApiTokenQueries(AppDbContext db, Access access)
{
    public async Task<Outcome<IReadOnlyList<ApiTokenRow>>> MineAsync(CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(ApiTokenOperations.Own) is { } forbidden) return forbidden;
        var userId = access.Tenant.UserId;
        return await db.PersonalAccessTokens.AsNoTracking().Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt)
            .Select(t => new ApiTokenRow(t.Id, t.Name, t.DisplayPrefix, t.Scope, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt))
            .ToListAsync(cancellationToken);
    }
}
