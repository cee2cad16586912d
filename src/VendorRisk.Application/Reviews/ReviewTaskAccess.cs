using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Workflows;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Reviews;

/// <summary>
/// The current member's reviewer specialisms, and the specialisms some active Reviewer of the tenant holds (a pool task
/// for a specialism nobody holds is open to every Reviewer, as the assignment falls back; see ADR-010).
/// </summary>
public sealed record ReviewerProfile(ReviewerSpecialisms Mine, ReviewerSpecialisms HeldInTenant)
{
    public static readonly ReviewerProfile None = new(ReviewerSpecialisms.None, ReviewerSpecialisms.None);
}

/// <summary>The member's <see cref="ReviewerProfile"/>, read once per scope (two small queries).</summary>
public sealed class ReviewerProfiles(AppDbContext db, TenantContext tenant)
{
    private (Guid? MembershipId, ReviewerProfile Profile)? _current;

    public async Task<ReviewerProfile> CurrentAsync(CancellationToken cancellationToken)
    {
        // Keyed by the membership: a scope that enters the tenant after a first read (or as someone else) reads again.
        if (_current is { } known && known.MembershipId == tenant.MembershipId) return known.Profile;
        var profile = await ReadAsync(cancellationToken);
        _current = (tenant.MembershipId, profile);
        return profile;
    }

    private async Task<ReviewerProfile> ReadAsync(CancellationToken cancellationToken)
    {
        if (tenant.MembershipId is not { } membershipId) return ReviewerProfile.None;
        var mine = await db.Memberships.Where(m => m.Id == membershipId).Select(m => m.Specialisms).SingleOrDefaultAsync(cancellationToken);
        var held = (await db.Memberships.Where(m => !m.IsDisabled && ((int)m.Roles & (int)TenantRoles.Reviewer) != 0 && m.Specialisms != ReviewerSpecialisms.None)
                .Select(m => m.Specialisms).Distinct().ToListAsync(cancellationToken))
            .Aggregate(ReviewerSpecialisms.None, (all, s) => all | s);
        return new ReviewerProfile(mine, held);
    }
}

/// <summary>
/// Who may act on a review task: the assignee, or (while unassigned) a member of the task's role pool (for a
/// specialism: a Reviewer holding it), or after an escalation a member of the escalation role; never the assessment's
/// requester and never a vendor contact. Tasks of another tenant are invisible (the query filter), so they are not found
/// before these rules run.
/// </summary>
public static class ReviewTaskRules
{
    public static TenantRoles RolesFor(string? role) => role switch
    {
        null => TenantRoles.None,
        WorkflowRoles.TenantAdmin => TenantRoles.TenantAdmin,
        WorkflowRoles.VendorManager => TenantRoles.VendorManager,
        WorkflowRoles.CommitteeMember => TenantRoles.CommitteeMember,
        _ => TenantRoles.Reviewer, // Reviewer and the specialisms (security, privacy, aiGovernance)
    };

    /// <summary>Whether the member belongs to a workflow role's pool (for a specialism: Reviewer and the specialism, or any Reviewer when nobody holds it).</summary>
    public static bool InPool(TenantContext tenant, ReviewerProfile profile, string? role)
    {
        if (!tenant.HasAnyRole(RolesFor(role))) return false;
        var specialism = ReviewerSpecialismsExtensions.FromWorkflowRole(role);
        return specialism == ReviewerSpecialisms.None || profile.Mine.HasFlag(specialism) || !profile.HeldInTenant.HasFlag(specialism);
    }

    public static bool MayDecide(TenantContext tenant, ReviewerProfile profile, WorkflowTask task, Guid requesterUserId)
    {
        if (tenant.UserId is not { } me || me == requesterUserId || tenant.HasAnyRole(TenantRoles.VendorContact)) return false;
        if (task.Kind != WorkflowRunner.KindHumanTask) return false;
        if (task.AssigneeUserId == me) return true;
        if (task.AssigneeUserId is null && InPool(tenant, profile, task.AssigneeRole)) return true;
        return task.EscalatedToRole is not null && InPool(tenant, profile, task.EscalatedToRole);
    }

    /// <summary>
    /// Who may extend an open task's deadline: whoever may decide it, and members of the SLA's escalation role (who
    /// would receive it on escalation); never the requester or a vendor contact.
    /// </summary>
    public static bool MayExtend(TenantContext tenant, ReviewerProfile profile, WorkflowTask task, Guid requesterUserId, SlaPolicy? sla)
    {
        if (tenant.UserId is not { } me || me == requesterUserId || tenant.HasAnyRole(TenantRoles.VendorContact)) return false;
        if (task.Kind != WorkflowRunner.KindHumanTask) return false;
        return MayDecide(tenant, profile, task, requesterUserId) || (sla is not null && InPool(tenant, profile, sla.EscalateToRole));
    }

    public static bool MayVote(TenantContext tenant, WorkflowTask task, Guid requesterUserId) =>
        tenant.UserId is { } me && me != requesterUserId && task.Kind == WorkflowRunner.KindVote && tenant.HasAnyRole(TenantRoles.CommitteeMember);
}

/// <summary>A review task with what its rules depend on: the review's requester and the task's deadline policy.</summary>
public sealed record ReviewTaskResource(WorkflowTask Task, Guid RequesterUserId, SlaPolicy? Sla);

/// <summary>What a member may do to one review task (see <see cref="ReviewTaskRules"/>).</summary>
public sealed record ReviewTaskAction(string Name) : IAuthorizationRequirement
{
    public static readonly ReviewTaskAction Decide = new("decide");
    public static readonly ReviewTaskAction Extend = new("extend");
    public static readonly ReviewTaskAction Vote = new("vote");
}

public sealed class ReviewTaskHandler(ReviewerProfiles profiles, TenantContext tenant) : AuthorizationHandler<ReviewTaskAction, ReviewTaskResource>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ReviewTaskAction requirement, ReviewTaskResource resource)
    {
        var allowed = requirement.Name switch
        {
            "decide" => ReviewTaskRules.MayDecide(tenant, await profiles.CurrentAsync(CancellationToken.None), resource.Task, resource.RequesterUserId),
            "extend" => ReviewTaskRules.MayExtend(tenant, await profiles.CurrentAsync(CancellationToken.None), resource.Task, resource.RequesterUserId, resource.Sla),
            "vote" => ReviewTaskRules.MayVote(tenant, resource.Task, resource.RequesterUserId),
            _ => false,
        };
        if (allowed) context.Succeed(requirement);
    }
}
