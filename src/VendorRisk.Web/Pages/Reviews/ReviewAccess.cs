using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Domain.Workflows;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Infrastructure.Workflows;

namespace VendorRisk.Web.Pages.Reviews;

/// <summary>
/// Who may act on a review task: the assignee, or (while unassigned) a member of the task's role pool, or after an
/// escalation a member of the escalation role; never the assessment's requester and never a vendor contact. Tasks of
/// another tenant are invisible (the query filter), so they answer 404 before this runs.
/// </summary>
public static class ReviewAccess
{
    public static TenantRoles RolesFor(string? role) => role switch
    {
        null => TenantRoles.None,
        WorkflowRoles.TenantAdmin => TenantRoles.TenantAdmin,
        WorkflowRoles.VendorManager => TenantRoles.VendorManager,
        WorkflowRoles.CommitteeMember => TenantRoles.CommitteeMember,
        _ => TenantRoles.Reviewer, // Reviewer and the specialisms (security, privacy, aiGovernance) until specialisms are a membership setting
    };

    public static bool MayDecide(TenantContext tenant, WorkflowTask task, Guid requesterUserId)
    {
        if (tenant.UserId is not { } me || me == requesterUserId || tenant.HasAnyRole(TenantRoles.VendorContact)) return false;
        if (task.Kind != WorkflowRunner.KindHumanTask) return false;
        if (task.AssigneeUserId == me) return true;
        if (task.AssigneeUserId is null && tenant.HasAnyRole(RolesFor(task.AssigneeRole))) return true;
        return task.EscalatedToRole is not null && tenant.HasAnyRole(RolesFor(task.EscalatedToRole));
    }

    public static bool MayVote(TenantContext tenant, WorkflowTask task, Guid requesterUserId) =>
        tenant.UserId is { } me && me != requesterUserId && task.Kind == WorkflowRunner.KindVote && tenant.HasAnyRole(TenantRoles.CommitteeMember);

    /// <summary>Residual risk from a likelihood x impact rating (1-5 each).</summary>
    public static string ResidualLevel(int likelihood, int impact) => (likelihood * impact) switch
    {
        <= 4 => "low",
        <= 9 => "medium",
        <= 16 => "high",
        _ => "critical",
    };
}
