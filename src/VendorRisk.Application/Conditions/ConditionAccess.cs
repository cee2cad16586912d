using Microsoft.AspNetCore.Authorization;
using VendorRisk.Application.Common;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Conditions;

/// <summary>Who may do what with a condition of approval (ADR-027).</summary>
public static class ConditionPermissions
{
    /// <summary>Every internal member reads the conditions (the risk profile, the vendor page, the condition itself).</summary>
    public static readonly RolePermission Read = new("conditions.read", TenantRolesExtensions.Internal);

    /// <summary>Closing a condition on its evidence, or sending the evidence back: tenant admins and the committee that set it.</summary>
    public static readonly RolePermission Verify = new("conditions.verify", TenantRoles.TenantAdmin | TenantRoles.CommitteeMember);

    /// <summary>Those who may submit an internal condition's closure on its owner's behalf.</summary>
    public const TenantRoles OnBehalfOfOwner = TenantRoles.TenantAdmin | TenantRoles.VendorManager;
}

/// <summary>
/// Submitting the evidence that a condition is met: for a vendor-owned condition, a contact of that vendor (in the portal); for an
/// internal one, its owner, or a tenant admin or vendor manager on the owner's behalf.
/// </summary>
public sealed record SubmitConditionClosure : IAuthorizationRequirement
{
    public static readonly SubmitConditionClosure Requirement = new();
}

public sealed class SubmitConditionClosureHandler(TenantContext tenant) : AuthorizationHandler<SubmitConditionClosure, DecisionCondition>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, SubmitConditionClosure requirement, DecisionCondition resource)
    {
        if (tenant is not { IsSet: true, UserId: { } me }) return Task.CompletedTask;
        var contact = tenant.HasAnyRole(TenantRoles.VendorContact);
        var allowed = resource.OwnedByVendor
            ? contact && tenant.VendorId == resource.VendorId
            : !contact && (resource.OwnerUserId == me || tenant.HasAnyRole(ConditionPermissions.OnBehalfOfOwner));
        if (allowed) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}
