using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Common;

/// <summary>
/// A permission that depends only on the actor's roles in the tenant entered for this scope. <see cref="ForJobs"/>: a job (no person)
/// may do it too. Permissions that depend on the resource (who may decide a review task, answer an assessment) are requirements of
/// their own, with an <see cref="AuthorizationHandler{TRequirement, TResource}"/> per resource type in the area that owns it.
/// </summary>
public sealed record RolePermission(string Name, TenantRoles AnyOf, bool ForJobs = false) : IAuthorizationRequirement;

public sealed class RolePermissionHandler(TenantContext tenant) : AuthorizationHandler<RolePermission>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RolePermission requirement)
    {
        if (tenant.IsSet && (tenant.HasAnyRole(requirement.AnyOf) || (requirement.ForJobs && tenant.IsSystem))) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Asks ASP.NET Core's authorisation service whether whoever acts in this scope (the member the tenant door let in, or a job)
/// holds a permission, on a resource where the permission needs one. Every operation starts here.
/// </summary>
public sealed class Access(IAuthorizationService authorization, TenantContext tenant)
{
    private ClaimsPrincipal? _actor;

    /// <summary>The actor as a principal for the handlers; they read the tenant context, which the tenant door set.</summary>
    private ClaimsPrincipal Actor => _actor ??= new ClaimsPrincipal(new ClaimsIdentity(
        tenant.UserId is { } userId ? [new Claim(ClaimTypes.NameIdentifier, userId.ToString())] : [new Claim(ClaimTypes.Name, "system")],
        authenticationType: "tenant"));

    public TenantContext Tenant => tenant;

    public async Task<bool> AllowsAsync(IAuthorizationRequirement permission, object? resource = null) =>
        tenant.IsSet && (await authorization.AuthorizeAsync(Actor, resource, permission)).Succeeded;

    /// <summary>Null when allowed; otherwise the failure to return (Forbidden with <paramref name="message"/>).</summary>
    public async Task<Failure?> DemandAsync(IAuthorizationRequirement permission, object? resource = null, string? message = null) =>
        await AllowsAsync(permission, resource) ? null : message is null ? Fail.Forbidden() : Fail.Forbidden(message);
}
