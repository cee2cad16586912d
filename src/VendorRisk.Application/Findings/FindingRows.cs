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
    /// <summary>Internal members who can own a finding: everyone active in the tenant except auditors-only and vendor contacts (<see cref="Conditions.ConditionOwners"/>).</summary>
    public static async Task<List<FindingOwner>> OwnersAsync(AppDbContext db, CancellationToken cancellationToken) =>
        [.. (await Conditions.ConditionOwners.CandidatesAsync(db, cancellationToken)).Select(o => new FindingOwner(o.Id, o.Name))];

    /// <summary>The questions of the assessment's pinned questionnaire (id, text), in questionnaire order.</summary>
    public static async Task<IReadOnlyList<(string Id, string Text)>> QuestionsAsync(AppDbContext db, Guid tenantId, FindingScope scope,
        CancellationToken cancellationToken)
    {
        var (compiled, _) = await Assessments.PinnedQuestionnaire.LoadAsync(db, tenantId, scope.TemplateId, scope.ContentHash, cancellationToken);
        return compiled is null ? [] : [.. compiled.Definition.AllItems().Where(i => i.Type != ItemType.Info).Select(i => (i.Id, i.Text))];
    }
}
