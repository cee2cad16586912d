using Microsoft.AspNetCore.Authorization;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Web.Authorization;

/// <summary>
/// Policy names. Tenant policies check the roles of the membership resolved for this request, never a role
/// claim in the cookie, so a role change or a disabled membership applies to the very next request.
/// </summary>
public static class Policies
{
    /// <summary>Any internal member of the tenant, auditors included (vendor contacts excluded).</summary>
    public const string Internal = "tenant:internal";
    public const string TenantAdmin = "tenant:admin";
    public const string ManageVendors = "tenant:manage-vendors";
    public const string Review = "tenant:review";
    public const string Committee = "tenant:committee";
    public const string VendorContact = "tenant:vendor-contact";
    /// <summary>Reading the tenant's audit trail: tenant admins and auditors.</summary>
    public const string AuditRead = "tenant:audit-read";
    /// <summary>Platform operators (an Identity role, not a tenant role): job dashboard, outbox.</summary>
    public const string Operator = "platform:operator";

    public static void AddVendorRiskPolicies(this AuthorizationOptions options, string operatorRole)
    {
        options.AddPolicy(Internal, p => p.RequireAuthenticatedUser().AddRequirements(new TenantRoleRequirement(TenantRolesExtensions.Internal)));
        options.AddPolicy(TenantAdmin, p => p.RequireAuthenticatedUser().AddRequirements(new TenantRoleRequirement(TenantRoles.TenantAdmin)));
        options.AddPolicy(ManageVendors, p => p.RequireAuthenticatedUser().AddRequirements(new TenantRoleRequirement(TenantRoles.TenantAdmin | TenantRoles.VendorManager)));
        options.AddPolicy(Review, p => p.RequireAuthenticatedUser().AddRequirements(new TenantRoleRequirement(TenantRoles.Reviewer)));
        options.AddPolicy(Committee, p => p.RequireAuthenticatedUser().AddRequirements(new TenantRoleRequirement(TenantRoles.CommitteeMember)));
        options.AddPolicy(VendorContact, p => p.RequireAuthenticatedUser().AddRequirements(new TenantRoleRequirement(TenantRoles.VendorContact)));
        options.AddPolicy(AuditRead, p => p.RequireAuthenticatedUser().AddRequirements(new TenantRoleRequirement(TenantRoles.TenantAdmin | TenantRoles.Auditor)));
        options.AddPolicy(Operator, p => p.RequireAuthenticatedUser().RequireRole(operatorRole));
    }
}

/// <summary>The current membership holds at least one of <see cref="AnyOf"/>.</summary>
public sealed record TenantRoleRequirement(TenantRoles AnyOf) : IAuthorizationRequirement;

public sealed class TenantRoleHandler(TenantContext tenant) : AuthorizationHandler<TenantRoleRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, TenantRoleRequirement requirement)
    {
        if (tenant.IsSet && tenant.HasAnyRole(requirement.AnyOf)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Auditors read everything and change nothing: any non-GET request by a member who is only an auditor is
/// refused, whatever page it reaches. A safety net under the per-page policies.
/// </summary>
public sealed class ReadOnlyAuditorFilter(TenantContext tenant) : Microsoft.AspNetCore.Mvc.Filters.IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context,
        Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutionDelegate next)
    {
        var method = context.HttpContext.Request.Method;
        if (tenant.IsSet && tenant.Roles == TenantRoles.Auditor && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method)
            && context.HandlerMethod?.MethodInfo.IsDefined(typeof(AuditorMayPostAttribute), inherit: false) != true)
        {
            context.Result = new Microsoft.AspNetCore.Mvc.ForbidResult();
            return;
        }
        await next();
    }
}

/// <summary>
/// A POST handler an auditor may use although auditors change nothing: one that only takes data away (an export),
/// never one that changes the tenant's records.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AuditorMayPostAttribute : Attribute;
