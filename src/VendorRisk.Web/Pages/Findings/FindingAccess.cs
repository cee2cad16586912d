using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Reviews;
using VendorRisk.Domain.Tenancy;
using VendorRisk.Application.Assessments;
using VendorRisk.Infrastructure.Persistence;
using VendorRisk.Infrastructure.Tenancy;
using VendorRisk.Application.Reviews;
using VendorRisk.Web.Pages.Reviews;

namespace VendorRisk.Web.Pages.Findings;

/// <summary>The assessment a findings page works on, and what the signed-in member may do with its findings.</summary>
public sealed record FindingScope(Guid AssessmentId, string AssessmentTitle, Guid VendorId, string VendorName, Guid TemplateId, string ContentHash,
    bool MayAct, Guid? InstanceId);

/// <summary>
/// Who may read and change an assessment's findings. Reading: reviewers and auditors of the tenant. Changing: a reviewer
/// who may act on the assessment's review, that is who may decide one of its open review tasks (assignee, pool member
/// while unassigned, escalation role) or who decided one of them; never the assessment's requester and never a vendor
/// contact. Assessments of another tenant are invisible (the query filter), so they answer 404 before this runs.
/// </summary>
public static class FindingAccess
{
    public const TenantRoles Readers = TenantRoles.Reviewer | TenantRoles.Auditor;

    public static bool MayRead(TenantContext tenant) => tenant.HasAnyRole(Readers) && !tenant.HasAnyRole(TenantRoles.VendorContact);

    /// <summary>Null when the assessment does not exist in this tenant (404).</summary>
    public static async Task<FindingScope?> LoadAsync(AppDbContext db, TenantContext tenant, Guid assessmentId, CancellationToken cancellationToken)
    {
        var assessment = await db.Assessments.AsNoTracking().Where(a => a.Id == assessmentId)
            .Select(a => new { a.Id, a.Title, a.VendorId, a.RequestedByUserId, a.TemplateId, a.ContentHash, a.Status })
            .SingleOrDefaultAsync(cancellationToken);
        if (assessment is null || assessment.Status == AssessmentStatus.Draft) return null;
        var vendorName = await db.Vendors.AsNoTracking().Where(v => v.Id == assessment.VendorId).Select(v => v.LegalName).SingleAsync(cancellationToken);
        var (mayAct, instanceId) = await ActingInstanceAsync(db, tenant, assessment.Id, assessment.RequestedByUserId, cancellationToken);
        return new FindingScope(assessment.Id, assessment.Title, assessment.VendorId, vendorName, assessment.TemplateId, assessment.ContentHash,
            mayAct, instanceId);
    }

    private static async Task<(bool, Guid?)> ActingInstanceAsync(AppDbContext db, TenantContext tenant, Guid assessmentId, Guid requesterUserId,
        CancellationToken cancellationToken)
    {
        if (tenant.UserId is not { } me || me == requesterUserId || !tenant.HasAnyRole(TenantRoles.Reviewer) || tenant.HasAnyRole(TenantRoles.VendorContact))
            return (false, null);
        var requesters = await db.Set<WorkflowInstance>().AsNoTracking().Where(i => i.AssessmentId == assessmentId)
            .ToDictionaryAsync(i => i.Id, i => i.RequesterUserId, cancellationToken);
        if (requesters.Count == 0) return (false, null);
        var profile = await ReviewAccess.LoadProfileAsync(db, tenant, cancellationToken);
        var tasks = await db.Set<WorkflowTask>().AsNoTracking()
            .Where(t => t.AssessmentId == assessmentId && t.Kind == WorkflowRunner.KindHumanTask)
            .OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken);
        var open = tasks.FirstOrDefault(t => t.IsOpen && ReviewAccess.MayDecide(tenant, profile, t, requesters[t.InstanceId]));
        if (open is not null) return (true, open.InstanceId);
        var decided = tasks.FirstOrDefault(t => !t.IsOpen && t.DecidedByUserId == me && requesters[t.InstanceId] != me);
        return decided is not null ? (true, decided.InstanceId) : (false, null);
    }

    /// <summary>The questions of the assessment's pinned questionnaire (id, text), in questionnaire order.</summary>
    public static async Task<IReadOnlyList<(string Id, string Text)>> QuestionsAsync(AppDbContext db, TenantContext tenant, FindingScope scope,
        CancellationToken cancellationToken)
    {
        var (compiled, _) = await PinnedQuestionnaire.LoadAsync(db, tenant.TenantId!.Value, scope.TemplateId, scope.ContentHash, cancellationToken);
        return compiled is null ? [] : [.. compiled.Definition.AllItems().Where(i => i.Type != VendorRisk.Domain.Questionnaires.ItemType.Info).Select(i => (i.Id, i.Text))];
    }

    /// <summary>Internal members who can own a finding: everyone active in the tenant except auditors-only and vendor contacts.</summary>
    public static Task<List<Person>> OwnersAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        const TenantRoles owners = TenantRoles.TenantAdmin | TenantRoles.VendorManager | TenantRoles.Reviewer | TenantRoles.CommitteeMember;
        return db.Memberships.AsNoTracking()
            .Where(m => !m.IsDisabled && (m.Roles & owners) != 0 && (m.Roles & TenantRoles.VendorContact) == 0)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, Name = u.DisplayName != "" ? u.DisplayName : u.Email ?? "" })
            .OrderBy(p => p.Name)
            .Select(p => new Person(p.Id, p.Name))
            .ToListAsync(cancellationToken);
    }

    public sealed record Person(Guid Id, string Name);

    public static string SeverityLabel(VendorRisk.Domain.Questionnaires.FindingSeverity severity) => severity.ToString().ToLowerInvariant();

    public static string SeverityBadge(VendorRisk.Domain.Questionnaires.FindingSeverity severity) => severity switch
    {
        VendorRisk.Domain.Questionnaires.FindingSeverity.Critical => "text-bg-danger",
        VendorRisk.Domain.Questionnaires.FindingSeverity.High => "text-bg-warning",
        VendorRisk.Domain.Questionnaires.FindingSeverity.Medium => "text-bg-info",
        _ => "text-bg-secondary",
    };

    public static string StatusBadge(FindingStatus status) => status switch
    {
        FindingStatus.Open => "text-bg-primary",
        FindingStatus.RemediationProposed => "text-bg-warning",
        FindingStatus.Closed => "text-bg-success",
        _ => "text-bg-secondary",
    };
}
