using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Api;
using VendorRisk.Domain.Common;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Api;
using VendorRisk.Infrastructure.Audit;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.ApiTokens;

/// <summary>A personal access token as its owner asks for it: <paramref name="ExpiresOn"/> is the last day (UTC) it works (required).</summary>
public sealed record ApiTokenRequest(string? Name, ApiTokenScope Scope, DateOnly? ExpiresOn);

/// <summary>A token just minted, with its secret: shown once, never stored (only its hash is).</summary>
public sealed record MintedApiToken(Guid Id, string Name, string Secret);

/// <summary>
/// Minting and revoking the acting member's own personal access tokens for the REST API, in the tenant entered. Nobody mints or revokes
/// anyone else's: another member's token, like another tenant's, is simply not found.
/// </summary>
public sealed class ApiTokenOperations(AppDbContext db, Access access, AuditLog audit, TimeProvider clock)
{
    /// <summary>Internal members have tokens of their own (vendor contacts use the portal only).</summary>
    public static readonly RolePermission Own = new("api-tokens.own", TenantRolesExtensions.Internal);

    public const int MaxActiveTokens = 20;
    public const int DefaultLifetimeDays = 90;
    public const int LatestExpiryDays = 365;

    /// <summary>
    /// The roles whose holders may mint read-and-write tokens: those the API's writes demand (<see cref="VendorRisk.Application.Vendors.VendorOperations.Manage"/>).
    /// Reviewers, committee members and auditors can write nothing through the API, so their tokens are read-only (issue 16, V11).
    /// </summary>
    public static TenantRoles WriteRoles => VendorRisk.Application.Vendors.VendorOperations.Manage.AnyOf;

    public const string ReadOnlyRolesMessage = "Your roles in this organisation allow reading only. Choose read only.";

    public async Task<Outcome<MintedApiToken>> MintAsync(ApiTokenRequest request, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Own) is { } forbidden) return forbidden;
        var userId = access.Tenant.UserId!.Value;
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var errors = new List<FieldError>();
        var name = request.Name?.Trim() ?? "";
        if (name.Length == 0) errors.Add(new(nameof(request.Name), "Name the token after what will use it, such as \"Nightly risk export\"."));
        else if (name.Length > PersonalAccessToken.NameMaxLength) errors.Add(new(nameof(request.Name), $"Use at most {PersonalAccessToken.NameMaxLength} characters."));
        if (!Enum.IsDefined(request.Scope)) errors.Add(new(nameof(request.Scope), "Choose read only or read and write."));
        else if (request.Scope == ApiTokenScope.ReadWrite && !access.Tenant.HasAnyRole(WriteRoles))
            errors.Add(new(nameof(request.Scope), ReadOnlyRolesMessage));
        if (request.ExpiresOn is null)
            errors.Add(new(nameof(request.ExpiresOn), $"Choose the last day the token works, no later than {today.AddDays(LatestExpiryDays):yyyy-MM-dd}."));
        else if (request.ExpiresOn is { } on && (on <= today || on > today.AddDays(LatestExpiryDays)))
            errors.Add(new(nameof(request.ExpiresOn), $"Choose a day after today and no later than {today.AddDays(LatestExpiryDays):yyyy-MM-dd}."));
        if (errors.Count > 0) return Fail.Invalid(errors);
        var active = await db.PersonalAccessTokens.CountAsync(t => t.UserId == userId && t.RevokedAt == null
            && t.ExpiresAt != null && t.ExpiresAt > now, cancellationToken);
        if (active >= MaxActiveTokens)
            return Fail.Invalid("", $"You already have {MaxActiveTokens} active tokens here. Revoke one you no longer use first.");

        var secret = ApiTokenSecrets.NewSecret();
        var expiresAt = new DateTimeOffset(request.ExpiresOn!.Value.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        PersonalAccessToken token;
        try
        {
            token = PersonalAccessToken.Create(userId, name, request.Scope, ApiTokenSecrets.Hash(secret),
                secret[..PersonalAccessToken.DisplayPrefixLength], now, expiresAt);
        }
        catch (DomainException e)
        {
            return Fail.Invalid("", e.Message);
        }
        db.PersonalAccessTokens.Add(token);
        audit.Record(AuditActions.ApiTokenCreated, nameof(PersonalAccessToken), token.Id,
            new { token.Name, scope = token.Scope.ToString(), token.ExpiresAt, token.DisplayPrefix });
        await db.SaveChangesAsync(cancellationToken);
        return new MintedApiToken(token.Id, token.Name, secret);
    }

    /// <summary>Revokes one of the member's own tokens: requests that use it are refused from now on. Its name, on success.</summary>
    public async Task<Outcome<string>> RevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await access.DemandAsync(Own) is { } forbidden) return forbidden;
        var userId = access.Tenant.UserId;
        var token = await db.PersonalAccessTokens.SingleOrDefaultAsync(t => t.Id == id && t.UserId == userId, cancellationToken);
        if (token is null) return Fail.NotFound("You have no such token here.");
        try
        {
            token.Revoke(clock.GetUtcNow());
        }
        catch (DomainException e)
        {
            return Fail.Conflict(e.Message);
        }
        audit.Record(AuditActions.ApiTokenRevoked, nameof(PersonalAccessToken), token.Id, new { token.Name, token.DisplayPrefix });
        await db.SaveChangesAsync(cancellationToken);
        return token.Name;
    }
}
