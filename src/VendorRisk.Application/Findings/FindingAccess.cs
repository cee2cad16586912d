using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Application.Reviews;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;

namespace VendorRisk.Application.Findings;

/// <summary>The assessment a findings page works on, and what the member may do with its findings.</summary>
/// <param name="InstanceId">The review a new finding belongs to: the one the member acts on; null when the member may not act.</param>
public sealed record FindingScope(Guid AssessmentId, string AssessmentTitle, Guid VendorId, string VendorName, Guid TemplateId, string ContentHash,
    Guid RequesterUserId, Guid? InstanceId)
{
    public bool MayAct => InstanceId is not null;
}

/// <summary>Reading an assessment's findings: reviewers, committee members (who vote on them and accept critical risks) and auditors of the tenant, never a vendor contact.</summary>
public sealed record ReadFindings : IAuthorizationRequirement
{
    public static readonly ReadFindings Requirement = new();

    public const TenantRoles Readers = TenantRoles.Reviewer | TenantRoles.CommitteeMember | TenantRoles.Auditor;

    /// <summary>Whether the member may read findings (for pages that only decide whether to show a link).</summary>
    public static bool Allows(TenantContext tenant) => tenant.HasAnyRole(Readers) && !tenant.HasAnyRole(TenantRoles.VendorContact);
}

public sealed class ReadFindingsHandler(TenantContext tenant) : AuthorizationHandler<ReadFindings>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReadFindings requirement)
    {
        if (ReadFindings.Allows(tenant)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Raising and changing an assessment's findings: a reviewer who may act on the assessment's review, that is who may decide
/// one of its open review tasks (assignee, pool member while unassigned, escalation role) or who decided one of them; never
/// the assessment's requester and never a vendor contact. Assessments of another tenant are invisible (the query filter), so
/// they are not found before this runs.
/// </summary>
public sealed record ActOnFindings : IAuthorizationRequirement
{
    public static readonly ActOnFindings Requirement = new();
}

public sealed class ActOnFindingsHandler(FindingScopes scopes) : AuthorizationHandler<ActOnFindings, FindingScope>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, ActOnFindings requirement, FindingScope resource)
    {
        if (await scopes.ActingInstanceAsync(resource.AssessmentId, resource.RequesterUserId, CancellationToken.None) is not null)
            context.Succeed(requirement);
    }
}

/// <summary>Loads a <see cref="FindingScope"/>: the assessment and the review the member acts on (see <see cref="ActOnFindings"/>).</summary>
public sealed class FindingScopes(AppDbContext db, TenantContext tenant, ReviewerProfiles profiles)
{
    /// <summary>Null when the assessment does not exist in this tenant or is a draft (not found).</summary>
    public async Task<FindingScope?> LoadAsync(Guid assessmentId, CancellationToken cancellationToken)
    {
        var assessment = await db.Assessments.AsNoTracking().Where(a => a.Id == assessmentId)
            .Select(a => new { a.Id, a.Title, a.VendorId, a.RequestedByUserId, a.TemplateId, a.ContentHash, a.Status })
            .SingleOrDefaultAsync(cancellationToken);
        if (assessment is null || assessment.Status == Domain.Assessments.AssessmentStatus.Draft) return null;
        var vendorName = await db.Vendors.AsNoTracking().Where(v => v.Id == assessment.VendorId).Select(v => v.LegalName).SingleAsync(cancellationToken);
        var instanceId = await ActingInstanceAsync(assessment.Id, assessment.RequestedByUserId, cancellationToken);
        return new FindingScope(assessment.Id, assessment.Title, assessment.VendorId, vendorName, assessment.TemplateId, assessment.ContentHash,
            assessment.RequestedByUserId, instanceId);
    }

    private readonly Dictionary<(Guid Assessment, Guid? Member), Guid?> _acting = [];

    /// <summary>The review of the assessment the member acts on (see <see cref="ActOnFindings"/>); null when none. Read once per scope and assessment.</summary>
    public async Task<Guid?> ActingInstanceAsync(Guid assessmentId, Guid requesterUserId, CancellationToken cancellationToken)
    {
        if (_acting.TryGetValue((assessmentId, tenant.UserId), out var known)) return known;
        return _acting[(assessmentId, tenant.UserId)] = await FindActingInstanceAsync(assessmentId, requesterUserId, cancellationToken);
    }

    private async Task<Guid?> FindActingInstanceAsync(Guid assessmentId, Guid requesterUserId, CancellationToken cancellationToken)
    {
        if (tenant.UserId is not { } me || me == requesterUserId || !tenant.HasAnyRole(TenantRoles.Reviewer) || tenant.HasAnyRole(TenantRoles.VendorContact))
            return null;
        var requesters = await db.Set<WorkflowInstance>().AsNoTracking().Where(i => i.AssessmentId == assessmentId)
            .ToDictionaryAsync(i => i.Id, i => i.RequesterUserId, cancellationToken);
        if (requesters.Count == 0) return null;
        var profile = await profiles.CurrentAsync(cancellationToken);
        var tasks = await db.Set<WorkflowTask>().AsNoTracking()
            .Where(t => t.AssessmentId == assessmentId && t.Kind == WorkflowRunner.KindHumanTask)
            .OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken);
        var open = tasks.FirstOrDefault(t => t.IsOpen && ReviewTaskRules.MayDecide(tenant, profile, t, requesters[t.InstanceId]));
        if (open is not null) return open.InstanceId;
        var decided = tasks.FirstOrDefault(t => !t.IsOpen && t.DecidedByUserId == me && requesters[t.InstanceId] != me);
        return decided?.InstanceId;
    }
}
