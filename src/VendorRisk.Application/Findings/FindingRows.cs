using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Findings;
using VendorRisk.Domain.Questionnaires;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Findings;

/// <summary>An internal member who can own a finding.</summary>
public sealed record FindingOwner(Guid Id, string Name);

/// <summary>The reads the finding queries and the review task share (callers demand their own permission first).</summary>
public static class FindingRows
{
    /// <summary>Internal members who can own a finding: everyone active in the tenant except auditors-only and vendor contacts.</summary>
    public static Task<List<FindingOwner>> OwnersAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        const Domain.Tenancy.TenantRoles owners = Domain.Tenancy.TenantRoles.TenantAdmin | Domain.Tenancy.TenantRoles.VendorManager
            | Domain.Tenancy.TenantRoles.Reviewer | Domain.Tenancy.TenantRoles.CommitteeMember;
        return db.Memberships.AsNoTracking()
            .Where(m => !m.IsDisabled && (m.Roles & owners) != 0 && (m.Roles & Domain.Tenancy.TenantRoles.VendorContact) == 0)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.Id, Name = u.DisplayName != "" ? u.DisplayName : u.Email ?? "" })
            .OrderBy(p => p.Name)
            .Select(p => new FindingOwner(p.Id, p.Name))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The questions of the assessment's pinned questionnaire (id, text), in questionnaire order.</summary>
    public static async Task<IReadOnlyList<(string Id, string Text)>> QuestionsAsync(AppDbContext db, Guid tenantId, FindingScope scope,
        CancellationToken cancellationToken)
    {
        var (compiled, _) = await Assessments.PinnedQuestionnaire.LoadAsync(db, tenantId, scope.TemplateId, scope.ContentHash, cancellationToken);
        return compiled is null ? [] : [.. compiled.Definition.AllItems().Where(i => i.Type != ItemType.Info).Select(i => (i.Id, i.Text))];
    }
}
