using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using VendorRisk.Domain.Assessments;
using VendorRisk.Domain.Questionnaires.Evaluation;
using VendorRisk.Infrastructure.Persistence;

namespace VendorRisk.Application.Assessments;

/// <summary>
/// The compiled questionnaire an assessment is pinned to. Every reader of an assessment (internal page, vendor
/// portal, review workflow) goes through here, so the version is checked against the pinned content hash the same
/// way everywhere, and each published version is compiled once per process instead of on every request.
/// </summary>
public static class PinnedQuestionnaire
{
    // Published versions never change (their hash is part of the key), so a compiled one stays valid for good.
    private static readonly ConcurrentDictionary<(Guid TemplateId, string ContentHash), CompiledQuestionnaire> Compiled = new();

    /// <summary>The compiled questionnaire, or why there is none (missing, changed, or no longer compiling).</summary>
    public static async Task<(CompiledQuestionnaire? Questionnaire, string? Problem)> LoadAsync(
        AppDbContext db, Assessment assessment, CancellationToken cancellationToken = default) =>
        await LoadAsync(db, assessment.TenantId, assessment.TemplateId, assessment.ContentHash, cancellationToken);

    public static async Task<(CompiledQuestionnaire? Questionnaire, string? Problem)> LoadAsync(
        AppDbContext db, Guid tenantId, Guid templateId, string contentHash, CancellationToken cancellationToken = default)
    {
        if (Compiled.TryGetValue((templateId, contentHash), out var cached)) return (cached, null);
        // Read inside the tenant the scope entered (every reader, the vendor portal included, is in one); the tenant is matched too.
        var template = await db.QuestionnaireTemplates.AsNoTracking()
            .SingleOrDefaultAsync(t => t.Id == templateId && t.TenantId == tenantId, cancellationToken);
        if (template is null || template.ContentHash != contentHash)
            return (null, "The questionnaire version this assessment is pinned to is not available unchanged; answers cannot be scored.");
        var compiled = template.Definition().Compile();
        if (compiled.IsFailure)
            return (null, "The pinned questionnaire version does not compile: " + string.Join("; ", compiled.Errors));
        return (Compiled.GetOrAdd((templateId, contentHash), compiled.Value), null);
    }

    /// <summary>
    /// The compiled questionnaires of several assessments, by assessment id (missing: unavailable), reading the templates not compiled yet in
    /// one query.
    /// </summary>
    public static async Task<Dictionary<Guid, CompiledQuestionnaire>> LoadManyAsync(AppDbContext db, IReadOnlyCollection<Assessment> assessments,
        CancellationToken cancellationToken = default)
    {
        var missing = assessments.Where(a => !Compiled.ContainsKey((a.TemplateId, a.ContentHash))).Select(a => a.TemplateId).Distinct().ToList();
        if (missing.Count > 0)
        {
            var templates = await db.QuestionnaireTemplates.AsNoTracking().Where(t => missing.Contains(t.Id)).ToListAsync(cancellationToken);
            foreach (var template in templates)
            {
                if (template.ContentHash is not { } hash || Compiled.ContainsKey((template.Id, hash))
                    || !assessments.Any(a => a.TemplateId == template.Id && a.TenantId == template.TenantId && a.ContentHash == hash)) continue;
                var compiled = template.Definition().Compile();
                if (!compiled.IsFailure) Compiled.TryAdd((template.Id, hash), compiled.Value);
            }
        }
        var result = new Dictionary<Guid, CompiledQuestionnaire>();
        foreach (var assessment in assessments)
        {
            // Only the version the assessment is pinned to, in its own tenant, as LoadAsync checks.
            if (Compiled.TryGetValue((assessment.TemplateId, assessment.ContentHash), out var compiled)) result[assessment.Id] = compiled;
        }
        return result;
    }
}
